package textconv

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark"
)

// viaHTML is how FromMarkdown used to work, and the behaviour it keeps:
// render the Markdown to HTML with goldmark's defaults, then read the HTML
// back with FromHTML.
func viaHTML(t testing.TB, md []byte) Document {
	t.Helper()
	var buf bytes.Buffer
	if err := goldmark.New().Convert(md, &buf); err != nil {
		t.Fatalf("render %q: %v", md, err)
	}
	doc, err := FromHTML(buf.Bytes())
	if err != nil {
		t.Fatalf("read back %q: %v", md, err)
	}
	return doc
}

// sameAsHTML fails the test when FromMarkdown and viaHTML disagree on md.
func sameAsHTML(t testing.TB, name string, md []byte) {
	t.Helper()
	if !utf8.Valid(md) || bytes.IndexByte(md, 0) >= 0 {
		return // Convert refuses such input before converting it
	}
	got, err := FromMarkdown(md)
	if err != nil {
		t.Fatalf("%s: FromMarkdown(%q): %v", name, md, err)
	}
	want := viaHTML(t, md)
	if got.Text != want.Text || got.Title != want.Title {
		t.Errorf("%s: FromMarkdown(%q)\n text %q title %q\nwant text %q title %q", name, md, got.Text, got.Title, want.Text, want.Title)
	}
}

// markdownCases cover what the conversion must get right beyond the
// specification's examples: entities and escapes in text but not in code,
// line breaks, omitted HTML inside tight lists, titles.
var markdownCases = []string{
	"# Council votes\n\n“We *will* build it,” said [Mayor Lee](https://example.com).\n\n- first\n- second\n",
	"Ana&nbsp;Silva said &quot;yes&quot; &amp; left &copy; &#169; &#xA9; &#0; &#x110000; &bogus; &amp\n",
	"\\*not emphasis\\* \\& \\\\ \\a `&amp; \\* <b>` ``a\nb``\n",
	"line one  \nline two\\\nline three\nline four\n",
	"- a\n  <div>x</div>\n  b\n- c\n\n  d\n",
	"- <!-- c -->\n  text\n- two\n  # heading\n",
	"#\n\n# \n\nSetext *one*\n===\n\n# Second\n",
	"Title  \nwith break\n===\n\nbody\n",
	"![alt *text*](img.png \"t\") <http://example.com/?a&b> <me@example.com> [x][ref]\n\n[ref]: /url \"title\"\n",
	"```go\nfmt.Println(\"&amp; <x>\")\n```\n\n    indented  code\n    more\n\n---\n\n> quote\n> > nested\n",
	"<script>alert(1)</script>\n\ntext <span>inline</span> html\n\n<div>\nblock\n</div>\n",
	"1. one\n2. two\n   * nested\n\n7) seven\n",
	"text\r\nwith CRLF\r\n\r\nnext\r\n",
	"tab\tand\u00a0nbsp \u00a0 twice\u00a0\u00a0x\n",
	"<!-- comment -->\n",
}

func TestMarkdownMatchesHTMLRendering(t *testing.T) {
	for i, md := range markdownCases {
		sameAsHTML(t, "case "+strconv.Itoa(i), []byte(md))
	}
	// The CommonMark specification's examples, as goldmark ships them.
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yuin/goldmark").Output()
	if err != nil {
		t.Fatalf("locate goldmark: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "_test", "spec.json"))
	if err != nil {
		t.Fatalf("read the CommonMark examples: %v", err)
	}
	var examples []struct {
		Markdown string `json:"markdown"`
		Example  int    `json:"example"`
	}
	if err := json.Unmarshal(data, &examples); err != nil {
		t.Fatalf("parse the CommonMark examples: %v", err)
	}
	if len(examples) < 600 {
		t.Fatalf("only %d CommonMark examples", len(examples))
	}
	for _, ex := range examples {
		sameAsHTML(t, "example "+strconv.Itoa(ex.Example), []byte(ex.Markdown))
	}
}

func FuzzMarkdownMatchesHTMLRendering(f *testing.F) {
	for _, md := range markdownCases {
		f.Add(md)
	}
	f.Fuzz(func(t *testing.T, md string) {
		sameAsHTML(t, "fuzz", []byte(md))
	})
}

// TestNoGoldmarkRootPackage keeps goldmark's HTML renderer out of the
// functions' binaries: the root package's defaultMarkdown variable links it
// into every binary that imports the package.
func TestNoGoldmarkRootPackage(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "github.com/yuin/goldmark" {
			t.Errorf("internal/textconv depends on %s", dep)
		}
	}
}
