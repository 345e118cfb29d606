package offline

import (
	"context"
	"testing"
	"unicode/utf8"

	"github.com/whosaid/whosaid/internal/article"
)

// FuzzExtract: on any UTF-8 text the offline extractor returns, without
// panicking, a summary whose every quotation is the exact bytes between its
// offsets and whose speakers all exist (article.Summary.Validate).
// `go test` runs the seeds; `go test -fuzz FuzzExtract ./internal/offline`
// searches further.
func FuzzExtract(f *testing.F) {
	for _, seed := range []string{
		"",
		"“The bridge opens on Friday,” said Mayor Ana Silva.",
		"Ana Silva said the bridge would open. “It took ten years,” she said.\n\n“Worth it,” Silva added.",
		"\"Unclosed quote, said nobody.",
		"«Les travaux avancent», a déclaré la maire.",
		"“Mismatched\" marks’ everywhere,” he said “",
		"According to police, the road is closed.\n\n\n\nThe commission said that it would review the plan.",
		"Dr. O’Neil, a surgeon at the clinic, told reporters: “We are ready.”",
		"“A\u200bzero\u200cwidth\u200d quote,” she said.",
		"“”“”“”",
		"said said said “ ” ”",
	} {
		f.Add(seed)
	}
	x := New(DefaultConfig())
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			t.Skip()
		}
		s, err := x.Extract(context.Background(), article.Article{Source: "fuzz", ID: "1", Revision: article.Revision(text), Text: text})
		if err != nil {
			return
		}
		if err := s.Validate(text); err != nil {
			t.Fatalf("invalid summary for %q: %v", text, err)
		}
	})
}
