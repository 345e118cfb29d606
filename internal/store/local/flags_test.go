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
	if err := s.PutRecord(ctx, article.Record{Tenant: "acme", Source: "local", ID: "x", Revision: "sha256:1", Status: article.StatusDone, UpdatedAt: time.Unix(0, 0).UTC(), Summary: sum}); err != nil {
		t.Fatal(err)
	}
	rec, err := s.GetRecord(ctx, "acme", "local", "x")
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
	// the article's one file on disk carries each quotation's flags; a
	// verified one has none
	files, _ := filepath.Glob(filepath.Join(dir, "dynamodb", "*", "SUMMARY.json"))
	if len(files) != 1 {
		t.Fatalf("article files %v, want one", files)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	var item struct {
		Summary json.RawMessage `json:"summary"`
	}
	var onDisk article.Summary
	if err := json.Unmarshal(b, &item); err != nil || json.Unmarshal(item.Summary, &onDisk) != nil || len(onDisk.Quotes) != 3 {
		t.Fatalf("article file: %v %s", err, b)
	}
	for i, want := range [][]string{nil, {"unverified"}, {"unverified", "not_in_text"}} {
		if !slices.Equal(onDisk.Quotes[i].Flags, want) {
			t.Errorf("quote %d flags on disk %v, want %v", i+1, onDisk.Quotes[i].Flags, want)
		}
	}
	qs, _, err := s.QuotesBySpeaker(ctx, "acme", "Rita Olsen", 10, "")
	if err != nil || len(qs) != 2 {
		t.Fatalf("speaker query: %+v %v", qs, err)
	}
	for _, q := range qs {
		if (q.Text == "b") != slices.Equal(q.Flags, []string{article.FlagUnverified}) || (q.Text == "a" && q.Flags != nil) {
			t.Errorf("speaker quote %q flags %v", q.Text, q.Flags)
		}
	}
}
