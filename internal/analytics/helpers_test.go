package analytics

import (
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
)

// qspec is a quotation of a test article: its speaker, its exact text in
// the article, its kind and cue.
type qspec struct {
	speaker, text string
	kind          article.Kind
	cue           string
}

// record builds a DONE record of text with the given speakers (id → name)
// and quotations, offsets found in the text and the summary validated.
func record(t testing.TB, tenant, id, text string, published time.Time, speakers []article.Speaker, quotes []qspec) article.Record {
	t.Helper()
	s := article.Summary{Article: article.Article{Source: "generic", ID: id, Revision: article.Revision(text), Title: "Title " + id}, Speakers: speakers,
		Extractor: article.ExtractorInfo{Name: "offline"}}
	from := 0
	for i, q := range quotes {
		at := strings.Index(text[from:], q.text)
		if at < 0 {
			t.Fatalf("quote %q not in text", q.text)
		}
		start := from + at
		from = start + len(q.text)
		s.Quotes = append(s.Quotes, article.Quote{ID: "q" + string(rune('1'+i)), Speaker: q.speaker, Text: q.text, Kind: q.kind, Cue: q.cue,
			Start: start, End: start + len(q.text), Grounding: article.GroundingExact, Confidence: 0.9})
	}
	if err := s.Validate(text); err != nil {
		t.Fatal(err)
	}
	var pub *time.Time
	if !published.IsZero() {
		pub = &published
	}
	return article.Record{Tenant: tenant, Source: "generic", ID: id, Revision: s.Article.Revision, Title: s.Article.Title, PublishedAt: pub,
		Status: article.StatusDone, UpdatedAt: published, Summary: &s}
}

func sp(id, name string) article.Speaker { return article.Speaker{ID: id, Name: name} }
