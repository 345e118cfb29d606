package local

import (
	"context"
	"os"
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
	key := article.TextKey("local", "a/b", "sha256:00")
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
	if rec, err := s.GetRecord(ctx, "local", "x"); err != nil || rec != nil {
		t.Fatalf("missing record: %v, %v", rec, err)
	}
	sum := &article.Summary{
		Speakers: []article.Speaker{{ID: "s1", Name: "Dr. Ana Silva"}},
		Quotes:   []article.Quote{{ID: "q1", Speaker: "s1", Text: "a"}, {ID: "q2", Speaker: "s1", Text: "b"}},
	}
	rec := article.Record{Source: "local", ID: "x", Revision: "sha256:1", Status: article.StatusDone, UpdatedAt: time.Unix(0, 0).UTC(), Summary: sum}
	if err := s.PutRecord(ctx, rec); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetRecord(ctx, "local", "x")
	if err != nil || got.Revision != "sha256:1" || len(got.Summary.Quotes) != 2 {
		t.Fatalf("got %+v, %v", got, err)
	}
	quotes, _ := filepath.Glob(filepath.Join(dir, "dynamodb", "ART#local#x", "QUOTE#*.json"))
	if len(quotes) != 2 {
		t.Fatalf("quote items = %v, want 2", quotes)
	}
	b, _ := os.ReadFile(quotes[0])
	if !contains(string(b), `"speaker_key": "ana silva"`) {
		t.Errorf("quote item lacks the normalised speaker key: %s", b)
	}
	// A new revision with fewer quotes replaces the old quote items.
	rec.Revision, rec.Summary = "sha256:2", &article.Summary{Speakers: sum.Speakers, Quotes: sum.Quotes[:1]}
	if err := s.PutRecord(ctx, rec); err != nil {
		t.Fatal(err)
	}
	quotes, _ = filepath.Glob(filepath.Join(dir, "dynamodb", "ART#local#x", "QUOTE#*.json"))
	if len(quotes) != 1 {
		t.Fatalf("quote items after update = %v, want 1", quotes)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
