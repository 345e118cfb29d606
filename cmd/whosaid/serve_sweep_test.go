package main

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/offline"
	"github.com/whosaid/whosaid/internal/secrets"
	"github.com/whosaid/whosaid/internal/store/local"
	"github.com/whosaid/whosaid/internal/summarize"
)

// TestServeSweepFinishesLostWork: a revision that was accepted (PENDING,
// its text stored) but never reached the summarizer, as when the backlog was
// full, is found by serve's reprocess timer and summarized.
func TestServeSweepFinishesLostWork(t *testing.T) {
	store, err := local.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	text := "“The ferry runs all winter,” said Captain Rita Olsen."
	rev := article.Revision(text)
	// Accepted, then lost: written to the stores directly, announced to no one.
	if _, err := store.BeginRevision(ctx, article.Update{Tenant: "desk", Source: "generic", ID: "lost", Revision: rev, Arrival: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.PutText(ctx, article.TextKey("desk", "generic", "lost", rev), []byte(text)); err != nil {
		t.Fatal(err)
	}
	x := offline.New(offline.DefaultConfig())
	srv := newServer(store, secrets.Tenants{}, summarize.New(store, store, x, 3), 1<<20)
	srv.enableSweep(x.ConfigHash(), 20*time.Millisecond)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.run(runCtx, l) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	// Generous: the point is that it happens, not how fast.
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		rec, err := store.GetRecord(ctx, "desk", "generic", "lost")
		if err != nil {
			t.Fatal(err)
		}
		if rec.Status == article.StatusDone {
			if len(rec.Summary.Quotes) != 1 {
				t.Fatalf("summary has %d quotes, want 1", len(rec.Summary.Quotes))
			}
			return
		}
	}
	t.Fatal("the lost revision is still PENDING")
}
