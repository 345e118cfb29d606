package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/internal/article"
)

const sample = "“Open the <gates> & wait,” said Ada Moss, the harbour master.\n\nShe said the pier was “safe enough” for now."

func sampleSummary() *article.Summary {
	q1 := "“Open the <gates> & wait,”"
	rest := "the pier was “safe enough” for now"
	i := strings.Index(sample, rest)
	j := strings.Index(sample, "“safe enough”")
	return &article.Summary{
		Article:  article.Article{Source: "local", ID: "pier", Title: "Pier <news>"},
		Speakers: []article.Speaker{{ID: "s1", Name: "Ada Moss", Title: "harbour master", Affiliation: "Port of Avel", QuoteCount: 2}},
		Quotes: []article.Quote{
			{ID: "q1", Speaker: "s1", Text: q1, Kind: article.KindDirect, Cue: "said", Start: 0, End: len(q1), Paragraph: 1, Confidence: 0.9},
			{ID: "q2", Speaker: "s1", Text: rest, Kind: article.KindPartial, Cue: "said", Start: i, End: i + len(rest), QuoteStart: j, QuoteEnd: j + len("“safe enough”"), Paragraph: 2, Confidence: 0.8, Flags: []string{"check_me"}},
			// overlaps q2 and cannot be highlighted in place; still listed
			{ID: "q3", Speaker: "s1", Text: "pier", Kind: article.KindIndirect, Start: i + 4, End: i + 8, Paragraph: 2, Confidence: 0.5},
		},
		Extractor: article.ExtractorInfo{Name: "offline"},
	}
}

func TestHTMLEscapesAndMarks(t *testing.T) {
	var b bytes.Buffer
	if err := HTML(&b, sampleSummary(), sample); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{
		"<title>Who said what: Pier &lt;news&gt;</title>",
		"&lt;gates&gt; &amp; wait",
		`id="q1" tabindex="0"`,
		`class="q c0 flagged" id="q2"`,
		`<span class="words">“safe enough”</span>`,
		"Ada Moss · partial · cue “said” · confidence 0.80 · ⚑ flagged: check_me",
		"harbour master, Port of Avel",
		"All quotations (3, 2 highlighted in the text)",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "<gates>") {
		t.Error("article text is not escaped")
	}
	if n := strings.Count(page, `<mark class="q c`); n != 2 {
		t.Errorf("%d highlights, want 2 (the overlapping one only listed)", n)
	}
}

func TestTextReport(t *testing.T) {
	var b bytes.Buffer
	if err := Text(&b, sampleSummary(), TextOptions{Width: 40}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"Pier <news>\n", "Ada Moss — harbour master, Port of Avel (3 quotations)", "¶2 · partial · said · confidence 0.80", "⚑ FLAGGED: check_me", "“Open the <gates> & wait,”"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour without Color")
	}
	b.Reset()
	if err := Text(&b, sampleSummary(), TextOptions{Width: 40, Color: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), ansiBold+"Pier <news>"+ansiReset) {
		t.Errorf("no colour with Color:\n%q", b.String())
	}
}

func TestWrap(t *testing.T) {
	got := Wrap("one two  three\nfour fivesixseveneight", 9)
	want := []string{"one two", "three", "four", "fivesixseveneight"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Wrap = %q, want %q", got, want)
	}
}
