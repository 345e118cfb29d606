package ingest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest/stack"
	"github.com/whosaid/whosaid/internal/ingest"
	"github.com/whosaid/whosaid/internal/secrets"
	"github.com/whosaid/whosaid/internal/store/local"
)

// withLabels is a generic delivery of story with a section and tags (nil:
// none sent).
func withLabels(t *testing.T, id, updated string, section any, tags any) string {
	t.Helper()
	var p map[string]any
	if err := json.Unmarshal([]byte(payload("article.published", id, updated, story)), &p); err != nil {
		t.Fatal(err)
	}
	data := p["data"].(map[string]any)
	if section != nil {
		data["section"] = section
	}
	if tags != nil {
		data["tags"] = tags
	}
	body, _ := json.Marshal(p)
	return string(body)
}

// TestSectionsReachTheRecord: the section and tags a CMS sends are kept on
// the article record in DynamoDB (moto), through the summary write; a newer
// revision's replace them.
func TestSectionsReachTheRecord(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	body := withLabels(t, "pier-3", "2026-11-20T09:59:00Z", "Harbour", []string{"storms", "piers"})
	if code, _, raw := e.call(t, signed(t, "msg_s1", body, now)); code != http.StatusAccepted {
		t.Fatalf("got %d %s", code, raw)
	}
	rec, err := e.records.GetRecord(ctx, "acme", "generic", "pier-3")
	if err != nil || rec == nil || rec.Section != "Harbour" || !reflect.DeepEqual(rec.Tags, []string{"storms", "piers"}) {
		t.Fatalf("record = %+v (%v)", rec, err)
	}
	done := *rec
	done.Status, done.Summary = article.StatusDone, &article.Summary{Article: article.Article{Source: "generic", ID: "pier-3", Revision: rec.Revision}}
	done.Section, done.Tags = "", nil
	if err := e.records.PutRecord(ctx, done); err != nil {
		t.Fatal(err)
	}
	if rec, err = e.records.GetRecord(ctx, "acme", "generic", "pier-3"); err != nil || rec.Status != article.StatusDone ||
		rec.Section != "Harbour" || !reflect.DeepEqual(rec.Tags, []string{"storms", "piers"}) {
		t.Fatalf("after the summary: %+v (%v)", rec, err)
	}

	// A newer revision that sends none: the record has none.
	var p map[string]any
	_ = json.Unmarshal([]byte(payload("article.updated", "pier-3", "2026-11-20T10:30:00Z", story+"<p>Repairs start Monday.</p>")), &p)
	newer, _ := json.Marshal(p)
	if code, _, raw := e.call(t, signed(t, "msg_s2", string(newer), now)); code != http.StatusAccepted {
		t.Fatalf("got %d %s", code, raw)
	}
	if rec, err = e.records.GetRecord(ctx, "acme", "generic", "pier-3"); err != nil || rec.Status != article.StatusPending || rec.Section != "" || rec.Tags != nil {
		t.Fatalf("after a revision without them: section %q tags %q status %s (%v)", rec.Section, rec.Tags, rec.Status, err)
	}
}

// TestSectionsMalformed: a section or tags of the wrong JSON type is a
// malformed payload (400), not a silent loss.
func TestSectionsMalformed(t *testing.T) {
	e := newEnv(t)
	for i, body := range []string{
		withLabels(t, "bad-1", "", 7, nil),
		withLabels(t, "bad-2", "", nil, "one-tag"),
	} {
		if code, _, raw := e.call(t, signed(t, "msg_bad"+string(rune('a'+i)), body, now)); code != http.StatusBadRequest {
			t.Errorf("body %d: got %d %s, want 400", i, code, raw)
		}
	}
}

// longLabels returns a section of 300 "é" (600 bytes) and 40 distinct
// tags as long, "<n>-" before the "é"s (so a cut at 256 bytes falls inside
// a character for some of them).
func longLabels() (string, []string) {
	long := strings.Repeat("é", 300)
	var tags []string
	for i := range 40 {
		tags = append(tags, strconv.Itoa(i)+"-"+long)
	}
	return long, tags
}

// checkBounded fails unless rec keeps the first 32 tags and the section,
// each cut to at most 256 bytes on a character boundary.
func checkBounded(t *testing.T, rec *article.Record) {
	t.Helper()
	section, tags := longLabels()
	if len(rec.Tags) != 32 {
		t.Fatalf("kept %d tags, want 32", len(rec.Tags))
	}
	for i, l := range append([]string{rec.Section}, rec.Tags...) {
		want := section
		if i > 0 {
			want = tags[i-1]
		}
		if len(l) < 250 || len(l) > 256 || !utf8.ValidString(l) || !strings.HasPrefix(want, l) {
			t.Fatalf("label %d cut badly: %d bytes, valid %v", i, len(l), utf8.ValidString(l))
		}
	}
}

// TestSectionsBounded: too many or too long tags, and a too long section,
// are stored cut like bylines.
func TestSectionsBounded(t *testing.T) {
	e := newEnv(t)
	section, tags := longLabels()
	if code, _, raw := e.call(t, signed(t, "msg_long", withLabels(t, "long", "", section, tags), now)); code != http.StatusAccepted {
		t.Fatalf("got %d %s", code, raw)
	}
	rec, err := e.records.GetRecord(context.Background(), "acme", "generic", "long")
	if err != nil || rec == nil {
		t.Fatalf("record %v (%v)", rec, err)
	}
	checkBounded(t, rec)
}

// enqueued is a queue reduced to a list: with new texts nothing is
// announced (the text's creation is the announcement).
type enqueued []string

func (q *enqueued) Enqueue(_ context.Context, key string) error { *q = append(*q, key); return nil }

// TestSectionsLocalStore: ingest over the local data folder keeps the
// section and tags the same way, bounded the same way.
func TestSectionsLocalStore(t *testing.T) {
	ctx := context.Background()
	st, err := local.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var q enqueued
	h := ingest.New(st, st, &q, secrets.Tenants{"generic": {"acme": stack.TestSecret}}, ingest.WithClock(func() time.Time { return now }))
	call := func(id, body string) {
		t.Helper()
		resp, err := h.Handle(ctx, signed(t, id, body, now))
		if err != nil || resp.StatusCode != http.StatusAccepted {
			t.Fatalf("got %d %s (%v)", resp.StatusCode, resp.Body, err)
		}
	}
	call("msg_l1", withLabels(t, "pier-4", "2026-11-20T09:59:00Z", "Harbour", []string{"storms", "piers"}))
	rec, err := st.GetRecord(ctx, "acme", "generic", "pier-4")
	if err != nil || rec == nil || rec.Section != "Harbour" || !reflect.DeepEqual(rec.Tags, []string{"storms", "piers"}) {
		t.Fatalf("record = %+v (%v)", rec, err)
	}
	if err := st.PutRecord(ctx, article.Record{Tenant: "acme", Source: "generic", ID: "pier-4", Revision: rec.Revision, Status: article.StatusDone,
		Summary: &article.Summary{Article: article.Article{Source: "generic", ID: "pier-4", Revision: rec.Revision}}}); err != nil {
		t.Fatal(err)
	}
	if rec, err = st.GetRecord(ctx, "acme", "generic", "pier-4"); err != nil || rec.Section != "Harbour" || !reflect.DeepEqual(rec.Tags, []string{"storms", "piers"}) {
		t.Fatalf("after the summary: %+v (%v)", rec, err)
	}

	section, tags := longLabels()
	call("msg_l2", withLabels(t, "long", "", section, tags))
	if rec, err = st.GetRecord(ctx, "acme", "generic", "long"); err != nil || rec == nil {
		t.Fatalf("record %v (%v)", rec, err)
	}
	checkBounded(t, rec)
}
