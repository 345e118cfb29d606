package offline

import "testing"

func spanTexts(text string, spans []span) []string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = text[s.start:s.end]
	}
	return out
}

func TestSplitParagraphs(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"blank lines separate, lines join", "  First line.\nSame paragraph.  \n\n\nSecond one.\n", []string{"First line.\nSame paragraph.", "Second one."}},
		{"no blank lines: one line each", "One.\nTwo.\nThree.", []string{"One.", "Two.", "Three."}},
		{"empty", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := spanTexts(tc.text, splitParagraphs(tc.text))
			if len(got) != len(tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("paragraph %d = %q, want %q", i, got[i], tc.want[i])
				}
			}
		})
	}
}
