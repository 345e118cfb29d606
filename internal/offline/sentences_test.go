package offline

import (
	"strings"
	"testing"
)

// sentencesOf returns the text of each sentence of text.
func sentencesOf(text string) []string {
	paras := splitParagraphs(text)
	toks := tokenize(text, paras, findQuotes(text, paras))
	var out []string
	for _, s := range splitSentences(text, toks) {
		out = append(out, text[toks[s.start].start:toks[s.end-1].end])
	}
	return out
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"abbreviations do not end a sentence", "Dr. Lena Okafor met Sgt. Tom Reid on Elm St. in the morning. They spoke briefly.",
			[]string{"Dr. Lena Okafor met Sgt. Tom Reid on Elm St. in the morning.", "They spoke briefly."}},
		{"question and exclamation marks", "Is it safe? Nobody knows! The test resumes Monday.",
			[]string{"Is it safe?", "Nobody knows!", "The test resumes Monday."}},
		{"paragraphs end sentences", "No full stop here\n\nA new paragraph.",
			[]string{"No full stop here", "A new paragraph."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := sentencesOf(tc.text)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}
