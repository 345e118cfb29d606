package local

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
)

func TestQuoteFlagsTravel(t *testing.T) {
	dir := t.TempDir()
	s, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	sum := &article.Summary{
		Speakers: []article.Speaker{{ID: "s1", Name: "Rita Olsen"}, {ID: "s2", Name: "Nobody Known", Flags: []string{article.FlagNotInText}}},
		Quotes: []article.Quote{
			{ID: "q1", Speaker: "s1", Text: "a"},
			{ID: "q2", Speaker: "s1", Text: "b", Flags: []string{article.FlagUnverified}},
			{ID: "q3", Speaker: "s2", Text: "c", Flags: []string{article.FlagUnverified, article.FlagNotInText}},
		},
		Extractor: article.ExtractorInfo{Name: "llm", Dropped: map[string]int{article.DropNotFound: 3}},
	}
	if err := s.PutRecord(ctx, article.Record{Source: "local", ID: "x", Revision: "sha256:1", Status: article.StatusDone, UpdatedAt: time.Unix(0, 0).UTC(), Summary: sum}); err != nil {
		t.Fatal(err)
	}
	rec, err := s.GetRecord(ctx, "local", "x")
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range rec.Summary.Quotes {
		if !slices.Equal(q.Flags, sum.Quotes[i].Flags) {
			t.Errorf("quote %d flags %v, want %v", i, q.Flags, sum.Quotes[i].Flags)
		}
	}
	if !slices.Equal(rec.Summary.Speakers[1].Flags, []string{article.FlagNotInText}) || rec.Summary.Extractor.Dropped[article.DropNotFound] != 3 {
		t.Errorf("speaker flags %v, dropped %v", rec.Summary.Speakers[1].Flags, rec.Summary.Extractor.Dropped)
	}
	// each quote item file carries its flags; a verified one has none
	for i, want := range [][]string{nil, {"unverified"}, {"unverified", "not_in_text"}} {
		b, err := os.ReadFile(filepath.Join(dir, "dynamodb", "ART#local#x", "QUOTE#00"+string(rune('1'+i))+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var item struct {
			Flags []string `json:"flags"`
		}
		if err := json.Unmarshal(b, &item); err != nil || !slices.Equal(item.Flags, want) {
			t.Errorf("quote item %d flags %v (%v), want %v", i+1, item.Flags, err, want)
		}
	}
	qs, _, err := s.QuotesBySpeaker(ctx, "Rita Olsen", 10, "")
	if err != nil || len(qs) != 2 {
		t.Fatalf("speaker query: %+v %v", qs, err)
	}
	for _, q := range qs {
		if (q.Text == "b") != slices.Equal(q.Flags, []string{article.FlagUnverified}) || (q.Text == "a" && q.Flags != nil) {
			t.Errorf("speaker quote %q flags %v", q.Text, q.Flags)
		}
	}
}
