package offline

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/evaltest"
)

// updateIdentical rewrites testdata/identical.sha256 from the current
// extractor's output. Run it when a rule change is meant to change output:
//
//	go test ./internal/offline -run TestOutputIdentical -update
//
// and commit the new digests with the rule change. It needs the evaluation
// data (../shared/eval), so the dev digests are never dropped by accident.
var updateIdentical = flag.Bool("update", false, "rewrite testdata/identical.sha256 from the current output")

const identicalFile = "testdata/identical.sha256"

// identicalSize is the size of each generated input in the identity test.
const identicalSize = 24 << 10

// identicalCase is one input whose output digest is recorded.
type identicalCase struct {
	label string
	text  string
}

// identicalCases returns the inputs: the generated ones always, the seed and
// every dev article when the evaluation data is present (eval reports
// whether it was). Dev articles are labelled by position and a digest of
// their text, never by anything from the data itself.
func identicalCases(t *testing.T) (cases []identicalCase, eval bool) {
	t.Helper()
	for _, g := range generators {
		cases = append(cases, identicalCase{"gen/" + g.name, g.gen(identicalSize)})
	}
	t.Run("eval-data", func(t *testing.T) {
		seed, err := os.ReadFile(evaltest.File(t, "seed-article.txt"))
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, identicalCase{"seed", string(seed)})
		for i, g := range devSet(t) {
			sum := sha256.Sum256([]byte(g.Text))
			cases = append(cases, identicalCase{fmt.Sprintf("dev/%02d/%s", i, hex.EncodeToString(sum[:6])), g.Text})
		}
		eval = true
	})
	return cases, eval
}

// outputDigest returns the SHA-256 of the extractor's JSON output for text.
func outputDigest(t *testing.T, label, text string) string {
	t.Helper()
	s, err := New(DefaultConfig()).Extract(context.Background(), article.Article{Source: "identical", ID: label, Text: text})
	if err != nil {
		t.Fatalf("%s: Extract: %v", label, err)
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatalf("%s: marshal: %v", label, err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// readDigests reads "digest  label" lines.
func readDigests(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(identicalFile)
	if err != nil {
		t.Fatalf("read digests (run with -update to create them): %v", err)
	}
	defer f.Close()
	want := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		d, label, ok := strings.Cut(line, "  ")
		if !ok || len(d) != 64 {
			t.Fatalf("%s: malformed line %q", identicalFile, line)
		}
		want[label] = d
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return want
}

// TestOutputIdentical checks that the extractor's output is byte for byte
// what the recorded digests say, on every dev article, the seed and the
// generated inputs: speed work must not change a single result.
//
// It extracts everything twice: as shipped, where small articles are not
// indexed, and with the indexes built from the first entity on; both must
// give the recorded output (and, under verifyIndexes, every indexed lookup
// agrees with its scan).
func TestOutputIdentical(t *testing.T) {
	cases, eval := identicalCases(t)
	got := make([]string, len(cases))
	for i, c := range cases {
		got[i] = outputDigest(t, c.label, c.text)
	}
	func() {
		defer func(n int) { indexThreshold = n }(indexThreshold)
		indexThreshold = 0
		for i, c := range cases {
			if d := outputDigest(t, c.label, c.text); d != got[i] {
				t.Errorf("%s: output differs when every entity is indexed", c.label)
			}
		}
	}()
	if *updateIdentical {
		if !eval {
			t.Fatal("-update needs the evaluation data, or the dev digests would be lost")
		}
		var b strings.Builder
		b.WriteString("# SHA-256 of the offline extractor's JSON output per input; rewrite with -update.\n")
		for i, c := range cases {
			fmt.Fprintf(&b, "%s  %s\n", got[i], c.label)
		}
		if err := os.MkdirAll(filepath.Dir(identicalFile), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(identicalFile, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d digests to %s", len(cases), identicalFile)
		return
	}
	want := readDigests(t)
	seen := map[string]bool{}
	for i, c := range cases {
		seen[c.label] = true
		w, ok := want[c.label]
		switch {
		case !ok:
			t.Errorf("%s: no recorded digest (input set changed? run with -update)", c.label)
		case w != got[i]:
			t.Errorf("%s: output changed: digest %s, recorded %s", c.label, got[i][:12], w[:12])
		}
	}
	if eval {
		for label := range want {
			if !seen[label] {
				t.Errorf("%s: recorded but no longer an input (dev set changed? run with -update)", label)
			}
		}
	}
}

// TestConcurrentOutputIdentical extracts the same inputs from several
// goroutines at once, as a Lambda or the CLI may: the pooled storage must
// never be shared between two extractions, so every output digest equals
// the one extracted alone. Run it with -race as well.
func TestConcurrentOutputIdentical(t *testing.T) {
	cases, _ := identicalCases(t)
	want := make([]string, len(cases))
	for i, c := range cases {
		want[i] = outputDigest(t, c.label, c.text)
	}
	const workers = 4
	errs := make(chan string, workers*len(cases))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range cases {
				i := (k + w*len(cases)/workers) % len(cases) // different orders
				s, err := New(DefaultConfig()).Extract(context.Background(), article.Article{Source: "identical", ID: cases[i].label, Text: cases[i].text})
				if err != nil {
					errs <- cases[i].label + ": " + err.Error()
					continue
				}
				b, _ := json.Marshal(s)
				if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != want[i] {
					errs <- cases[i].label + ": output differs when extracted concurrently"
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestOutputSurvivesReuse keeps every summary while the later extractions
// reuse the pooled storage, then checks each against its digest: nothing a
// summary holds may point into storage a later extraction overwrites.
func TestOutputSurvivesReuse(t *testing.T) {
	cases, _ := identicalCases(t)
	x := New(DefaultConfig())
	kept := make([]article.Summary, len(cases))
	for i, c := range cases {
		s, err := x.Extract(context.Background(), article.Article{Source: "identical", ID: c.label, Text: c.text})
		if err != nil {
			t.Fatalf("%s: %v", c.label, err)
		}
		kept[i] = s
	}
	for i, c := range cases {
		b, _ := json.Marshal(kept[i])
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != outputDigest(t, c.label, c.text) {
			t.Errorf("%s: the summary changed while later articles were extracted", c.label)
		}
	}
}
