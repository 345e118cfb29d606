package ingest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/whosaid/whosaid/internal/store/local"

	"github.com/whosaid/whosaid/internal/article"
)

// TestAuthorsReachTheRecord: the bylines a CMS sends are kept on the
// article record (for source analytics), through a new revision's summary.
func TestAuthorsReachTheRecord(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var p map[string]any
	if err := json.Unmarshal([]byte(payload("article.published", "pier-2", "2026-11-20T09:59:00Z", story)), &p); err != nil {
		t.Fatal(err)
	}
	p["data"].(map[string]any)["authors"] = []string{"Pat Writer", "Lee Desk"}
	body, _ := json.Marshal(p)
	if code, _, raw := e.call(t, signed(t, "msg_a", string(body), now)); code != http.StatusAccepted {
		t.Fatalf("got %d %s", code, raw)
	}
	rec, err := e.records.GetRecord(ctx, "acme", "generic", "pier-2")
	if err != nil || strings.Join(rec.Authors, ";") != "Pat Writer;Lee Desk" {
		t.Fatalf("record authors = %v (%v)", rec, err)
	}
	// The summary write keeps them.
	done := *rec
	done.Status, done.Summary = article.StatusDone, &article.Summary{Article: article.Article{Source: "generic", ID: "pier-2", Revision: rec.Revision}}
	done.Authors = nil
	if err := e.records.PutRecord(ctx, done); err != nil {
		t.Fatal(err)
	}
	if rec, err = e.records.GetRecord(ctx, "acme", "generic", "pier-2"); err != nil || strings.Join(rec.Authors, ";") != "Pat Writer;Lee Desk" {
		t.Fatalf("after the summary: authors = %v (%v)", rec.Authors, err)
	}
}

// TestAuthorsBounded: a delivery with too many or too long bylines is
// stored, cut to 32 of at most 256 bytes each, on character boundaries.
func TestAuthorsBounded(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var authors []string
	for range 40 {
		authors = append(authors, strings.Repeat("é", 300))
	}
	u := article.Update{Tenant: "acme", Source: "generic", ID: "many", Revision: article.Revision("y"), Arrival: now, Authors: authors}
	if ok, err := e.records.BeginRevision(ctx, u); err != nil || !ok {
		t.Fatalf("begin: %v %v", ok, err)
	}
	rec, err := e.records.GetRecord(ctx, "acme", "generic", "many")
	if err != nil || len(rec.Authors) != 32 {
		t.Fatalf("kept %d authors (%v), want 32", len(rec.Authors), err)
	}
	for _, a := range rec.Authors {
		if len(a) > 256 || !utf8.ValidString(a) || !strings.HasPrefix(strings.Repeat("é", 300), a) {
			t.Fatalf("author cut badly: %d bytes, valid %v", len(a), utf8.ValidString(a))
		}
	}
}

// TestAuthorsLocalStore: the local store keeps the bylines the same way.
func TestAuthorsLocalStore(t *testing.T) {
	ctx := context.Background()
	st, err := local.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	u := article.Update{Tenant: "acme", Source: "generic", ID: "a", Revision: article.Revision("x"), Arrival: now, Title: "T", Authors: []string{"Pat Writer"}}
	if ok, err := st.BeginRevision(ctx, u); err != nil || !ok {
		t.Fatalf("begin: %v %v", ok, err)
	}
	if err := st.PutRecord(ctx, article.Record{Tenant: "acme", Source: "generic", ID: "a", Revision: u.Revision, Status: article.StatusDone,
		Summary: &article.Summary{Article: article.Article{Source: "generic", ID: "a", Revision: u.Revision}}}); err != nil {
		t.Fatal(err)
	}
	rec, err := st.GetRecord(ctx, "acme", "generic", "a")
	if err != nil || rec.Title != "T" || strings.Join(rec.Authors, ";") != "Pat Writer" {
		t.Fatalf("record = %+v (%v)", rec, err)
	}
}
