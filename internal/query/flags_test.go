package query_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest/stack"
	"github.com/whosaid/whosaid/internal/query"
	"github.com/whosaid/whosaid/internal/store/dynamo"
)

// flaggedSummary has one verified quotation by Rita Olsen, one flagged
// unverified by her, and one by a speaker the text never names.
func flaggedSummary(text string) *article.Summary {
	at := func(s string) (int, int) {
		for i := range len(text) - len(s) + 1 {
			if text[i:i+len(s)] == s {
				return i, i + len(s)
			}
		}
		panic("not in the text: " + s)
	}
	s := &article.Summary{
		Article:  article.Article{Source: "generic", ID: "harbour", Title: "Harbour"},
		Speakers: []article.Speaker{{ID: "s1", Name: "Rita Olsen", Aliases: []string{}, QuoteCount: 2}, {ID: "s2", Name: "Ghost Writer", Aliases: []string{}, QuoteCount: 1, Flags: []string{article.FlagNotInText}}},
	}
	for i, c := range []struct {
		words, speaker string
		flags          []string
	}{
		{"“The quay is safe,”", "s1", nil},
		{"“We need more pilots,”", "s1", []string{article.FlagUnverified}},
		{"“Fees will fall,”", "s2", []string{article.FlagUnverified, article.FlagNotInText}},
	} {
		a, b := at(c.words)
		s.Quotes = append(s.Quotes, article.Quote{ID: []string{"q1", "q2", "q3"}[i], Speaker: c.speaker, Text: c.words, Kind: article.KindDirect, Start: a, End: b, Grounding: article.GroundingExact, Confidence: 0.4, Flags: c.flags})
	}
	s.Extractor.Dropped = map[string]int{article.DropInjection: 1}
	return s
}

func TestFlaggedQuotationsOnlyOnRequest(t *testing.T) {
	st := stack.New(t)
	ctx := context.Background()
	records := dynamo.New(st.DynamoDB, stack.Table)
	text := "“The quay is safe,” Rita Olsen said.\n\n“We need more pilots,” a dock worker said.\n\n“Fees will fall,” someone said."
	rev := article.Revision(text)
	pub := time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)
	if _, err := records.BeginRevision(ctx, dynamo.Revision{Source: "generic", ID: "harbour", Revision: rev, Arrival: time.Now(), PublishedAt: &pub}); err != nil {
		t.Fatal(err)
	}
	sum := flaggedSummary(text)
	if err := sum.Validate(text); err != nil {
		t.Fatal(err)
	}
	if err := records.PutRecord(ctx, article.Record{Tenant: "acme", Source: "generic", ID: "harbour", Revision: rev, Status: article.StatusDone, ConfigHash: "llm:x", Summary: sum}); err != nil {
		t.Fatal(err)
	}
	h := query.New(records)

	// by default: verified quotations only, and only speakers left with one
	code, body := get(t, h, "/articles/acme/generic/harbour", nil)
	var s article.Summary
	if code != 200 || json.Unmarshal([]byte(body), &s) != nil {
		t.Fatalf("article: %d %s", code, body)
	}
	if len(s.Quotes) != 1 || s.Quotes[0].ID != "q1" || len(s.Speakers) != 1 || s.Speakers[0].QuoteCount != 1 {
		t.Fatalf("default article body serves flagged quotations or their speakers: %s", body)
	}
	// with include=unverified: all, each flagged one marked
	code, body = get(t, h, "/articles/acme/generic/harbour", map[string]string{"include": "unverified"})
	if code != 200 || json.Unmarshal([]byte(body), &s) != nil || len(s.Quotes) != 3 || len(s.Speakers) != 2 {
		t.Fatalf("include=unverified: %d %s", code, body)
	}
	for _, q := range s.Quotes {
		if (q.ID == "q1") != (len(q.Flags) == 0) {
			t.Errorf("quote %s flags %v", q.ID, q.Flags)
		}
	}
	if !slices.Equal(s.Quotes[2].Flags, []string{article.FlagUnverified, article.FlagNotInText}) || !slices.Contains(s.Speakers[1].Flags, article.FlagNotInText) || s.Extractor.Dropped[article.DropInjection] != 1 {
		t.Errorf("flags or drop counts lost: %s", body)
	}

	// the speaker query: the same rule
	code, body = get(t, h, "/speakers/acme/Rita Olsen/quotes", nil)
	var page query.SpeakerPage
	if code != 200 || json.Unmarshal([]byte(body), &page) != nil || len(page.Quotes) != 1 || page.Quotes[0].Text != "“The quay is safe,”" || page.Quotes[0].Flags != nil {
		t.Fatalf("speaker default: %d %s", code, body)
	}
	code, body = get(t, h, "/speakers/acme/Rita Olsen/quotes", map[string]string{"include": "unverified"})
	if code != 200 || json.Unmarshal([]byte(body), &page) != nil || len(page.Quotes) != 2 {
		t.Fatalf("speaker include=unverified: %d %s", code, body)
	}
	for _, q := range page.Quotes {
		if (q.Text == "“We need more pilots,”") != slices.Equal(q.Flags, []string{article.FlagUnverified}) {
			t.Errorf("speaker quote %q flags %v", q.Text, q.Flags)
		}
	}
	// paging by one: the flagged quotation is skipped, and the page is
	// filled from the next ones
	seen := 0
	cursor := ""
	for i := 0; i < 5; i++ {
		q := map[string]string{"limit": "1"}
		if cursor != "" {
			q["cursor"] = cursor
		}
		code, body = get(t, h, "/speakers/acme/Rita Olsen/quotes", q)
		page = query.SpeakerPage{}
		if code != 200 || json.Unmarshal([]byte(body), &page) != nil {
			t.Fatalf("limit 1: %d %s", code, body)
		}
		if len(page.Quotes) > 1 || len(page.Quotes) == 1 && page.Quotes[0].Flags != nil {
			t.Fatalf("limit 1 page: %s", body)
		}
		if i == 0 && len(page.Quotes) != 1 {
			t.Errorf("the first page is not filled past the flagged quotation: %s", body)
		}
		seen += len(page.Quotes)
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	if seen != 1 {
		t.Errorf("paging by one serves %d verified quotations, want 1", seen)
	}

	for _, bad := range []string{"all", "unverified,bogus"} {
		if code, body := get(t, h, "/articles/acme/generic/harbour", map[string]string{"include": bad}); code != 400 {
			t.Errorf("include=%s: %d %s", bad, code, body)
		}
		if code, body := get(t, h, "/speakers/acme/Rita Olsen/quotes", map[string]string{"include": bad}); code != 400 {
			t.Errorf("speaker include=%s: %d %s", bad, code, body)
		}
	}
}
