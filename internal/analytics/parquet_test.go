package analytics

import (
	"reflect"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
)

func TestParquetRoundTrip(t *testing.T) {
	text := "“We will reopen the pool in June,” said Alex Moreno. The Riverside City Council said it would pay for the repairs."
	rec := record(t, "news", "pool-1", text, time.Date(2026, 11, 3, 9, 30, 15, 123456789, time.UTC),
		[]article.Speaker{sp("s1", "Alex Moreno"), {ID: "s2", Name: "Riverside City Council", Title: "", Affiliation: ""}},
		[]qspec{{"s1", "“We will reopen the pool in June,”", article.KindDirect, "said"},
			{"s2", "it would pay for the repairs", article.KindIndirect, "said"}})
	rec.Summary.Quotes[1].Flags = []string{article.FlagUnverified}
	rec.Summary.Speakers[0].Title = "centre manager"
	rec.URL = "https://news.example/pool"
	now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	rec.Section, rec.Tags, rec.Authors = "Local", []string{"pools", "budget"}, []string{"Pat Writer"}
	rows := Rows(rec, text, Options{Gender: true, Now: now})
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	data, err := Encode(rows)
	if err != nil {
		t.Fatal(err)
	}
	if string(data[:4]) != "PAR1" || string(data[len(data)-4:]) != "PAR1" {
		t.Fatalf("not a parquet file: %q…%q", data[:4], data[len(data)-4:])
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows) {
		t.Fatalf("read %d rows, wrote %d", len(got), len(rows))
	}
	for i := range rows {
		if !reflect.DeepEqual(got[i], rows[i]) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, got[i], rows[i])
		}
	}
	r := got[0]
	if r.PublishedAt == nil || !r.PublishedAt.Equal(time.Date(2026, 11, 3, 9, 30, 15, 123000000, time.UTC)) {
		t.Errorf("published_at = %v", r.PublishedAt)
	}
	if r.SpeakerKey != "alex moreno" || r.SpeakerType != TypePerson || r.SpeakerRole != "centre manager" || r.QuoteLength != 34 || r.Section != "Local" {
		t.Errorf("row 0 = %+v", r)
	}
	if g := got[1]; g.SpeakerType != TypeOrganisation || g.SpeakerGender != "" || len(g.Flags) != 1 || g.QuoteKind != "indirect" {
		t.Errorf("row 1 = %+v", g)
	}
	if Day(rec) != "2026-11-03" {
		t.Errorf("day = %s", Day(rec))
	}
}

func TestNoRowsUnlessDone(t *testing.T) {
	text := "“Yes,” said Alex Moreno."
	rec := record(t, "news", "a", text, time.Now(), []article.Speaker{sp("s1", "Alex Moreno")}, []qspec{{"s1", "“Yes,”", article.KindDirect, "said"}})
	for _, st := range []article.Status{article.StatusPending, article.StatusFailed, article.StatusWithdrawn} {
		r := rec
		r.Status = st
		if rows := Rows(r, text, Options{Gender: true}); len(rows) != 0 {
			t.Errorf("%s: %d rows", st, len(rows))
		}
	}
}
