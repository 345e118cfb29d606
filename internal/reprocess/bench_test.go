package reprocess_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/reprocess"
	"github.com/whosaid/whosaid/internal/store/dynamo"
)

// BenchmarkSweepEnqueue measures articles enqueued per second by one stale
// sweep against moto (DynamoDB work-index Queries, one SQS message per
// article), unpaced: go test -bench SweepEnqueue -benchtime 1x ./internal/reprocess
func BenchmarkSweepEnqueue(b *testing.B) {
	f := newFixtureB(b)
	ctx := context.Background()
	const n = 400
	for i := range n {
		id := fmt.Sprintf("old-%04d", i)
		rev := "sha256:" + id
		if _, err := f.records.BeginRevision(ctx, dynamo.Revision{Tenant: "desk", Source: "generic", ID: id, Revision: rev, Arrival: time.Now()}); err != nil {
			b.Fatal(err)
		}
		if err := f.records.PutRecord(ctx, article.Record{Tenant: "desk", Source: "generic", ID: id, Revision: rev, Status: article.StatusDone, ConfigHash: "old",
			Summary: &article.Summary{Speakers: []article.Speaker{}, Quotes: []article.Quote{}}}); err != nil {
			b.Fatal(err)
		}
	}
	f.st.Drain(b)
	c := newClock()
	b.ResetTimer()
	total := 0
	start := time.Now()
	for range b.N {
		h := reprocess.New(f.records, f.queue, "current", reprocess.WithClock(c.now), reprocess.WithSleep(c.sleep), reprocess.WithRate(-1, -1, 0))
		out, err := h.Handle(ctx, reprocess.Input{Mode: reprocess.ModeStale})
		if err != nil || !out.Complete {
			b.Fatalf("%+v %v", out, err)
		}
		total += out.Enqueued
	}
	b.ReportMetric(float64(total)/time.Since(start).Seconds(), "articles/s")
}
