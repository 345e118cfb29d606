// Package reprocess is the scheduled step: it sweeps the work partitions of
// a mode — failed (FAILED and stuck PENDING articles, the nightly default),
// stale (summarized under another configuration hash) or all (a backfill of
// every article) — and enqueues what it finds for summarize. There is no cap
// on a sweep, only a rate (articles and tokens per minute) and a time budget
// per run: where a run stops is saved in the store, so a sweep of a million
// articles goes on across runs until it is done. One sweep per mode runs at
// a time (a lease); failed articles carry an attempt count, back off
// exponentially and are parked (GAVE_UP) after too many attempts. Each work
// partition is read with Queries on a sparse index, never a table Scan.
package reprocess

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/correlation"
	"github.com/whosaid/whosaid/internal/metrics"
)

// Work lists articles that need work and keeps resumable cursors.
type Work interface {
	Work(ctx context.Context, partition string, before time.Time, limit int, cursor string) ([]article.WorkItem, string, error)
	Hashes(ctx context.Context) ([]string, error)
	Cursor(ctx context.Context, name string) (string, error)
	SaveCursor(ctx context.Context, name, cursor string) error
}

// Attempts counts retries and parks articles that keep failing.
type Attempts interface {
	// Claim counts one more try of it in partition, schedules the next at
	// next(attempts), and reports the new count (ok false: it moved on).
	Claim(ctx context.Context, it article.WorkItem, partition string, next func(attempts int) time.Time) (int, bool, error)
	// Unclaim takes back a Claim whose try never started (the enqueue
	// failed): one attempt less, due at due.
	Unclaim(ctx context.Context, it article.WorkItem, partition string, due time.Time) error
	// GiveUp parks it (GAVE_UP) with its last reason, or why.
	GiveUp(ctx context.Context, it article.WorkItem, partition, why string) (bool, error)
}

// Leases keeps one sweep per mode running at a time.
type Leases interface {
	Acquire(ctx context.Context, name, owner string, until time.Time) (bool, error)
	Release(ctx context.Context, name, owner string) error
}

// Counter counts the articles of a partition (for dry runs).
type Counter interface {
	Count(ctx context.Context, partition string, before time.Time) (int, error)
}

// Store is everything the reprocessor needs from the record store; the
// DynamoDB and local stores have it all.
type Store interface {
	Work
	Attempts
	Leases
	Counter
}

// Queue asks for a stored text to be summarized.
type Queue interface {
	Enqueue(ctx context.Context, key string) error
}

// The modes of a sweep.
const (
	// ModeFailed retries FAILED and stuck PENDING articles (the default).
	ModeFailed = "failed"
	// ModeStale redoes articles summarized under another config hash.
	ModeStale = "stale"
	// ModeAll redoes every article (a backfill).
	ModeAll = "all"
	// ModeResume continues the open stale and all sweeps, if any.
	ModeResume = "resume"
)

// Modes lists the sweep modes.
var Modes = []string{ModeFailed, ModeStale, ModeAll}

// Input is the schedule's Input (EventBridge Scheduler sends it as is), or a
// manual invocation's.
type Input struct {
	// Mode is failed (default), stale, all, or resume.
	Mode string `json:"mode"`
	// DryRun counts and prices the sweep's articles; nothing is enqueued.
	DryRun bool `json:"dry_run"`
	// Limit, when above 0, stops this run after that many articles (the
	// sweep resumes next run); 0 means no cap, only the rate and time budget.
	Limit int `json:"limit"`
	// Reason and ScheduledTime are logged.
	Reason        string `json:"reason"`
	ScheduledTime string `json:"scheduledTime"`
}

// Output reports a run.
type Output struct {
	Mode     string         `json:"mode"`
	Enqueued int            `json:"enqueued"`
	ByReason map[string]int `json:"by_reason"`
	// Parked counts articles given up on in this run (GAVE_UP).
	Parked int `json:"parked"`
	// Complete is false when the time budget or limit stopped the run; the
	// next run resumes where it stopped.
	Complete bool `json:"complete"`
	// Busy is true when another run of the same mode holds the sweep: this
	// one did nothing.
	Busy bool `json:"busy,omitempty"`
	// Estimate is the dry run's result.
	Estimate *Estimate `json:"estimate,omitempty"`
	// Runs reports each mode of a resume run.
	Runs []Output `json:"runs,omitempty"`
	// Batched is true when the run's articles went to the Batch API.
	Batched bool `json:"batched,omitempty"`
	// Batches reports a resume run's poll of submitted batches.
	Batches map[string]int `json:"batches,omitempty"`
}

// Defaults.
const (
	// FailedAge and PendingAge keep fresh items out: a just-failed article
	// is not retried at once, a just-ingested one is still on its way.
	FailedAge  = 5 * time.Minute
	PendingAge = 15 * time.Minute
	// DefaultArticlesPerMinute and DefaultTokensPerMinute pace a sweep well
	// inside gpt-4o-mini's tier-1 limits (500 requests, 200,000 tokens a
	// minute) with room for the live traffic.
	DefaultArticlesPerMinute = 300
	DefaultTokensPerMinute   = 150_000
	// DefaultTokensPerArticle is the tokens one article is assumed to cost
	// (input and output) when pacing by tokens: a 5 KB article is about
	// 1,300 tokens of text, 520 of instructions and schema, and 1,100 out
	// (every quotation copied).
	DefaultTokensPerArticle = 2900
	// DefaultMaxAttempts is the tries of a failed article before it is
	// parked; DefaultBackoff the first wait, doubled each try up to
	// MaxBackoff.
	DefaultMaxAttempts = 6
	DefaultBackoff     = time.Hour
	MaxBackoff         = 7 * 24 * time.Hour
	// DefaultBudget is a run's time budget when its context has no deadline.
	DefaultBudget = 10 * time.Minute
	// deadlineMargin is kept free before the context's deadline.
	deadlineMargin = 30 * time.Second
	pageSize       = 100
)

// Handler is the reprocess function.
type Handler struct {
	store                          Store
	queue                          Queue
	currentHash                    string
	now                            func() time.Time
	sleep                          func(ctx context.Context, d time.Duration) error
	failedAge                      time.Duration
	pendingAge                     time.Duration
	perMinute                      int
	tokensPerMin, tokensPerArticle int
	maxAttempts                    int
	backoff                        time.Duration
	budget                         time.Duration
	estimator                      *Estimator
	owner                          string
	// batch, when set, takes stale and all sweeps of at least batchMin
	// articles; poll finishes submitted batches (in resume runs).
	batch    BatchQueue
	batchMin int
	poll     func(ctx context.Context) (map[string]int, error)
	// metrics receives ReprocessEnqueued (EMF lines; none by default).
	metrics *metrics.Emitter
}

// BatchQueue collects articles into Batch API jobs (batch.Submitter).
type BatchQueue interface {
	Queue
	// Flush submits what was collected.
	Flush(ctx context.Context) (article.Batch, error)
}

// DefaultBatchMin is the smallest stale or all sweep sent to the Batch
// API: below it the live queue's answer within minutes is worth the price.
const DefaultBatchMin = 500

// WithBatch sends stale and all sweeps of at least minArticles articles
// (DefaultBatchMin when 0) to q instead of the live queue, unpaced (the
// Batch API has its own limits; the Submitter sizes the batches), and lets
// resume runs call poll to finish submitted batches.
func WithBatch(q BatchQueue, minArticles int, poll func(ctx context.Context) (map[string]int, error)) Option {
	return func(h *Handler) {
		h.batch, h.batchMin, h.poll = q, minArticles, poll
		if h.batchMin <= 0 {
			h.batchMin = DefaultBatchMin
		}
	}
}

// New returns a handler that treats results not made with currentHash as
// stale.
func New(store Store, queue Queue, currentHash string, opts ...Option) *Handler {
	if store == nil || queue == nil || currentHash == "" {
		panic("reprocess.New: store, queue and current config hash are required")
	}
	var id [6]byte
	_, _ = rand.Read(id[:])
	h := &Handler{
		store: store, queue: queue, currentHash: currentHash, now: time.Now, sleep: sleepCtx,
		failedAge: FailedAge, pendingAge: PendingAge,
		perMinute: DefaultArticlesPerMinute, tokensPerMin: DefaultTokensPerMinute, tokensPerArticle: DefaultTokensPerArticle,
		maxAttempts: DefaultMaxAttempts, backoff: DefaultBackoff, budget: DefaultBudget,
		owner: hex.EncodeToString(id[:]), metrics: metrics.Discard,
	}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Option tunes a Handler.
type Option func(*Handler)

// WithMetrics sets where ReprocessEnqueued goes (EMF lines; none by default).
func WithMetrics(m *metrics.Emitter) Option { return func(h *Handler) { h.metrics = m } }

// WithClock sets the clock that decides which items are due and paces the
// sweep.
func WithClock(now func() time.Time) Option { return func(h *Handler) { h.now = now } }

// WithSleep sets how the pacing waits (tests pass one that advances a fake
// clock, so no test waits for real time).
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(h *Handler) { h.sleep = sleep }
}

// WithAges sets how long a FAILED and a PENDING article wait before a run
// takes them (FailedAge and PendingAge by default).
func WithAges(failed, pending time.Duration) Option {
	return func(h *Handler) { h.failedAge, h.pendingAge = failed, pending }
}

// WithRate sets the pace: at most articles and tokens a minute, an article
// counted as tokensPerArticle tokens; 0 keeps a default, below 0 removes
// that bound.
func WithRate(articles, tokens, tokensPerArticle int) Option {
	return func(h *Handler) {
		if articles != 0 {
			h.perMinute = articles
		}
		if tokens != 0 {
			h.tokensPerMin = tokens
		}
		if tokensPerArticle > 0 {
			h.tokensPerArticle = tokensPerArticle
		}
	}
}

// WithAttempts sets the tries before an article is parked and the first
// backoff (doubled each try, up to MaxBackoff).
func WithAttempts(max int, first time.Duration) Option {
	return func(h *Handler) {
		if max > 0 {
			h.maxAttempts = max
		}
		if first > 0 {
			h.backoff = first
		}
	}
}

// WithBudget sets a run's time budget when its context has no deadline.
func WithBudget(d time.Duration) Option { return func(h *Handler) { h.budget = d } }

// WithEstimator sets what a dry run prices the sweep with.
func WithEstimator(e *Estimator) Option { return func(h *Handler) { h.estimator = e } }

// WithOwner names this handler in sweep leases (a random id by default).
func WithOwner(owner string) Option { return func(h *Handler) { h.owner = owner } }

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// interval is the pause between two enqueues that keeps the rate.
func (h *Handler) interval() time.Duration {
	var d time.Duration
	if h.perMinute > 0 {
		d = time.Minute / time.Duration(h.perMinute)
	}
	if h.tokensPerMin > 0 {
		d = max(d, time.Duration(int64(time.Minute)*int64(h.tokensPerArticle)/int64(h.tokensPerMin)))
	}
	return d
}

// Backoff is the wait after the given number of attempts: the first
// backoff, doubled each attempt, at most MaxBackoff.
func (h *Handler) Backoff(attempts int) time.Duration {
	d := h.backoff
	for i := 1; i < attempts && d < MaxBackoff; i++ {
		d *= 2
	}
	return min(d, MaxBackoff)
}

type partition struct {
	name, key string
	before    time.Time
	// counted partitions hold failures: each enqueue is an attempt.
	counted bool
}

// partitions lists a mode's work partitions in a stable order; start is
// when the sweep began: DONE articles redone since then are not taken again.
func (h *Handler) partitions(ctx context.Context, mode string, start, now time.Time) ([]partition, error) {
	failed := []partition{
		{"failed", article.WorkFailed, now.Add(-h.failedAge), true},
		{"pending", article.WorkPending, now.Add(-h.pendingAge), true},
	}
	if mode == ModeFailed {
		return failed, nil
	}
	hashes, err := h.store.Hashes(ctx)
	if err != nil {
		return nil, err
	}
	sort.Strings(hashes)
	var parts []partition
	if mode == ModeAll {
		parts = failed
	}
	for _, hsh := range hashes {
		switch {
		case hsh != h.currentHash:
			parts = append(parts, partition{"stale:" + hsh, article.HashPartition(hsh), start, false})
		case mode == ModeAll:
			// Walked too, but summarize (and the Batch API submitter) skip
			// what is done with the current configuration, at no cost.
			parts = append(parts, partition{currentPrefix + hsh, article.HashPartition(hsh), start, false})
		}
	}
	return parts, nil
}

// position is a sweep's saved state: when it started, the partition it is
// in and the cursor there.
type position struct {
	start     time.Time
	partition string
	cursor    string
}

func (p position) String() string {
	return p.start.UTC().Format(time.RFC3339Nano) + "|" + p.partition + "|" + p.cursor
}

func parsePosition(s string) (position, bool) {
	parts := strings.SplitN(s, "|", 3)
	if len(parts) != 3 {
		return position{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, parts[0])
	if err != nil {
		return position{}, false
	}
	return position{start: t, partition: parts[1], cursor: parts[2]}, true
}

// currentPrefix names the partition of articles done with the current
// configuration (walked by an all sweep, skipped by summarize).
const currentPrefix = "current:"

// CursorName is the name of a mode's saved sweep position.
func CursorName(mode string) string { return "sweep:" + mode }

func validMode(mode string) error {
	switch mode {
	case ModeFailed, ModeStale, ModeAll:
		return nil
	}
	return fmt.Errorf("reprocess: unknown mode %q (want failed, stale, all or resume)", mode)
}

// Handle runs once. It continues the mode's sweep from where the last run
// stopped, enqueues at the configured rate until the sweep ends or the time
// budget (or Input.Limit) is spent, and reports Complete when the sweep
// reached the end (the next run starts a new one).
func (h *Handler) Handle(ctx context.Context, in Input) (out Output, err error) {
	// One correlation id per run, carried by every message it enqueues.
	ctx = correlation.With(ctx, correlation.New())
	defer func() {
		if !in.DryRun {
			h.metrics.Reprocess(out.ByReason)
		}
	}()
	mode := in.Mode
	if mode == "" {
		mode = ModeFailed
	}
	if mode == ModeResume {
		return h.resume(ctx, in)
	}
	if err := validMode(mode); err != nil {
		return Output{Mode: mode}, err
	}
	if in.DryRun {
		est, err := h.Estimate(ctx, mode)
		return Output{Mode: mode, Estimate: &est, ByReason: map[string]int{}}, err
	}
	now := h.now()
	deadline := now.Add(h.budget)
	if dl, ok := ctx.Deadline(); ok {
		// The context's deadline is wall time; the budget is measured on
		// the handler's clock from now. The margin is a tenth of what is
		// left, at most deadlineMargin, so a short timeout still sweeps.
		left := time.Until(dl)
		deadline = now.Add(left - min(deadlineMargin, left/10))
	}
	out = Output{Mode: mode, ByReason: map[string]int{}}
	lock := CursorName(mode)
	ok, err := h.store.Acquire(ctx, lock, h.owner, deadline.Add(deadlineMargin))
	if err != nil {
		return out, err
	}
	if !ok {
		out.Busy = true
		slog.InfoContext(ctx, "reprocess run skipped: another run holds the sweep", "mode", mode, "reason", in.Reason)
		return out, nil
	}
	defer func() {
		if err := h.store.Release(context.WithoutCancel(ctx), lock, h.owner); err != nil {
			slog.WarnContext(ctx, "reprocess release", "err", err)
		}
	}()
	err = h.sweep(ctx, mode, in.Limit, now, deadline, &out)
	slog.InfoContext(ctx, "reprocess run", "mode", mode, "reason", in.Reason, "scheduledTime", in.ScheduledTime,
		"enqueued", out.Enqueued, "parked", out.Parked, "complete", out.Complete, "err", err)
	return out, err
}

// resume continues the open stale and all sweeps.
func (h *Handler) resume(ctx context.Context, in Input) (Output, error) {
	out := Output{Mode: ModeResume, ByReason: map[string]int{}, Complete: true}
	if h.poll != nil {
		// One poller at a time: two would both retry a batch's failures.
		ok, err := h.store.Acquire(ctx, "batch-poll", h.owner, h.now().Add(h.budget))
		if err != nil {
			return out, err
		}
		if ok {
			polled, err := h.poll(ctx)
			out.Batches = polled
			if rerr := h.store.Release(context.WithoutCancel(ctx), "batch-poll", h.owner); rerr != nil {
				slog.WarnContext(ctx, "reprocess release", "err", rerr)
			}
			if err != nil {
				return out, fmt.Errorf("poll batches: %w", err)
			}
		}
	}
	for _, mode := range []string{ModeStale, ModeAll} {
		saved, err := h.store.Cursor(ctx, CursorName(mode))
		if err != nil {
			return out, err
		}
		if saved == "" {
			continue
		}
		sub := in
		sub.Mode = mode
		r, err := h.Handle(ctx, sub)
		out.Runs = append(out.Runs, r)
		out.Enqueued += r.Enqueued
		out.Parked += r.Parked
		for k, v := range r.ByReason {
			out.ByReason[k] += v
		}
		out.Complete = out.Complete && r.Complete
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// errStop means the run's budget is spent: save the position and return.
var errStop = errors.New("reprocess: run budget spent")

func (h *Handler) sweep(ctx context.Context, mode string, limit int, now, deadline time.Time, out *Output) error {
	name := CursorName(mode)
	saved, err := h.store.Cursor(ctx, name)
	if err != nil {
		return err
	}
	pos, resumed := parsePosition(saved)
	if !resumed {
		pos = position{start: now}
	}
	parts, err := h.partitions(ctx, mode, pos.start, now)
	if err != nil {
		return err
	}
	first := 0
	if resumed {
		first = len(parts) // the saved partition is gone: the sweep is over
		for i, p := range parts {
			if p.name == pos.partition {
				first = i
			}
		}
	}
	pace := &pacer{h: h, next: now, deadline: deadline, limit: limit}
	if h.batch != nil && mode != ModeFailed {
		total := 0
		for _, p := range parts {
			if !p.counted {
				n, err := h.store.Count(ctx, p.key, p.before)
				if err != nil {
					return err
				}
				total += n
			}
		}
		out.Batched = total >= h.batchMin
	}
	save := func(cursor string) error {
		if out.Batched {
			// Submit before the position moves past the articles.
			if _, err := h.batch.Flush(ctx); err != nil {
				return err
			}
		}
		return h.store.SaveCursor(ctx, name, cursor)
	}
	cursor := pos.cursor
	if !resumed {
		cursor = ""
	}
	for i := first; i < len(parts); i++ {
		p := parts[i]
		q := h.queue
		if out.Batched && !p.counted {
			q = h.batch
		}
		err := h.drain(ctx, p, cursor, pace, q, out)
		if errors.Is(err, errStop) {
			pos.partition, pos.cursor = p.name, pace.resumeAt
			return save(pos.String())
		}
		if err != nil {
			// Save where this run got to, so a retry does not enqueue again.
			if pace.resumeAt != "" {
				pos.partition, pos.cursor = p.name, pace.resumeAt
				err = errors.Join(err, save(pos.String()))
			}
			return err
		}
		cursor = ""
		// The partition is done: a crash from here on resumes after it.
		if i+1 < len(parts) {
			pos.partition, pos.cursor = parts[i+1].name, ""
			if err := save(pos.String()); err != nil {
				return err
			}
		}
	}
	if err := save(""); err != nil {
		return err
	}
	out.Complete = true
	return nil
}

// pacer keeps the rate and the run's budget.
type pacer struct {
	h        *Handler
	next     time.Time
	deadline time.Time
	limit    int
	done     int
	// resumeAt is the cursor of the first page not fully enqueued.
	resumeAt string
}

// wait blocks until the next enqueue may go. The budget is checked by
// drain between pages only, so a page is always enqueued whole.
func (p *pacer) wait(ctx context.Context) error {
	now := p.h.now()
	if d := p.next.Sub(now); d > 0 {
		if err := p.h.sleep(ctx, d); err != nil {
			return err
		}
	}
	p.next = maxTime(p.next, now).Add(p.h.interval())
	p.done++
	return nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// drain enqueues the partition's items from cursor until the partition ends
// or the run's budget is spent. Each page is sized to what the budget and
// the rate still allow and is enqueued whole, so the saved cursor (the
// next page's start) never repeats an item; only a crash inside a page
// repeats that page's items (summarize is idempotent per revision).
func (h *Handler) drain(ctx context.Context, p partition, cursor string, pace *pacer, q Queue, out *Output) error {
	batched := q != h.queue
	for {
		pace.resumeAt = cursorOrStart(cursor)
		if pace.limit > 0 && pace.done >= pace.limit {
			return errStop
		}
		if pace.h.now().After(pace.deadline) || pace.next.After(pace.deadline) {
			return errStop
		}
		page := pageSize
		if pace.limit > 0 {
			page = min(page, pace.limit-pace.done)
		}
		if iv := h.interval(); iv > 0 && !batched {
			// No more than the budget can take at the rate.
			left := int(pace.deadline.Sub(maxTime(pace.next, h.now())) / iv)
			page = max(1, min(page, left+1))
		}
		items, next, err := h.store.Work(ctx, p.key, p.before, page, startless(cursor))
		if err != nil {
			return err
		}
		for _, it := range items {
			if it.Revision == "" || it.Status == article.StatusWithdrawn {
				continue
			}
			if batched {
				pace.done++
			} else if err := pace.wait(ctx); err != nil {
				return err
			}
			if p.counted {
				now := h.now()
				attempts, ok, err := h.store.Claim(ctx, it, p.key, func(n int) time.Time { return now.Add(h.Backoff(n)) })
				if err != nil {
					return err
				}
				if !ok {
					continue
				}
				if attempts > h.maxAttempts {
					parked, err := h.store.GiveUp(ctx, it, p.key, fmt.Sprintf("no result after %d attempts", attempts-1))
					if err != nil {
						return err
					}
					if parked {
						out.Parked++
					}
					continue
				}
			}
			if err := q.Enqueue(ctx, article.TextKey(it.Tenant, it.Source, it.ID, it.Revision)); err != nil {
				err = fmt.Errorf("enqueue %s/%s/%s: %w", it.Tenant, it.Source, it.ID, err)
				if p.counted {
					// Not tried: due again at once, no attempt spent.
					err = errors.Join(err, h.store.Unclaim(context.WithoutCancel(ctx), it, p.key, p.before.Add(-time.Millisecond)))
				}
				return err
			}
			out.Enqueued++
			out.ByReason[p.name]++
		}
		if next == "" {
			return nil
		}
		cursor = next
		pace.resumeAt = next
	}
}

// startMarker stands for "the start of the partition" in a saved sweep
// position, so it is told apart from "the partition is done".
const startMarker = "^"

func cursorOrStart(c string) string {
	if c == "" {
		return startMarker
	}
	return c
}

func startless(c string) string {
	if c == startMarker {
		return ""
	}
	return c
}
