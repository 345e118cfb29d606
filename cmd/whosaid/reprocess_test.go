package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/offline"
	"github.com/whosaid/whosaid/internal/store/local"
)

// seed stores n articles summarized under an old configuration, and one
// FAILED article whose text is missing (it fails on every try).
func seed(t *testing.T, dir string, n int) *local.Store {
	t.Helper()
	ctx := context.Background()
	st, err := local.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		text := fmt.Sprintf("Mayor Lena Ortiz opened ward %d on Friday.\n\n“The doors are open to everyone,” she said.", i)
		id := fmt.Sprintf("ward-%d", i)
		rev := article.Revision(text)
		if _, err := st.PutText(ctx, article.TextKey(article.LocalTenant, "local", id, rev), []byte(text)); err != nil {
			t.Fatal(err)
		}
		if _, err := st.BeginRevision(ctx, article.Update{Tenant: article.LocalTenant, Source: "local", ID: id, Revision: rev, Arrival: time.Now()}); err != nil {
			t.Fatal(err)
		}
		if err := st.PutRecord(ctx, article.Record{Tenant: article.LocalTenant, Source: "local", ID: id, Revision: rev, Status: article.StatusDone, ConfigHash: "old",
			Summary: &article.Summary{Speakers: []article.Speaker{}, Quotes: []article.Quote{}}, UpdatedAt: time.Now().UTC()}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.BeginRevision(ctx, article.Update{Tenant: article.LocalTenant, Source: "local", ID: "lost", Revision: "sha256:lost", Arrival: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := st.PutRecord(ctx, article.Record{Tenant: article.LocalTenant, Source: "local", ID: "lost", Revision: "sha256:lost", Status: article.StatusFailed, Error: "stored text is missing", UpdatedAt: time.Now().UTC()}); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestReprocessDryRunSweepAndStatus(t *testing.T) {
	dir := t.TempDir()
	st := seed(t, dir, 5)
	code, out, stderr := runCLI(t, "", "reprocess", "--data-dir", dir, "--extractor", "offline", "--dry-run", "all")
	if code != 0 || !strings.Contains(out, "articles:       6 (failed 1, stale:old 5)") || !strings.Contains(out, "cost, batch:") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, stderr)
	}
	code, out, stderr = runCLI(t, "", "reprocess", "--data-dir", dir, "--extractor", "offline", "--limit", "2", "stale")
	if code != 0 || !strings.Contains(out, "stale: 2 articles summarized again") || !strings.Contains(out, "run again to resume") {
		t.Fatalf("limited run: exit %d\n%s%s", code, out, stderr)
	}
	code, out, stderr = runCLI(t, "", "reprocess", "--data-dir", dir, "--extractor", "offline", "stale")
	if code != 0 || !strings.Contains(out, "stale: 3 articles summarized again") || !strings.Contains(out, "complete") {
		t.Fatalf("resumed run: exit %d\n%s%s", code, out, stderr)
	}
	hash := offline.New(offline.DefaultConfig()).ConfigHash()
	for i := range 5 {
		rec, err := st.GetRecord(context.Background(), article.LocalTenant, "local", fmt.Sprintf("ward-%d", i))
		if err != nil || rec.Status != article.StatusDone || rec.ConfigHash != hash || len(rec.Summary.Quotes) != 1 {
			t.Fatalf("ward-%d after the sweep: %+v, %v", i, rec, err)
		}
	}
	// The failing article is tried, backs off, and is parked.
	for range 2 {
		code, out, stderr = runCLI(t, "", "reprocess", "--data-dir", dir, "--extractor", "offline", "--max-attempts", "2", "--backoff", "1ns")
		if code != 0 || !strings.Contains(out, "failed: 1 articles summarized again (1 failed)") {
			t.Fatalf("failed run: exit %d\n%s%s", code, out, stderr)
		}
	}
	code, out, stderr = runCLI(t, "", "reprocess", "--data-dir", dir, "--extractor", "offline", "--max-attempts", "2", "--backoff", "1ns")
	if code != 0 || !strings.Contains(out, "0 articles summarized again (0 failed), 1 parked") {
		t.Fatalf("parking run: exit %d\n%s%s", code, out, stderr)
	}
	code, out, stderr = runCLI(t, "", "reprocess", "--data-dir", dir, "--extractor", "offline", "--status")
	if code != 0 || !strings.Contains(out, "parked (GAVE_UP): 1") || !strings.Contains(out, "lost  2 attempts  stored text is missing") || !strings.Contains(out, "current:"+hash) {
		t.Fatalf("status: exit %d\n%s%s", code, out, stderr)
	}
	if code, _, stderr := runCLI(t, "", "reprocess", "--data-dir", dir, "everything"); code != 2 || !strings.Contains(stderr, "unknown MODE") {
		t.Fatalf("bad mode: exit %d %s", code, stderr)
	}
}

func TestProgressBar(t *testing.T) {
	var b strings.Builder
	p := &progress{w: &b, total: 4, start: time.Now()}
	for range 2 {
		p.step()
	}
	p.finish()
	out := b.String()
	if !strings.Contains(out, "\r["+strings.Repeat("=", 15)+strings.Repeat(" ", 15)+"] 2/4 articles") || !strings.HasSuffix(out, "\n") {
		t.Fatalf("progress = %q", out)
	}
	var none *progress
	none.step() // no bar off a terminal: a no-op
}
