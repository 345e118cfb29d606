// Package reprocess is the scheduled step: it finds articles whose result is
// FAILED, stuck PENDING, or made with another extractor configuration, and
// enqueues them for summarize, at most a given number per run. Each work
// partition is read with Queries on a sparse index, never a table Scan, and
// where a run stops is saved, so the next run resumes there.
package reprocess

import (
	"context"
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

// Queue asks for a stored text to be summarized.
type Queue interface {
	Enqueue(ctx context.Context, key string) error
}

// Input is the schedule's Input (EventBridge Scheduler sends it as is).
type Input struct {
	// Limit is the most articles enqueued by one run (default 100, at most 1000).
	Limit int `json:"limit"`
	// Reason and ScheduledTime are logged.
	Reason        string `json:"reason"`
	ScheduledTime string `json:"scheduledTime"`
}

// Output reports a run.
type Output struct {
	Enqueued int            `json:"enqueued"`
	ByReason map[string]int `json:"by_reason"`
	// Complete is false when the limit stopped the run; the next run resumes.
	Complete bool `json:"complete"`
}

// Defaults and bounds.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
	// FailedAge and PendingAge keep fresh items out: a just-failed article
	// is not retried at once, a just-ingested one is still on its way.
	FailedAge  = 5 * time.Minute
	PendingAge = 15 * time.Minute
	pageSize   = 100
)

// Handler is the reprocess function.
type Handler struct {
	work        Work
	queue       Queue
	currentHash string
	now         func() time.Time
	failedAge   time.Duration
	pendingAge  time.Duration
	metrics     *metrics.Emitter
}

// New returns a handler that treats results not made with currentHash as
// stale.
func New(work Work, queue Queue, currentHash string, opts ...Option) *Handler {
	if work == nil || queue == nil || currentHash == "" {
		panic("reprocess.New: work store, queue and current config hash are required")
	}
	h := &Handler{work: work, queue: queue, currentHash: currentHash, now: time.Now, failedAge: FailedAge, pendingAge: PendingAge, metrics: metrics.Discard}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Option tunes a Handler.
type Option func(*Handler)

// WithMetrics sets where ReprocessEnqueued goes (EMF lines; none by default).
func WithMetrics(m *metrics.Emitter) Option { return func(h *Handler) { h.metrics = m } }

// WithClock sets the clock that decides which items are old enough.
func WithClock(now func() time.Time) Option { return func(h *Handler) { h.now = now } }

// WithAges sets how long a FAILED and a PENDING article wait before a run
// takes them (FailedAge and PendingAge by default).
func WithAges(failed, pending time.Duration) Option {
	return func(h *Handler) { h.failedAge, h.pendingAge = failed, pending }
}

type partition struct {
	name, key string
	before    time.Time
}

// sweepCursor names the saved position of the current sweep.
const sweepCursor = "sweep"

// Handle runs once: it continues the current sweep over the work
// partitions from where the last run stopped, and reports Complete when the
// sweep reached the end (the next run starts a new one).
func (h *Handler) Handle(ctx context.Context, in Input) (out Output, err error) {
	// One correlation id per run, carried by every message it enqueues.
	ctx = correlation.With(ctx, correlation.New())
	defer func() { h.metrics.Reprocess(out.ByReason) }()
	limit := in.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	now := h.now()
	parts := []partition{
		{"failed", article.WorkFailed, now.Add(-h.failedAge)},
		{"pending", article.WorkPending, now.Add(-h.pendingAge)},
	}
	hashes, err := h.work.Hashes(ctx)
	if err != nil {
		return Output{}, err
	}
	sort.Strings(hashes)
	for _, hsh := range hashes {
		if hsh != h.currentHash {
			parts = append(parts, partition{"stale:" + hsh, article.HashPartition(hsh), now})
		}
	}
	saved, err := h.work.Cursor(ctx, sweepCursor)
	if err != nil {
		return Output{}, err
	}
	first, cursor := 0, ""
	if name, cur, ok := strings.Cut(saved, "|"); ok {
		for i, p := range parts {
			if p.name == name {
				first, cursor = i, cur
			}
		}
	}
	out = Output{ByReason: map[string]int{}}
	budget := limit
	for i := first; i < len(parts); i++ {
		p := parts[i]
		n, next, err := h.drain(ctx, p, cursor, &budget)
		out.Enqueued += n
		if n > 0 {
			out.ByReason[p.name] += n
		}
		if err != nil {
			return out, err
		}
		cursor = ""
		if next != "" {
			// The budget ran out inside this partition: resume here.
			if err := h.work.SaveCursor(ctx, sweepCursor, p.name+"|"+next); err != nil {
				return out, err
			}
			slog.InfoContext(ctx, "reprocess run", "reason", in.Reason, "scheduledTime", in.ScheduledTime, "enqueued", out.Enqueued, "complete", false)
			return out, nil
		}
	}
	if err := h.work.SaveCursor(ctx, sweepCursor, ""); err != nil {
		return out, err
	}
	out.Complete = true
	slog.InfoContext(ctx, "reprocess run", "reason", in.Reason, "scheduledTime", in.ScheduledTime, "enqueued", out.Enqueued, "complete", true)
	return out, nil
}

// drain enqueues the partition's items from cursor until the budget is spent
// or the partition ends; it returns the cursor to resume from ("" at the end).
func (h *Handler) drain(ctx context.Context, p partition, cursor string, budget *int) (int, string, error) {
	n := 0
	for {
		if *budget == 0 {
			return n, cursorOrStart(cursor), nil
		}
		if cursor == startMarker {
			cursor = ""
		}
		items, next, err := h.work.Work(ctx, p.key, p.before, min(*budget, pageSize), cursor)
		if err != nil {
			return n, "", err
		}
		for _, it := range items {
			*budget--
			if it.Revision == "" || it.Status == article.StatusWithdrawn {
				continue
			}
			if err := h.queue.Enqueue(ctx, article.TextKey(it.Tenant, it.Source, it.ID, it.Revision)); err != nil {
				return n, "", fmt.Errorf("enqueue %s/%s/%s: %w", it.Tenant, it.Source, it.ID, err)
			}
			n++
		}
		if next == "" {
			return n, "", nil
		}
		cursor = next
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
