package evaluate

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/internal/article"
)

// fixed is an extractor that returns prepared quotes for each article text,
// so the scorer can be checked against figures worked out by hand.
type fixed map[string][]article.Quote

func (f fixed) Extract(_ context.Context, a article.Article) (article.Summary, error) {
	s := article.Summary{Speakers: []article.Speaker{{ID: "s1", Name: "Dr. Jane Smith"}, {ID: "s2", Name: "Tom Lee"}}}
	for _, q := range f[a.Text] {
		q.Text = a.Text[q.Start:q.End]
		s.Quotes = append(s.Quotes, q)
	}
	return s, nil
}

const goldJSONL = `{"id":"a1","text":"“Alpha beta gamma delta,” Smith said. Lee said the river was rising fast.","quotes":[{"start":0,"end":25,"speaker":"Jane Smith","kind":"direct"},{"start":46,"end":73,"speaker":"Tom Lee","kind":"indirect"}]}
{"id":"a2","text":"Über “naïve” plans, Lee said nothing at all today.","quotes":[{"byte_start":6,"byte_end":18,"speaker":"Tom Lee","kind":"partial"}]}
`

func TestScore(t *testing.T) {
	gold, err := ReadGold(strings.NewReader(goldJSONL))
	if err != nil {
		t.Fatal(err)
	}
	if gold[1].Quotes[0].Start != 5 || gold[1].Quotes[0].End != 12 {
		t.Fatalf("byte offsets not converted to code points: %+v", gold[1].Quotes[0])
	}
	a1, a2 := gold[0].Text, gold[1].Text
	x := fixed{
		a1: {
			{Start: 0, End: len("“Alpha beta gamma delta,”"), Speaker: "s1", Kind: article.KindDirect},                        // exact, right speaker
			{Start: strings.Index(a1, "river"), End: strings.Index(a1, " rising"), Speaker: "s1", Kind: article.KindIndirect}, // 9 of 27 chars: 0.33, wrong speaker
			{Start: strings.Index(a1, "Smith"), End: strings.Index(a1, "Smith") + 5, Speaker: "s2", Kind: article.KindDirect}, // spurious
		},
		a2: {}, // misses the partial
	}
	rep, err := Score(context.Background(), x, gold, Options{Cover: 0.3, Errors: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Gold != 3 || rep.Predicted != 3 || rep.Matched != 2 {
		t.Fatalf("gold/predicted/matched = %d/%d/%d, want 3/3/2", rep.Gold, rep.Predicted, rep.Matched)
	}
	if !near(rep.Precision, 2.0/3) || !near(rep.Recall, 2.0/3) || !near(rep.F1, 2.0/3) {
		t.Errorf("P/R/F1 = %v/%v/%v, want 2/3 each", rep.Precision, rep.Recall, rep.F1)
	}
	if !near(rep.SpeakerAccuracy, 0.5) {
		t.Errorf("speaker accuracy = %v, want 0.5", rep.SpeakerAccuracy)
	}
	if d := rep.ByKind[article.KindDirect]; d.Gold != 1 || d.Predicted != 2 || d.Recall != 1 || !near(d.Precision, 0.5) {
		t.Errorf("direct breakdown = %+v", d)
	}
	if p := rep.ByKind[article.KindPartial]; p.Gold != 1 || p.Recall != 0 {
		t.Errorf("partial breakdown = %+v", p)
	}
	types := map[string]int{}
	for _, e := range rep.Errors {
		types[e.Type]++
	}
	if types["missed"] != 1 || types["spurious"] != 1 || types["speaker"] != 1 {
		t.Errorf("errors = %v, want one of each", types)
	}

	// At cover 0.8 the partial-span match no longer counts.
	rep, err = Score(context.Background(), x, gold, Options{Cover: 0.8})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Matched != 1 || rep.Errors != nil {
		t.Errorf("cover 0.8: matched = %d (errors %v), want 1 and no error list", rep.Matched, rep.Errors)
	}
}

func TestMatchIsOneToOne(t *testing.T) {
	g := GoldArticle{Text: "aaaa bbbb", Quotes: []GoldQuote{{Start: 0, End: 4}, {Start: 5, End: 9}}}
	s := &article.Summary{Quotes: []article.Quote{{Start: 0, End: 9}, {Start: 5, End: 9}}}
	pairs := Match(g, s, 0.3)
	if len(pairs) != 2 {
		t.Fatalf("pairs = %+v, want 2", pairs)
	}
	// the exact prediction takes the second gold quote; the long one the first
	for _, p := range pairs {
		if p.Gold == 1 && p.Pred != 1 || p.Gold == 0 && p.Pred != 0 {
			t.Errorf("unexpected pairing %+v", pairs)
		}
	}
}

func TestSameSpeaker(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Justice Ana Ruiz", "Ana Ruiz", true},
		{"Mr. Okafor", "Peter Okafor", true},
		{"Ruiz", "Ana Ruiz", true},
		{"Prime Minister Jane Doe", "jane doe", true},
		{"Jane Doe", "John Doe", false},
		{"Peter", "Peter Okafor", false},
		{"police", "Police", true},
		{"", "Jane Doe", false},
	}
	for _, tt := range tests {
		if got := SameSpeaker(tt.a, tt.b); got != tt.want {
			t.Errorf("SameSpeaker(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestReadGoldErrors(t *testing.T) {
	for _, in := range []string{"{not json}\n", `{"id":"x","quotes":[]}` + "\n", `{"id":"x","text":"abc","quotes":[{"start":2,"end":1}]}` + "\n"} {
		if _, err := ReadGold(strings.NewReader(in)); err == nil {
			t.Errorf("ReadGold(%q) succeeded, want an error", in)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.001 }

func TestReadGoldNamesTheBadLine(t *testing.T) {
	const ok = `{"id":"a","text":"“Fine,” she said.","quotes":[{"start":0,"end":7,"speaker":"Ada","kind":"direct"}]}`
	cases := []struct {
		name, line, want string
	}{
		{"byte_end past the text", `{"id":"b","text":"“Fine,” she said.","quotes":[{"byte_start":0,"byte_end":400,"speaker":"Ada","kind":"direct"}]}`, "gold line 2 quote 1: byte_end 400 is past the end of the text (21 bytes)"},
		{"negative start", `{"id":"b","text":"Hello there.","quotes":[{"start":-2,"end":3,"speaker":"Ada","kind":"direct"}]}`, "gold line 2 quote 1: start -2 is negative"},
		{"end past the text", `{"id":"b","text":"Hello there.","quotes":[{"start":2,"end":30,"speaker":"Ada","kind":"direct"}]}`, "gold line 2 quote 1: end 30 is past the end of the text (12 characters)"},
		{"reversed", `{"id":"b","text":"Hello there.","quotes":[{"start":5,"end":2,"speaker":"Ada","kind":"direct"}]}`, "gold line 2 quote 1: empty or reversed span"},
		{"unknown kind", `{"id":"b","text":"Hello there.","quotes":[{"start":0,"end":5,"speaker":"Ada","kind":"direct"},{"start":0,"end":5,"speaker":"Ada","kind":"quoted"}]}`, `gold line 2 quote 2: unknown kind "quoted"`},
		{"split character", `{"id":"b","text":"“Fine,” she said.","quotes":[{"byte_start":1,"byte_end":6,"speaker":"Ada","kind":"direct"}]}`, "split a UTF-8 character"},
		{"one byte offset", `{"id":"b","text":"Hello there.","quotes":[{"byte_start":1,"speaker":"Ada","kind":"direct"}]}`, "byte_start and byte_end must be given together"},
		{"not JSON", `{"id":`, "gold line 2: not a JSON article"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadGold(strings.NewReader(ok + "\n" + c.line + "\n"))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestReadGoldFillsTextFromOffsets(t *testing.T) {
	g, err := ReadGold(strings.NewReader(`{"id":"a","text":"Ünder “the bridge,” she said.","quotes":[{"byte_start":7,"byte_end":24,"speaker":"Ada","kind":"direct"},{"start":6,"end":19,"speaker":"Ada","kind":"partial"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	q := g[0].Quotes
	if q[0].Text != "“the bridge,”" || q[0].Start != 6 || q[0].End != 19 {
		t.Errorf("byte-offset quote = %+v", q[0])
	}
	if q[1].Text != "“the bridge,”" {
		t.Errorf("code point quote text = %q", q[1].Text)
	}
}
