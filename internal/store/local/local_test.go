package local

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
)

func TestPutTextIfAbsent(t *testing.T) {
	s, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	key := article.TextKey("t", "local", "a/b", "sha256:00")
	created, err := s.PutText(ctx, key, []byte("first"))
	if err != nil || !created {
		t.Fatalf("first put: created=%v err=%v", created, err)
	}
	created, err = s.PutText(ctx, key, []byte("second"))
	if err != nil || created {
		t.Fatalf("second put: created=%v err=%v, want not created", created, err)
	}
	got, err := s.GetText(ctx, key)
	if err != nil || string(got) != "first" {
		t.Fatalf("get = %q, %v; want the first body kept", got, err)
	}
	if _, err := s.PutText(ctx, "../../etc/passwd", nil); err == nil {
		t.Fatal("a key escaping the folder was accepted")
	}
	if left, _ := filepath.Glob(filepath.Join(s.dir, "s3", "text", "local", "*", ".tmp-*")); len(left) != 0 {
		t.Fatalf("temporary files left behind: %v", left)
	}
}

func TestRecordRoundTrip(t *testing.T) {
	dir := t.TempDir()
	s, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if rec, err := s.GetRecord(ctx, "t", "local", "x"); err != nil || rec != nil {
		t.Fatalf("missing record: %v, %v", rec, err)
	}
	sum := &article.Summary{
		Speakers: []article.Speaker{{ID: "s1", Name: "Dr. Ana Silva"}},
		Quotes:   []article.Quote{{ID: "q1", Speaker: "s1", Text: "a"}, {ID: "q2", Speaker: "s1", Text: "b"}},
	}
	rec := article.Record{Tenant: "t", Source: "local", ID: "x", Revision: "sha256:1", Status: article.StatusDone, UpdatedAt: time.Unix(0, 0).UTC(), Summary: sum}
	if err := s.PutRecord(ctx, rec); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetRecord(ctx, "t", "local", "x")
	if err != nil || got.Revision != "sha256:1" || len(got.Summary.Quotes) != 2 {
		t.Fatalf("got %+v, %v", got, err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "dynamodb", "*", "*"))
	if len(files) != 1 || filepath.Base(files[0]) != "SUMMARY.json" {
		t.Fatalf("files of the article = %v, want SUMMARY.json only", files)
	}
	qs, _, err := s.QuotesBySpeaker(ctx, "t", "ana SILVA", 10, "")
	if err != nil || len(qs) != 2 || qs[0].ID != "x" {
		t.Fatalf("speaker quotes = %+v %v", qs, err)
	}
	if other, _, _ := s.QuotesBySpeaker(ctx, "other", "Ana Silva", 10, ""); len(other) != 0 {
		t.Fatalf("another tenant sees %d quotes", len(other))
	}
	// A new revision with fewer quotes replaces the old quotes.
	rec.Revision, rec.Summary = "sha256:2", &article.Summary{Speakers: sum.Speakers, Quotes: sum.Quotes[:1]}
	if err := s.PutRecord(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if qs, _, _ := s.QuotesBySpeaker(ctx, "t", "Ana Silva", 10, ""); len(qs) != 1 {
		t.Fatalf("speaker quotes after update = %d, want 1", len(qs))
	}
}

// TestFilesPerArticleAreBounded: an article with thousands of quotations is
// one item file, and ids as long as ingest accepts are stored.
func TestFilesPerArticleAreBounded(t *testing.T) {
	dir := t.TempDir()
	s, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	sum := &article.Summary{Speakers: []article.Speaker{{ID: "s1", Name: "Ana Silva"}}}
	for i := range 5000 {
		sum.Quotes = append(sum.Quotes, article.Quote{ID: fmt.Sprint("q", i), Speaker: "s1", Text: "x"})
	}
	id := strings.Repeat("é#/", article.MaxIDBytes/4)
	if err := article.CheckKeyPart("id", id, article.MaxIDBytes); err != nil {
		t.Fatal(err)
	}
	key := article.TextKey("t", "generic", id, article.Revision("x"))
	if _, err := s.PutText(ctx, key, []byte("x")); err != nil {
		t.Fatalf("text of a long id: %v", err)
	}
	rec := article.Record{Tenant: "t", Source: "generic", ID: id, Revision: article.Revision("x"), Status: article.StatusDone, Summary: sum}
	if err := s.PutRecord(ctx, rec); err != nil {
		t.Fatalf("record of a long id: %v", err)
	}
	got, err := s.GetRecord(ctx, "t", "generic", id)
	if err != nil || got == nil || len(got.Summary.Quotes) != 5000 {
		t.Fatalf("read back: %v", err)
	}
	n := 0
	_ = filepath.WalkDir(filepath.Join(dir, "dynamodb"), func(_ string, d fs.DirEntry, _ error) error {
		if !d.IsDir() {
			n++
		}
		return nil
	})
	if n != 1 {
		t.Fatalf("%d item files for one article, want 1", n)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// FuzzLocalStoresWhatIngestAccepts: any tenant, source and id that ingest
// accepts (article.CheckKeyPart) is stored and read back by the local
// store, as S3 and DynamoDB would.
func FuzzLocalStoresWhatIngestAccepts(f *testing.F) {
	for _, seed := range []string{"4242", "a#b", "posts/42 draft", "100%", ".hidden", "-", "~x", "é#/é", strings.Repeat("ü", 100), "a\\b", "x:y?z*", " lead", "CON"} {
		f.Add("desk", "generic", seed)
	}
	f.Add("t#1", "a/b", "c")
	dir := f.TempDir()
	s, err := New(dir)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, tenant, source, id string) {
		if article.CheckKeyPart("tenant", tenant, article.MaxTenantBytes) != nil ||
			article.CheckKeyPart("source", source, article.MaxSourceBytes) != nil ||
			article.CheckKeyPart("id", id, article.MaxIDBytes) != nil {
			t.Skip()
		}
		ctx := context.Background()
		rev := article.Revision(tenant + source + id)
		if _, err := s.PutText(ctx, article.TextKey(tenant, source, id, rev), []byte(id)); err != nil {
			t.Fatalf("text of %q/%q/%q: %v", tenant, source, id, err)
		}
		if _, err := s.BeginRevision(ctx, article.Update{Tenant: tenant, Source: source, ID: id, Revision: rev, Arrival: time.Now()}); err != nil {
			t.Fatalf("record of %q/%q/%q: %v", tenant, source, id, err)
		}
		rec, err := s.GetRecord(ctx, tenant, source, id)
		if err != nil || rec == nil || rec.Tenant != tenant || rec.Source != source || rec.ID != id {
			t.Fatalf("read back %q/%q/%q: %+v %v", tenant, source, id, rec, err)
		}
		b, err := s.GetText(ctx, article.TextKey(tenant, source, id, rev))
		if err != nil || string(b) != id {
			t.Fatalf("text back: %q %v", b, err)
		}
	})
}

// TestRevisionOrder: the local store orders revisions as DynamoDB does: CMS
// time, then version, then arrival; without a time or version an earlier
// body never comes back.
func TestRevisionOrder(t *testing.T) {
	s, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	t0 := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	u := func(id, rev string, cms time.Time, version int64, arrival time.Duration) article.Update {
		return article.Update{Tenant: "t", Source: "generic", ID: id, Revision: rev, CMSUpdated: cms, CMSVersion: version, Arrival: t0.Add(arrival)}
	}
	steps := []struct {
		name    string
		u       article.Update
		changed bool
	}{
		{"first", u("a", "sha256:A", time.Time{}, 0, 1), true},
		{"later arrival", u("a", "sha256:B", time.Time{}, 0, 2), true},
		{"replayed earlier body", u("a", "sha256:A", time.Time{}, 0, 3), false},
		{"version 2", u("v", "sha256:B", time.Time{}, 2, 1), true},
		{"older version, later arrival", u("v", "sha256:A", time.Time{}, 1, 2), false},
		{"newer version brings A back", u("v", "sha256:A", time.Time{}, 3, 3), true},
		{"with a CMS time", u("c", "sha256:B", t0, 0, 1), true},
		{"older CMS time", u("c", "sha256:A", t0.Add(-time.Minute), 0, 2), false},
		{"newer CMS time brings A back", u("c", "sha256:A", t0.Add(time.Minute), 0, 3), true},
	}
	for _, st := range steps {
		changed, err := s.BeginRevision(ctx, st.u)
		if err != nil || changed != st.changed {
			t.Fatalf("%s: changed=%v %v, want %v", st.name, changed, err, st.changed)
		}
	}
	if rec, _ := s.GetRecord(ctx, "t", "generic", "a"); rec.Revision != "sha256:B" {
		t.Fatalf("a = %s, want B", rec.Revision)
	}
}

func TestSweepLeases(t *testing.T) {
	ctx := context.Background()
	s, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	until := time.Now().Add(time.Hour)
	if ok, err := s.Acquire(ctx, "sweep:all", "a", until); err != nil || !ok {
		t.Fatalf("first acquire: %v %v", ok, err)
	}
	if ok, _ := s.Acquire(ctx, "sweep:all", "b", until); ok {
		t.Fatal("a second owner took a held lease")
	}
	if ok, _ := s.Acquire(ctx, "sweep:failed", "b", until); !ok {
		t.Fatal("another lease name was refused")
	}
	// A lease left by a process that is gone is free.
	if err := writeJSON(s.leasePath("sweep:stale"), lease{Owner: "dead", Expires: until, PID: 1 << 30}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.Acquire(ctx, "sweep:stale", "b", until); !ok {
		t.Fatal("the lease of a dead process was not taken over")
	}
	if err := s.Release(ctx, "sweep:all", "a"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.Acquire(ctx, "sweep:all", "b", until); !ok {
		t.Fatal("a released lease was refused")
	}
}
