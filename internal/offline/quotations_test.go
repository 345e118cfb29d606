package offline

import (
	"testing"

	"github.com/whosaid/whosaid/internal/article"
)

func TestPartialQuoteSpans(t *testing.T) {
	tests := []struct{ text, clause, words string }{
		{"Robert Hughes said the deal was “a good start, but only a start.”", "the deal was “a good start, but only a start.”", "“a good start, but only a start.”"},
		{"Mayor Ann Lee warned that the levy would be “temporary at best” for most homeowners.", "that the levy would be “temporary at best” for most homeowners", "“temporary at best”"},
		{"The plan is “a disaster for renters,” said Councillor Omar Haddad.", "The plan is “a disaster for renters,”", "“a disaster for renters,”"},
	}
	for _, tt := range tests {
		s := extract(t, tt.text)
		q, _ := quoteWith(t, s, tt.words)
		if q.Kind != article.KindPartial || q.Text != tt.clause || tt.text[q.QuoteStart:q.QuoteEnd] != tt.words {
			t.Errorf("%q: kind %s, clause %q, words %q; want partial %q with %q", tt.text, q.Kind, q.Text, tt.text[q.QuoteStart:q.QuoteEnd], tt.clause, tt.words)
		}
	}
}
