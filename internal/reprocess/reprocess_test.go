package reprocess_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
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

// clock is a fake clock: sleeping advances it, so no test waits.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Now().Add(time.Hour)} }

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func (c *clock) sleep(_ context.Context, d time.Duration) error {
	c.advance(d)
	return nil
}

type fixture struct {
	st      *stack.Stack
	records *dynamo.Store
	queue   *queue.Queue
}

func newFixture(t *testing.T) *fixture { return newFixtureB(t) }

func newFixtureB(t testing.TB) *fixture {
	st := stack.New(t)
	return &fixture{st: st, records: dynamo.New(st.DynamoDB, stack.Table), queue: queue.New(st.SQS, st.QueueURL, stack.Bucket)}
}

func (f *fixture) put(t *testing.T, id string, status article.Status, hash string) {
	t.Helper()
	ctx := context.Background()
	rev := "sha256:" + id
	if _, err := f.records.BeginRevision(ctx, dynamo.Revision{Tenant: "desk", Source: "generic", ID: id, Revision: rev, Arrival: time.Now()}); err != nil {
		t.Fatal(err)
	}
	var err error
	switch status {
	case article.StatusDone:
		err = f.records.PutRecord(ctx, article.Record{Tenant: "desk", Source: "generic", ID: id, Revision: rev, Status: status, ConfigHash: hash,
			Summary: &article.Summary{Speakers: []article.Speaker{}, Quotes: []article.Quote{}}})
	case article.StatusFailed:
		err = f.records.PutRecord(ctx, article.Record{Tenant: "desk", Source: "generic", ID: id, Revision: rev, Status: status, ConfigHash: hash, Error: "boom " + id})
	}
	if err != nil {
		t.Fatal(err)
	}
}

// drained returns how often each article id was enqueued since the last call.
func (f *fixture) drained(t *testing.T) map[string]int {
	got := map[string]int{}
	for _, m := range f.st.Drain(t) {
		keys, _ := queue.Keys(*m.Body)
		for _, k := range keys {
			_, _, id, _, _ := article.ParseTextKey(k)
			got[id]++
		}
	}
	return got
}

func TestModesFindFailedPendingStaleAndAll(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	failed := map[string]bool{}
	for i := range 3 {
		f.put(t, fmt.Sprintf("failed-%d", i), article.StatusFailed, "current")
		failed[fmt.Sprintf("failed-%d", i)] = true
	}
	f.put(t, "pending-0", article.StatusPending, "")
	failed["pending-0"] = true
	stale := map[string]bool{}
	for i := range 4 {
		f.put(t, fmt.Sprintf("stale-%d", i), article.StatusDone, "old")
		stale[fmt.Sprintf("stale-%d", i)] = true
	}
	for i := range 3 {
		f.put(t, fmt.Sprintf("fresh-%d", i), article.StatusDone, "current")
	}
	if _, err := f.records.Withdraw(ctx, dynamo.Revision{Tenant: "desk", Source: "generic", ID: "gone", Arrival: time.Now()}); err != nil {
		t.Fatal(err)
	}
	f.st.Drain(t)

	c := newClock()
	h := reprocess.New(f.records, f.queue, "current", reprocess.WithClock(c.now), reprocess.WithSleep(c.sleep))
	check := func(mode string, want map[string]bool) {
		t.Helper()
		out, err := h.Handle(ctx, reprocess.Input{Mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		got := f.drained(t)
		if !out.Complete || out.Enqueued != len(want) || len(got) != len(want) {
			t.Fatalf("mode %s: out %+v, enqueued %v; want %d articles", mode, out, got, len(want))
		}
		for id, n := range got {
			if !want[id] || n != 1 {
				t.Errorf("mode %s: %s enqueued %d times, want %v", mode, id, n, want[id])
			}
		}
	}
	check("", failed) // the default mode
	check(reprocess.ModeStale, stale)
	// All: every DONE article, and the failures once their backoff is over.
	c.advance(reprocess.DefaultBackoff + reprocess.PendingAge + time.Minute)
	all := map[string]bool{}
	for id := range failed {
		all[id] = true
	}
	for id := range stale {
		all[id] = true
	}
	for i := range 3 {
		all[fmt.Sprintf("fresh-%d", i)] = true
	}
	check(reprocess.ModeAll, all)

	if _, err := h.Handle(ctx, reprocess.Input{Mode: "everything"}); err == nil {
		t.Fatal("an unknown mode was accepted")
	}
}

func TestSweepResumesAcrossRunsAtTheRate(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	const n = 23
	for i := range n {
		f.put(t, fmt.Sprintf("old-%02d", i), article.StatusDone, "old")
	}
	f.st.Drain(t)
	c := newClock()
	// 60 articles a minute: one a second; a budget of 5 s takes 6 a run.
	h := reprocess.New(f.records, f.queue, "current", reprocess.WithClock(c.now), reprocess.WithSleep(c.sleep),
		reprocess.WithRate(60, -1, 0), reprocess.WithBudget(5*time.Second))
	got := map[string]int{}
	runs := 0
	for {
		runs++
		start := c.now()
		out, err := h.Handle(ctx, reprocess.Input{Mode: reprocess.ModeStale})
		if err != nil {
			t.Fatal(err)
		}
		if out.Enqueued > 6 {
			t.Fatalf("run %d enqueued %d: over the budget at the rate", runs, out.Enqueued)
		}
		if spent := c.now().Sub(start); out.Enqueued > 1 && spent < time.Duration(out.Enqueued-1)*time.Second {
			t.Fatalf("run %d enqueued %d in %v of the clock: faster than 60 a minute", runs, out.Enqueued, spent)
		}
		for id, k := range f.drained(t) {
			got[id] += k
		}
		if out.Complete {
			break
		}
		if runs > 20 {
			t.Fatal("the sweep never completes")
		}
		c.advance(time.Minute)
	}
	if len(got) != n {
		t.Fatalf("enqueued %d distinct articles, want %d", len(got), n)
	}
	for id, k := range got {
		if k != 1 {
			t.Errorf("%s enqueued %d times across resumed runs", id, k)
		}
	}
	if runs < 4 {
		t.Fatalf("%d articles at 6 a run took %d runs", n, runs)
	}
	// A finished sweep starts again from the beginning next time.
	out, err := h.Handle(ctx, reprocess.Input{Mode: reprocess.ModeStale, Limit: 2})
	if err != nil || out.Enqueued != 2 || out.Complete {
		t.Fatalf("new sweep: %+v, %v", out, err)
	}
	// Resume continues the open stale sweep.
	f.st.Drain(t)
	c.advance(time.Minute)
	out, err = h.Handle(ctx, reprocess.Input{Mode: reprocess.ModeResume, Limit: 100})
	if err != nil || len(out.Runs) != 1 || out.Runs[0].Mode != reprocess.ModeStale {
		t.Fatalf("resume: %+v, %v", out, err)
	}
}

func TestOneSweepPerModeAtATime(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	const n = 40
	for i := range n {
		f.put(t, fmt.Sprintf("old-%02d", i), article.StatusDone, "old")
	}
	f.st.Drain(t)
	c := newClock()
	// A run holding the lease refuses the second.
	if ok, err := f.records.Acquire(ctx, reprocess.CursorName(reprocess.ModeStale), "someone", c.now().Add(time.Hour)); err != nil || !ok {
		t.Fatalf("acquire: %v %v", ok, err)
	}
	h := reprocess.New(f.records, f.queue, "current", reprocess.WithClock(c.now), reprocess.WithSleep(c.sleep), reprocess.WithRate(-1, -1, 0))
	out, err := h.Handle(ctx, reprocess.Input{Mode: reprocess.ModeStale})
	if err != nil || !out.Busy || out.Enqueued != 0 {
		t.Fatalf("second run: %+v, %v; want busy", out, err)
	}
	// Another mode is not blocked.
	if out, err := h.Handle(ctx, reprocess.Input{Mode: reprocess.ModeFailed}); err != nil || out.Busy {
		t.Fatalf("failed mode: %+v, %v", out, err)
	}
	if err := f.records.Release(ctx, reprocess.CursorName(reprocess.ModeStale), "someone"); err != nil {
		t.Fatal(err)
	}

	// Runs started together: every article is enqueued once in all. The
	// pace (20 a minute for 40 articles) makes the run that takes the
	// lease wait once; its wait lasts until the other runs have returned,
	// so the runs overlap however the machine schedules them.
	var wg sync.WaitGroup
	outs := make([]reprocess.Output, 4)
	errs := make([]error, 4)
	var returned atomic.Int32
	othersDone := make(chan struct{})
	paced := func(ctx context.Context, d time.Duration) error {
		select {
		case <-othersDone:
		case <-time.After(2 * time.Minute): // a guard against a hang, not a speed requirement
		}
		return c.sleep(ctx, d)
	}
	for i := range outs {
		wg.Go(func() {
			h := reprocess.New(f.records, f.queue, "current", reprocess.WithClock(c.now), reprocess.WithSleep(paced), reprocess.WithRate(20, -1, 0))
			outs[i], errs[i] = h.Handle(ctx, reprocess.Input{Mode: reprocess.ModeStale})
			if returned.Add(1) == int32(len(outs)-1) {
				close(othersDone)
			}
		})
	}
	wg.Wait()
	busy := 0
	for i := range outs {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if outs[i].Busy {
			busy++
		}
	}
	got := f.drained(t)
	if len(got) != n {
		t.Fatalf("enqueued %d distinct articles, want %d", len(got), n)
	}
	for id, k := range got {
		if k != 1 {
			t.Errorf("%s enqueued %d times by concurrent runs", id, k)
		}
	}
	if busy != len(outs)-1 {
		t.Errorf("%d runs found the sweep busy, want %d: one run holds it", busy, len(outs)-1)
	}
}

func TestFailuresBackOffAndAreParked(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.put(t, "broken", article.StatusFailed, "current")
	f.st.Drain(t)
	c := newClock()
	h := reprocess.New(f.records, f.queue, "current", reprocess.WithClock(c.now), reprocess.WithSleep(c.sleep), reprocess.WithAttempts(3, time.Hour))
	fail := func() { // summarize fails again
		t.Helper()
		if err := f.records.PutRecord(ctx, article.Record{Tenant: "desk", Source: "generic", ID: "broken", Revision: "sha256:broken", Status: article.StatusFailed, ConfigHash: "current", Error: "still broken"}); err != nil {
			t.Fatal(err)
		}
	}
	for attempt := 1; attempt <= 3; attempt++ {
		out, err := h.Handle(ctx, reprocess.Input{})
		if err != nil || out.Enqueued != 1 {
			t.Fatalf("attempt %d: %+v, %v", attempt, out, err)
		}
		f.st.Drain(t)
		rec, err := f.records.GetRecord(ctx, "desk", "generic", "broken")
		if err != nil {
			t.Fatal(err)
		}
		if rec.Attempts != attempt || rec.NextTry == nil {
			t.Fatalf("attempt %d: record has %d attempts, next try %v", attempt, rec.Attempts, rec.NextTry)
		}
		fail()
		// Not again before the backoff (1 h, 2 h, 4 h) is over.
		wait := h.Backoff(attempt)
		if wait != time.Hour<<(attempt-1) {
			t.Fatalf("backoff after %d attempts = %v", attempt, wait)
		}
		c.advance(wait - time.Minute)
		if out, err := h.Handle(ctx, reprocess.Input{}); err != nil || out.Enqueued != 0 {
			t.Fatalf("attempt %d retried before its backoff: %+v, %v", attempt, out, err)
		}
		c.advance(reprocess.FailedAge + 2*time.Minute)
	}
	out, err := h.Handle(ctx, reprocess.Input{})
	if err != nil || out.Enqueued != 0 || out.Parked != 1 {
		t.Fatalf("after 3 attempts: %+v, %v; want parked", out, err)
	}
	rec, err := f.records.GetRecord(ctx, "desk", "generic", "broken")
	if err != nil {
		t.Fatal(err)
	}
	if rec.Status != article.StatusGaveUp || rec.Error != "still broken" || rec.Attempts != 3 {
		t.Fatalf("parked record: status %s, error %q", rec.Status, rec.Error)
	}
	parked, _, err := f.records.Work(ctx, article.WorkGaveUp, c.now().Add(time.Hour), 10, "")
	if err != nil || len(parked) != 1 {
		t.Fatalf("GAVE_UP partition: %v, %v", parked, err)
	}
	c.advance(30 * 24 * time.Hour)
	if out, err := h.Handle(ctx, reprocess.Input{Mode: reprocess.ModeAll}); err != nil || out.Enqueued != 0 {
		t.Fatalf("a parked article was swept: %+v, %v", out, err)
	}
	// A new revision starts afresh.
	if _, err := f.records.BeginRevision(ctx, dynamo.Revision{Tenant: "desk", Source: "generic", ID: "broken", Revision: "sha256:new", Arrival: time.Now().Add(time.Second)}); err != nil {
		t.Fatal(err)
	}
	rec, _ = f.records.GetRecord(ctx, "desk", "generic", "broken")
	if rec.Status != article.StatusPending || rec.Attempts != 0 || rec.NextTry != nil {
		t.Fatalf("new revision: status %s, %d attempts, next try %v", rec.Status, rec.Attempts, rec.NextTry)
	}
}

func TestDryRunCountsAndPrices(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for i := range 5 {
		f.put(t, fmt.Sprintf("old-%d", i), article.StatusDone, "old")
	}
	f.put(t, "failed-0", article.StatusFailed, "current")
	f.put(t, "fresh-0", article.StatusDone, "current")
	f.st.Drain(t)
	c := newClock()
	sized := 0
	est := &reprocess.Estimator{
		Model: "m",
		Live: func(u article.Usage) float64 {
			return float64(u.InputTokens-u.CachedTokens) + float64(u.CachedTokens)/2 + 4*float64(u.OutputTokens)
		},
		Batch: func(u article.Usage) float64 { return float64(u.InputTokens)/2 + 2*float64(u.OutputTokens) },
		Size: func(_ context.Context, it article.WorkItem) (int, error) {
			sized++
			return 4000, nil
		},
		PrefixTokens: 1200, OutputRatio: 0.5,
	}
	h := reprocess.New(f.records, f.queue, "current", reprocess.WithClock(c.now), reprocess.WithSleep(c.sleep), reprocess.WithEstimator(est))
	out, err := h.Handle(ctx, reprocess.Input{Mode: reprocess.ModeAll, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	e := out.Estimate
	if e == nil || e.Articles != 6 || e.Current != 1 || e.ByReason["stale:old"] != 5 || e.ByReason["failed"] != 1 || e.MeanBytes != 4000 || sized != 6 {
		t.Fatalf("estimate %+v (sized %d)", e, sized)
	}
	text := int64(4000/4 + 40)
	if e.InputTokens != 6*(text+1200) || e.CachedTokens != 5*1200 || e.OutputTokens != 6*text/2 {
		t.Fatalf("tokens %+v", e)
	}
	if e.BatchUSD >= e.LiveUSD || e.LiveUSD <= 0 {
		t.Fatalf("dollars live %v batch %v", e.LiveUSD, e.BatchUSD)
	}
	if got := f.drained(t); len(got) != 0 {
		t.Fatalf("a dry run enqueued %v", got)
	}
	if cur, _ := f.records.Cursor(ctx, reprocess.CursorName(reprocess.ModeAll)); cur != "" {
		t.Fatalf("a dry run saved a cursor %q", cur)
	}
}

// collector is a BatchQueue that keeps what it is given.
type collector struct {
	pending, flushed []string
	flushes          int
}

func (c *collector) Enqueue(_ context.Context, key string) error {
	c.pending = append(c.pending, key)
	return nil
}

func (c *collector) Flush(context.Context) (article.Batch, error) {
	if len(c.pending) > 0 {
		c.flushes++
		c.flushed = append(c.flushed, c.pending...)
		c.pending = nil
	}
	return article.Batch{}, nil
}

func TestLargeSweepsGoToTheBatchAPI(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for i := range 5 {
		f.put(t, fmt.Sprintf("old-%d", i), article.StatusDone, "old")
	}
	f.put(t, "failed-0", article.StatusFailed, "current")
	f.st.Drain(t)
	c := newClock()
	small := &collector{}
	h := reprocess.New(f.records, f.queue, "current", reprocess.WithClock(c.now), reprocess.WithSleep(c.sleep), reprocess.WithBatch(small, 100, nil))
	out, err := h.Handle(ctx, reprocess.Input{Mode: reprocess.ModeStale})
	if err != nil || out.Batched || out.Enqueued != 5 || len(small.flushed) != 0 || len(f.drained(t)) != 5 {
		t.Fatalf("a sweep under the batch minimum: %+v, %v, batched %v", out, err, small.flushed)
	}

	// The sweep redid them live; put them back as stale.
	for i := range 5 {
		id := fmt.Sprintf("old-%d", i)
		if err := f.records.PutRecord(ctx, article.Record{Tenant: "desk", Source: "generic", ID: id, Revision: "sha256:" + id, Status: article.StatusDone, ConfigHash: "old",
			Summary: &article.Summary{Speakers: []article.Speaker{}, Quotes: []article.Quote{}}}); err != nil {
			t.Fatal(err)
		}
	}
	big := &collector{}
	polled := 0
	h = reprocess.New(f.records, f.queue, "current", reprocess.WithClock(c.now), reprocess.WithSleep(c.sleep), reprocess.WithBatch(big, 3, func(context.Context) (map[string]int, error) {
		polled++
		return map[string]int{"finished": 0}, nil
	}))
	c.advance(time.Hour)
	out, err = h.Handle(ctx, reprocess.Input{Mode: reprocess.ModeAll})
	if err != nil || !out.Batched || out.Enqueued != 6 {
		t.Fatalf("all: %+v, %v", out, err)
	}
	live := f.drained(t)
	if len(live) != 1 || live["failed-0"] != 1 {
		t.Fatalf("live queue got %v; want only the failed article", live)
	}
	if len(big.flushed) != 5 || len(big.pending) != 0 || big.flushes == 0 {
		t.Fatalf("batch got %v (pending %v); want the 5 done articles, submitted", big.flushed, big.pending)
	}
	if out, err := h.Handle(ctx, reprocess.Input{Mode: reprocess.ModeResume}); err != nil || polled != 1 || out.Batches == nil {
		t.Fatalf("resume did not poll: %+v, %v", out, err)
	}
	// While another run polls, this one does not.
	if ok, err := f.records.Acquire(ctx, "batch-poll", "someone", c.now().Add(time.Hour)); err != nil || !ok {
		t.Fatalf("acquire: %v %v", ok, err)
	}
	if _, err := h.Handle(ctx, reprocess.Input{Mode: reprocess.ModeResume}); err != nil || polled != 1 {
		t.Fatalf("two pollers at once: polled %d, %v", polled, err)
	}
}

// flaky fails one Enqueue, the n-th, as a crash or an SQS outage would.
type flaky struct {
	reprocess.Queue
	calls, failAt int
}

func (q *flaky) Enqueue(ctx context.Context, key string) error {
	q.calls++
	if q.calls == q.failAt {
		return fmt.Errorf("injected: queue unavailable")
	}
	return q.Queue.Enqueue(ctx, key)
}

func TestSweepResumesAfterAnInterruption(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	const n = 30
	for i := range n {
		f.put(t, fmt.Sprintf("old-%02d", i), article.StatusDone, "old")
	}
	f.st.Drain(t)
	c := newClock()
	q := &flaky{Queue: f.queue, failAt: 17}
	// One a second and 8 s a run: pages of at most 9.
	h := reprocess.New(f.records, q, "current", reprocess.WithClock(c.now), reprocess.WithSleep(c.sleep), reprocess.WithRate(60, -1, 0), reprocess.WithBudget(8*time.Second))
	got := map[string]int{}
	failures := 0
	for runs := 0; ; runs++ {
		if runs > 20 {
			t.Fatal("the sweep never completes")
		}
		out, err := h.Handle(ctx, reprocess.Input{Mode: reprocess.ModeStale})
		for id, k := range f.drained(t) {
			got[id] += k
		}
		if err != nil {
			failures++
			c.advance(time.Minute)
			continue
		}
		if out.Complete {
			break
		}
		c.advance(time.Minute)
	}
	if failures != 1 {
		t.Fatalf("%d failed runs, want 1", failures)
	}
	dups := 0
	for i := range n {
		k := got[fmt.Sprintf("old-%02d", i)]
		if k == 0 {
			t.Errorf("old-%02d was never enqueued after the interruption", i)
		}
		dups += max(0, k-1)
	}
	// Only the interrupted page is enqueued again.
	if dups > 9 {
		t.Fatalf("%d articles enqueued twice; want at most the interrupted page", dups)
	}
	t.Logf("%d articles, %d enqueued again after the interruption", n, dups)
}

func TestAFailedEnqueueSpendsNoAttempt(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.put(t, "broken", article.StatusFailed, "current")
	f.st.Drain(t)
	c := newClock()
	q := &flaky{Queue: f.queue, failAt: 1}
	h := reprocess.New(f.records, q, "current", reprocess.WithClock(c.now), reprocess.WithSleep(c.sleep))
	if _, err := h.Handle(ctx, reprocess.Input{}); err == nil {
		t.Fatal("the run reported success with the queue failing")
	}
	rec, _ := f.records.GetRecord(ctx, "desk", "generic", "broken")
	if rec.Attempts != 0 || rec.NextTry != nil {
		t.Fatalf("a try that never started was counted: %d attempts, next try %v", rec.Attempts, rec.NextTry)
	}
	// The next run, a minute later, takes it at once.
	c.advance(time.Minute)
	out, err := h.Handle(ctx, reprocess.Input{})
	if err != nil || out.Enqueued != 1 || len(f.drained(t)) != 1 {
		t.Fatalf("next run: %+v, %v", out, err)
	}
}
