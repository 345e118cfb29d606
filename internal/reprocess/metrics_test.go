package reprocess_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest/stack"
	"github.com/whosaid/whosaid/internal/correlation"
	"github.com/whosaid/whosaid/internal/metrics"
	"github.com/whosaid/whosaid/internal/queue"
	"github.com/whosaid/whosaid/internal/reprocess"
	"github.com/whosaid/whosaid/internal/store/dynamo"
)

// TestRunEmitsEnqueuedAndCorrelates checks a run's ReprocessEnqueued
// metric, by reason and in total, and that every message it sends carries
// the run's one correlation id.
func TestRunEmitsEnqueuedAndCorrelates(t *testing.T) {
	st := stack.New(t)
	ctx := context.Background()
	records := dynamo.New(st.DynamoDB, stack.Table)
	for _, id := range []string{"a", "b"} {
		rev := "sha256:" + id
		if _, err := records.BeginRevision(ctx, dynamo.Revision{Tenant: "desk", Source: "generic", ID: id, Revision: rev, Arrival: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	if err := records.PutRecord(ctx, article.Record{Tenant: "desk", Source: "generic", ID: "b", Revision: "sha256:b", Status: article.StatusFailed, ConfigHash: "current", Error: "boom"}); err != nil {
		t.Fatal(err)
	}
	st.Drain(t)
	var emf bytes.Buffer
	// The clock moves on between the runs, past the first retry's backoff.
	at := time.Now().Add(time.Hour)
	clock := func() time.Time { return at }
	h := reprocess.New(records, queue.New(st.SQS, st.QueueURL, stack.Bucket), "current", reprocess.WithClock(clock), reprocess.WithMetrics(metrics.New(&emf)))
	out, err := h.Handle(ctx, reprocess.Input{Limit: 10, Reason: "test"})
	if err != nil || out.Enqueued != 2 {
		t.Fatalf("run: %+v %v", out, err)
	}
	// A second run, after the backoff: the articles still wait, so it
	// sends them again, under its own correlation id.
	at = at.Add(12 * time.Hour)
	if out, err := h.Handle(ctx, reprocess.Input{Limit: 10, Reason: "test"}); err != nil || out.Enqueued != 2 {
		t.Fatalf("second run: %+v %v", out, err)
	}
	pts, err := metrics.Parse(&emf)
	if err != nil {
		t.Fatal(err)
	}
	for reason, want := range map[string]float64{"failed": 1, "pending": 1} {
		if got, _ := metrics.Sum(pts, metrics.Enqueued, map[string]string{"Reason": reason}); got < want {
			t.Errorf("ReprocessEnqueued{Reason=%s} = %v, want at least %v", reason, got, want)
		}
	}
	if got, _ := metrics.Sum(pts, metrics.Enqueued, nil); got != 4 {
		t.Errorf("ReprocessEnqueued total = %v over two runs, want 4", got)
	}
	ids := map[string]bool{}
	for _, m := range st.Drain(t) {
		a, ok := m.MessageAttributes[correlation.Key]
		if !ok || a.StringValue == nil || correlation.Clean(*a.StringValue) == "" {
			t.Fatalf("message without a correlation id: %+v", m.MessageAttributes)
		}
		ids[*a.StringValue] = true
	}
	if len(ids) != 2 {
		t.Errorf("two runs should give two correlation ids, got %v", ids)
	}
}
