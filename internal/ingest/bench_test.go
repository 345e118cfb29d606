package ingest_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
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

// floorDelivery makes the three AWS calls an accepted delivery makes, as
// the storage adapters send them — the payload put-if-absent, the article
// item's conditional update, the text put-if-absent (which moto announces
// on the queue, as for ingest) — from inputs computed beforehand: no
// signature check, parsing, conversion, hashing or logging.
func floorDelivery(ctx context.Context, e *env, d floorInput) error {
	if _, err := e.objects.PutPayload(ctx, d.payloadKey, d.body); err != nil {
		return err
	}
	if _, err := e.records.BeginRevision(ctx, d.update); err != nil {
		return err
	}
	_, err := e.objects.PutText(ctx, d.textKey, d.text)
	return err
}

// floorInput is what the handler would compute from a delivery.
type floorInput struct {
	payloadKey, textKey string
	body, text          []byte
	update              article.Update
}

func newFloorInput(i int, body string) floorInput {
	id := fmt.Sprintf("floor-%d", i)
	text := []byte("Harbour Master Ines Varga inspected the pier.\n\n“The storm took half the railings,” she said.")
	rev := article.Revision(string(text))
	at, _ := time.Parse(time.RFC3339, "2026-11-20T09:00:00Z")
	return floorInput{
		payloadKey: "payloads/desk/generic/" + id + "/msg.json", textKey: article.TextKey("desk", "generic", id, rev),
		body: []byte(body), text: text,
		update: article.Update{Tenant: "desk", Source: "generic", ID: id, Revision: rev, CMSUpdated: at, Arrival: now, Title: "Pier"},
	}
}

// BenchmarkIngestVsFloor sends deliveries of distinct articles one at a
// time, alternating with the three-call floor against the same moto, and
// reports both medians and their ratio (goal ≤ 1.2×). Run:
// go test -run '^$' -bench IngestVsFloor ./internal/ingest
func BenchmarkIngestVsFloor(b *testing.B) {
	for b.Loop() {
		e := newEnv(b)
		ctx := context.Background()
		const total = 300
		var handler, floor []time.Duration
		for i := range total {
			body := payload("article.published", fmt.Sprintf("bench-%d", i), "2026-11-20T09:00:00Z", story)
			req := signed(b, fmt.Sprintf("msg_%d", i), body, now)
			in := newFloorInput(i, body)
			run := func() {
				start := time.Now()
				resp, err := e.h.Handle(ctx, req)
				handler = append(handler, time.Since(start))
				if err != nil || resp.StatusCode != 202 {
					b.Fatalf("delivery %d: %d %v %s", i, resp.StatusCode, err, resp.Body)
				}
			}
			base := func() {
				start := time.Now()
				if err := floorDelivery(ctx, e, in); err != nil {
					b.Fatal(err)
				}
				floor = append(floor, time.Since(start))
			}
			if i%2 == 0 { // alternate which goes first
				run()
				base()
			} else {
				base()
				run()
			}
		}
		p50 := func(ds []time.Duration) float64 {
			s := slices.Clone(ds)
			slices.Sort(s)
			return float64(s[len(s)/2].Microseconds()) / 1000
		}
		b.ReportMetric(p50(handler), "ingest-ms-p50")
		b.ReportMetric(p50(floor), "floor-ms-p50")
		b.ReportMetric(p50(handler)/p50(floor), "ratio-p50")
	}
}
