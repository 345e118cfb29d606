package ingest_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"
)

// BenchmarkIngestLatency sends 1,000 signed deliveries (distinct articles)
// through the handler against moto from 4 concurrent senders, and reports
// the median and p99 latency. Run: go test -run '^$' -bench IngestLatency ./internal/ingest
func BenchmarkIngestLatency(b *testing.B) {
	for b.Loop() {
		e := newEnv(b).h
		const total, workers = 1000, 4
		lat := make([]time.Duration, total)
		var wg sync.WaitGroup
		next := make(chan int)
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					body := payload("article.published", fmt.Sprintf("bench-%d", i), "2026-11-20T09:00:00Z", story)
					req := signed(b, fmt.Sprintf("msg_%d", i), body, now)
					start := time.Now()
					resp, err := e.Handle(context.Background(), req)
					lat[i] = time.Since(start)
					if err != nil || resp.StatusCode != 202 {
						b.Errorf("delivery %d: %d %v %s", i, resp.StatusCode, err, resp.Body)
					}
				}
			}()
		}
		for i := range total {
			next <- i
		}
		close(next)
		wg.Wait()
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		b.ReportMetric(float64(lat[total/2].Microseconds())/1000, "ms-p50")
		b.ReportMetric(float64(lat[total*99/100].Microseconds())/1000, "ms-p99")
	}
}
