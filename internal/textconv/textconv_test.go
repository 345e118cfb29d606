package textconv

import (
	"errors"
	"strings"
	"testing"
)

func TestConvertHTML(t *testing.T) {
	in := `<!doctype html><html><head><title>Bridge reopens</title><style>p{color:red}</style></head>
<body><nav><a href="/">Home</a></nav><article><h1>Bridge reopens</h1>
<p>“We are   relieved,” said <b>Ana&nbsp;Silva</b>.</p>
<figure><img src="x.jpg"><figcaption>Ana Silva at the bridge.</figcaption></figure>
<script>var quote = "not text";</script>
<p>Traffic resumed at&#160;noon.<br>More to come.</p><ul><li>One</li><li>Two</li></ul></article></body></html>`
	doc, err := Convert("page.html", []byte(in), FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	want := "Bridge reopens\n\n“We are relieved,” said Ana Silva.\n\nTraffic resumed at noon.\nMore to come.\n\nOne\n\nTwo"
	if doc.Text != want {
		t.Errorf("text =\n%q\nwant\n%q", doc.Text, want)
	}
	if doc.Title != "Bridge reopens" || doc.Format != FormatHTML {
		t.Errorf("title %q format %q", doc.Title, doc.Format)
	}
}

func TestConvertMarkdown(t *testing.T) {
	in := "# Council votes\n\n“We *will* build it,” said [Mayor Lee](https://example.com).\n\n- first\n- second\n"
	doc, err := Convert("story.md", []byte(in), FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	want := "Council votes\n\n“We will build it,” said Mayor Lee.\n\nfirst\n\nsecond"
	if doc.Text != want {
		t.Errorf("text = %q, want %q", doc.Text, want)
	}
	if doc.Title != "Council votes" {
		t.Errorf("title = %q", doc.Title)
	}
}

func TestPlainTextIsUnchanged(t *testing.T) {
	in := "  First line.\r\n\r\n“Quote,” she said.  \n"
	doc, err := Convert("a.txt", []byte(in), FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Text != in {
		t.Errorf("plain text changed: %q", doc.Text)
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, data string
		want       Format
	}{
		{"x.html", "hello", FormatHTML},
		{"x.MD", "hello", FormatMarkdown},
		{"x.txt", "<p>hi</p>", FormatText},
		{"-", "<p>Hello</p>", FormatHTML},
		{"-", "<!DOCTYPE html><html></html>", FormatHTML},
		{"-", "# Heading\n\nBody", FormatMarkdown},
		{"-", "See [this](https://example.com).", FormatMarkdown},
		{"-", "He said 3 < 4 and 5 > 2.", FormatText},
	}
	for _, tt := range tests {
		if got := Detect(tt.name, []byte(tt.data)); got != tt.want {
			t.Errorf("Detect(%q, %q) = %q, want %q", tt.name, tt.data, got, tt.want)
		}
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		f    Format
		want error
	}{
		{"empty", nil, FormatAuto, ErrEmpty},
		{"blank", []byte(" \n\t\n"), FormatAuto, ErrEmpty},
		{"latin-1", []byte("caf\xe9"), FormatAuto, ErrBinary},
		{"nul", []byte("ab\x00cd"), FormatAuto, ErrBinary},
		{"html without text", []byte("<html><script>x()</script></html>"), FormatHTML, ErrEmpty},
	}
	for _, tt := range tests {
		if _, err := Convert("x", tt.data, tt.f); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"": FormatAuto, "HTML": FormatHTML, "md": FormatMarkdown, "txt": FormatText} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("pdf"); err == nil || !strings.Contains(err.Error(), "pdf") {
		t.Errorf("ParseFormat(pdf) err = %v", err)
	}
}

func FuzzConvert(f *testing.F) {
	f.Add([]byte("<p>“Hi,” she said.</p>"), uint8(0))
	f.Add([]byte("# T\n\n*x* [a](b)"), uint8(1))
	f.Add([]byte("<div><p>a<br>b</div></p><table><tr><td>1</td></tr>"), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		f := []Format{FormatHTML, FormatMarkdown, FormatText, FormatAuto}[which%4]
		doc, err := Convert("x", data, f)
		if err == nil && strings.TrimSpace(doc.Text) == "" {
			t.Fatalf("no error but empty text for %q", data)
		}
	})
}
