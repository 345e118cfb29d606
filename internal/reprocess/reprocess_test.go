package reprocess_test

import (
	"context"
	"fmt"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest"
	"github.com/whosaid/whosaid/internal/awstest/stack"
	"github.com/whosaid/whosaid/internal/queue"
	"github.com/whosaid/whosaid/internal/reprocess"
	"github.com/whosaid/whosaid/internal/store/dynamo"
)

func TestMain(m *testing.M) { os.Exit(awstest.Main(m)) }

func TestFindsFailedPendingAndStaleResumably(t *testing.T) {
	st := stack.New(t)
	ctx := context.Background()
	records := dynamo.New(st.DynamoDB, stack.Table)
	put := func(id string, status article.Status, hash string) {
		rev := "sha256:" + id
		if _, err := records.BeginRevision(ctx, dynamo.Revision{Tenant: "desk", Source: "generic", ID: id, Revision: rev, Arrival: time.Now()}); err != nil {
			t.Fatal(err)
		}
		switch status {
		case article.StatusDone:
			err := records.PutRecord(ctx, article.Record{Tenant: "desk", Source: "generic", ID: id, Revision: rev, Status: status, ConfigHash: hash,
				Summary: &article.Summary{Speakers: []article.Speaker{}, Quotes: []article.Quote{}}})
			if err != nil {
				t.Fatal(err)
			}
		case article.StatusFailed:
			if err := records.PutRecord(ctx, article.Record{Tenant: "desk", Source: "generic", ID: id, Revision: rev, Status: status, ConfigHash: hash, Error: "boom"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := map[string]bool{}
	for i := range 3 {
		put(fmt.Sprintf("failed-%d", i), article.StatusFailed, "current")
		want[fmt.Sprintf("failed-%d", i)] = true
	}
	put("pending-0", article.StatusPending, "")
	want["pending-0"] = true
	for i := range 4 {
		put(fmt.Sprintf("stale-%d", i), article.StatusDone, "old")
		want[fmt.Sprintf("stale-%d", i)] = true
	}
	for i := range 3 {
		put(fmt.Sprintf("fresh-%d", i), article.StatusDone, "current")
	}
	if _, err := records.Withdraw(ctx, dynamo.Revision{Tenant: "desk", Source: "generic", ID: "gone", Arrival: time.Now()}); err != nil {
		t.Fatal(err)
	}
	st.Drain(t) // the records were written without texts: nothing to announce

	later := func() time.Time { return time.Now().Add(time.Hour) }
	h := reprocess.New(records, queue.New(st.SQS, st.QueueURL, stack.Bucket), "current", reprocess.WithClock(later))
	got := map[string]int{}
	runs := 0
	for {
		runs++
		out, err := h.Handle(ctx, reprocess.Input{Limit: 3, Reason: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if out.Enqueued > 3 {
			t.Fatalf("run %d enqueued %d, over the limit of 3", runs, out.Enqueued)
		}
		for _, m := range st.Drain(t) {
			keys, _ := queue.Keys(*m.Body)
			for _, k := range keys {
				_, _, id, _, _ := article.ParseTextKey(k)
				got[id]++
			}
		}
		if out.Complete {
			break
		}
		if runs > 10 {
			t.Fatal("runs never complete")
		}
	}
	var ids []string
	for id, n := range got {
		ids = append(ids, id)
		if n != 1 {
			t.Errorf("%s enqueued %d times across resumed runs, want once", id, n)
		}
		if !want[id] {
			t.Errorf("%s should not be reprocessed", id)
		}
	}
	sort.Strings(ids)
	if len(got) != len(want) {
		t.Fatalf("enqueued %v, want %d items", ids, len(want))
	}
	if runs < 3 {
		t.Fatalf("8 items at 3 per run took %d runs", runs)
	}

	// Fresh failures and just-ingested articles wait for a later run.
	now := reprocess.New(records, queue.New(st.SQS, st.QueueURL, stack.Bucket), "old")
	out, err := now.Handle(ctx, reprocess.Input{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if out.ByReason["failed"] != 0 || out.ByReason["pending"] != 0 || out.ByReason["stale:current"] != 3 {
		t.Fatalf("by reason = %v; want only the 3 DONE-with-current items, now stale", out.ByReason)
	}
}
