package offline

import (
	"strings"
	"testing"

	"github.com/whosaid/whosaid/internal/article"
)

func TestQuotationMarks(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // quote texts, in order
	}{
		{"curly", "“We are ready,” Ana Silva said.", []string{"“We are ready,”"}},
		{"straight", `"We are ready," Ana Silva said.`, []string{`"We are ready,"`}},
		{"guillemets", "«We are ready», Ana Silva said.", []string{"«We are ready»"}},
		{"spaced guillemets", "« We are ready », Ana Silva said.", []string{"« We are ready »"}},
		{"curly open straight close", "“We are ready,\" Ana Silva said.", []string{"“We are ready,\""}},
		{"curly open single close", "Ana Silva said she could “turn the page on this year.’", []string{"“turn the page on this year.’"}},
		{"apostrophes inside", "“It’s the region’s best chance,” Ana Silva said.", []string{"“It’s the region’s best chance,”"}},
		{"two quotes one sentence", "“We are ready,” Ana Silva said. “We have been for weeks.”", []string{"“We are ready,”", "“We have been for weeks.”"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := extract(t, tt.text)
			var got []string
			for _, q := range s.Quotes {
				switch q.Kind {
				case article.KindDirect:
					got = append(got, q.Text)
				case article.KindPartial:
					got = append(got, tt.text[q.QuoteStart:q.QuoteEnd])
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("quotes = %q, want %q", got, tt.want)
			}
			for _, q := range s.Quotes {
				if sp := s.SpeakerByID(q.Speaker); sp.Name != "Ana Silva" {
					t.Errorf("quote %q speaker = %q, want Ana Silva", q.Text, sp.Name)
				}
			}
		})
	}
}

func TestQuoteAcrossParagraphs(t *testing.T) {
	text := "Maria Gomez described the night of the flood.\n\n“The water came up through the floor. We carried the children upstairs.\n\n“By morning the street was a river,” she said."
	s := extract(t, text)
	if len(s.Quotes) != 2 {
		t.Fatalf("got %d quotes, want 2 (one per paragraph): %+v", len(s.Quotes), s.Quotes)
	}
	first, sp1 := quoteWith(t, s, "The water came up")
	_, sp2 := quoteWith(t, s, "By morning")
	if !strings.HasSuffix(first.Text, "upstairs.") {
		t.Errorf("unclosed quote should run to the paragraph end, got %q", first.Text)
	}
	if sp1 != "Maria Gomez" || sp2 != "Maria Gomez" {
		t.Errorf("speakers = %q, %q; want Maria Gomez for both", sp1, sp2)
	}
}

func TestScareQuotesAreNotQuotes(t *testing.T) {
	text := "The so-called “smart” meters were installed in 2019. Residents call the building the “glass box.”"
	s := extract(t, text)
	for _, q := range s.Quotes {
		if q.Kind != article.KindIndirect {
			t.Errorf("scare quote reported as a quotation: %q", q.Text)
		}
	}
}

func TestQuotationMarkStyles(t *testing.T) {
	runPatternCases(t, []patternCase{
		{
			name: "guillemets",
			text: "«Nous ne reculerons pas», said union leader Claire Dubois on Monday.",
			want: []want{{"Nous ne reculerons pas", "Claire Dubois", article.KindDirect}},
		},
		{
			name: "low-high quotes",
			text: "„Wir bleiben offen“, said Mayor Jonas Weber after the vote.",
			want: []want{{"Wir bleiben offen", "Jonas Weber", article.KindDirect}},
		},
		{
			name: "typewriter pairs",
			text: "``We expect a full recovery by June,'' said Dr. Lena Marsh of the city hospital.\n\n''It will take time,'' she said.",
			want: []want{
				{"full recovery by June", "Lena Marsh", article.KindDirect},
				{"It will take time", "Lena Marsh", article.KindDirect},
			},
		},
		{
			name: "single quotes",
			text: "'We are not going anywhere,' said coach Tariq Nel after the loss.",
			want: []want{{"not going anywhere", "Tariq Nel", article.KindDirect}},
		},
	})
}

func TestNotQuotations(t *testing.T) {
	runPatternCases(t, []patternCase{
		{
			name: "teasers are not quotations",
			text: "Mayor Rita Cole said the pool would reopen in May.\n\nREAD MORE: \"We were never told,\" residents say of pool closure\n\nWATCH: \"It's a disgrace,\" says swimmer\n\n\"The repairs are finished,\" Cole said.",
			want: []want{{"repairs are finished", "Rita Cole", article.KindDirect}},
			none: []string{"never told", "a disgrace"},
		},
		{
			name: "credit line of an embedded post",
			text: "The minister answered critics online.\n\nThe new bridge will open on schedule. No delays, no excuses.\n\n— Maya Trent (@mayatrent) March 3, 2026\n\nOthers were less sure.",
			want: []want{{"open on schedule", "Maya Trent", ""}},
		},
	})
}

func TestFindQuotesSpans(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
		single     []bool
	}{
		{"straight and curly double marks", `He said "we wait" and then “we go”.`, []string{`"we wait"`, `“we go”`}, []bool{false, false}},
		{"curly single marks, apostrophes left alone", `She called it ‘a pilot’, and Sinéad O’Brien didn’t argue.`, []string{`‘a pilot’`}, []bool{true}},
		{"no marks", "Nothing quoted here.", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			qs := findQuotes(tc.text, splitParagraphs(tc.text))
			if len(qs) != len(tc.want) {
				t.Fatalf("quotes = %+v, want %q", qs, tc.want)
			}
			for i, q := range qs {
				if got := tc.text[q.start:q.end]; got != tc.want[i] || q.single != tc.single[i] || !q.closed {
					t.Errorf("quote %d = %q (single %v, closed %v), want %q (single %v, closed)", i, got, q.single, q.closed, tc.want[i], tc.single[i])
				}
			}
		})
	}
}

func TestFindQuotesAcrossParagraphs(t *testing.T) {
	text := "\"The first part runs on.\n\n\"And the second closes,\" she said."
	qs := findQuotes(text, splitParagraphs(text))
	if len(qs) != 2 {
		t.Fatalf("quotes = %+v, want two", qs)
	}
	if qs[0].closed || !qs[0].continues || !qs[1].continued || !qs[1].closed {
		t.Errorf("continuation flags wrong: %+v", qs)
	}
	if in := qs[1].inner(text); text[in.start:in.end] != "And the second closes," {
		t.Errorf("inner = %q", text[in.start:in.end])
	}
}
