package offline

import "testing"

func TestSingleMarkQuotes(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"curly single marks", "‘We will stay,’ the baker said.", []string{"‘We will stay,’"}},
		{"straight single marks", "'We will stay,' the baker said.", []string{"'We will stay,'"}},
		{"typewriter pairs", "``We will stay,'' the baker said.", []string{"``We will stay,''"}},
		{"apostrophes are not marks", "The baker's sons don't rock 'n' roll.", nil},
		{"inside a double-mark quotation", "\"She said ‘not yet’ to us,\" the baker said.", []string{"\"She said ‘not yet’ to us,\""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			qs := findQuotes(tc.text, splitParagraphs(tc.text))
			var got []string
			for _, q := range qs {
				got = append(got, tc.text[q.start:q.end])
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("quote %d = %q, want %q", i, got[i], tc.want[i])
				}
			}
		})
	}
}
