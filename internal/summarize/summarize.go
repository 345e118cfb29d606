// Package summarize is the SQS-triggered step: for each stored text it is
// told about (by the bucket's ObjectCreated notification, or by ingest and
// the reprocessor in the same shape) it checks that the revision is still
// current, extracts who said what, and stores the summary and quote items.
package summarize

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/correlation"
	"github.com/whosaid/whosaid/internal/metrics"
	"github.com/whosaid/whosaid/internal/pipeline"
	"github.com/whosaid/whosaid/internal/queue"
)

// Handler is the summarize function. It keeps no per-call state.
type Handler struct {
	texts      pipeline.TextStore
	records    pipeline.RecordStore
	extractor  pipeline.Extractor
	maxReceive int
	// margin is the time left before the deadline below which no new
	// message is started.
	margin time.Duration
	// budget bounds one article's extraction; 0 derives it from the
	// invocation's deadline.
	budget  time.Duration
	metrics *metrics.Emitter
}

// Option configures a Handler.
type Option func(*Handler)

// WithBudget bounds the extraction of one article (WHOSAID_EXTRACT_BUDGET).
// By default an article gets three quarters of the function's timeout less
// the margin kept for the writes (82 s of 120 s); without a deadline (the
// local server) and without this option extraction is unbounded. An
// article that overruns its whole budget is recorded FAILED with reason
// budget and its message acknowledged; one whose budget was shortened by
// the messages before it in the batch is retried.
func WithBudget(d time.Duration) Option { return func(h *Handler) { h.budget = d } }

// WithMetrics sets where the summarize metrics go (EMF lines; none by
// default): Summaries by outcome, quotations, extraction time, LLM usage,
// fallbacks and dropped claims.
func WithMetrics(m *metrics.Emitter) Option { return func(h *Handler) { h.metrics = m } }

// ReasonBudget starts the error of an article whose extraction ran out of
// its budget: it is recorded FAILED and its message acknowledged, not
// retried into the dead-letter queue.
const ReasonBudget = "budget"

// New returns a handler. maxReceive is the queue's maxReceiveCount: on the
// last receive a failing article is recorded FAILED before the message goes
// to the dead-letter queue.
func New(texts pipeline.TextStore, records pipeline.RecordStore, x pipeline.Extractor, maxReceive int, opts ...Option) *Handler {
	if texts == nil || records == nil || x == nil {
		panic("summarize.New: nil dependency")
	}
	h := &Handler{texts: texts, records: records, extractor: x, maxReceive: maxReceive, margin: 10 * time.Second, metrics: metrics.Discard}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Handle processes a batch, reporting the messages to retry.
func (h *Handler) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	var resp events.SQSEventResponse
	budget := h.budget
	if dl, ok := ctx.Deadline(); budget == 0 && ok {
		// The invocation has just begun: what it has left is about the
		// function's timeout.
		budget = (time.Until(dl) - h.margin) * 3 / 4
	}
	for _, m := range ev.Records {
		b := budgetFor{limit: budget}
		if dl, ok := ctx.Deadline(); ok {
			left := time.Until(dl) - h.margin
			if left <= 0 {
				h.metrics.Summary(metrics.Outcome{Extractor: h.extractor.Name(), Outcome: metrics.OutcomeDeferred})
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
				continue
			}
			if b.limit > left {
				// Earlier messages used part of the time: an overrun
				// of the shortened budget is retried, not failed.
				b.limit, b.cut = left, true
			}
		}
		// The correlation id the message carries (ingest, reprocess);
		// process falls back to the article record's, then to the message id.
		ctx := correlation.With(ctx, queue.CorrelationID(m))
		log := slog.With("messageId", m.MessageId)
		keys, err := queue.Keys(m.Body)
		if err != nil {
			log.ErrorContext(ctx, "dropping a message that is no S3 notification", "err", err)
			continue
		}
		receives, _ := strconv.Atoi(m.Attributes["ApproximateReceiveCount"])
		for _, key := range keys {
			if err := h.process(ctx, key, receives, b, m.MessageId); err != nil {
				log.WarnContext(ctx, "will retry", "key", key, "err", err, "receives", receives)
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
				break
			}
		}
	}
	return resp, nil
}

// process summarizes the text under key. It returns an error only when the
// message should be retried. The article record is read once: the pipeline
// is handed the record read here.
func (h *Handler) process(ctx context.Context, key string, receives int, budget budgetFor, messageID string) (err error) {
	o := metrics.Outcome{Extractor: h.extractor.Name(), Outcome: metrics.OutcomeDropped}
	defer func() {
		if err != nil {
			o.Outcome = metrics.OutcomeRetry
		}
		h.metrics.Summary(o)
	}()
	tenant, source, id, rev, ok := article.ParseTextKey(key)
	log := slog.With("key", key)
	if !ok {
		log.WarnContext(ctx, "ignoring an object that is no article text")
		return nil
	}
	log = log.With("tenant", tenant, "source", source, "id", id, "revision", rev)
	rec, err := h.records.GetRecord(ctx, tenant, source, id)
	if err != nil {
		return fmt.Errorf("read record: %w", err)
	}
	if correlation.From(ctx) == "" {
		cid := messageID
		if rec != nil && rec.Correlation != "" && rec.Revision == rev {
			cid = rec.Correlation
		}
		ctx = correlation.With(ctx, cid)
	}
	switch {
	case rec == nil:
		log.WarnContext(ctx, "no article record for this text; dropped")
		return nil
	case rec.Status == article.StatusWithdrawn:
		log.InfoContext(ctx, "article withdrawn; dropped")
		return nil
	case rec.Revision != rev:
		log.InfoContext(ctx, "superseded revision; dropped", "current", rec.Revision)
		return nil
	case rec.Status == article.StatusDone && rec.ConfigHash == h.extractor.ConfigHash() && rec.Summary != nil:
		// A duplicate message: done with this configuration, and the
		// text need not even be read.
		log.InfoContext(ctx, "already summarized with this configuration; skipped")
		o.Outcome = metrics.OutcomeSkipped
		return nil
	}
	fail := func(msg string) error {
		o.Outcome = metrics.OutcomeFailed
		err := h.records.PutRecord(ctx, article.Record{Tenant: tenant, Source: source, ID: id, Revision: rev, Status: article.StatusFailed, Error: msg, UpdatedAt: time.Now().UTC()})
		if err != nil && !errors.Is(err, pipeline.ErrSuperseded) {
			return fmt.Errorf("record failure: %w", err)
		}
		log.ErrorContext(ctx, "article failed", "reason", msg)
		return nil
	}
	text, err := h.texts.GetText(ctx, key)
	if errors.Is(err, pipeline.ErrNotFound) {
		return fail("stored text is missing")
	}
	if err != nil {
		return fmt.Errorf("read text: %w", err)
	}
	if article.Revision(string(text)) != rev {
		return fail("stored text does not match its revision")
	}
	a := article.Article{Tenant: tenant, Source: source, ID: id, Revision: rev, Title: rec.Title, URL: rec.URL, PublishedAt: rec.PublishedAt, Text: string(text)}
	start := time.Now()
	var x pipeline.Extractor = h.extractor
	if budget.limit > 0 {
		x = budgeted{Extractor: x, budgetFor: budget}
	}
	res, err := pipeline.New(h.texts, readOnce{RecordStore: h.records, rec: rec}, x).Extract(ctx, a)
	switch {
	case errors.Is(err, pipeline.ErrSuperseded):
		log.InfoContext(ctx, "superseded while extracting; dropped")
		return nil
	case err != nil && pipeline.Retryable(err):
		if receives >= h.maxReceive && h.maxReceive > 0 {
			// The last try: leave the reason on the item before the
			// message goes to the dead-letter queue.
			_ = fail("gave up after " + strconv.Itoa(receives) + " attempts: " + err.Error())
		}
		return err
	case err != nil:
		// The pipeline recorded the article FAILED with the error (for
		// a budget overrun: "budget: …").
		o.Outcome, o.Elapsed = metrics.OutcomeFailed, time.Since(start)
		log.ErrorContext(ctx, "extraction failed", "err", err, "ms", time.Since(start).Milliseconds())
		return nil
	}
	u := res.Summary.Extractor.Usage
	if res.Skipped {
		o.Outcome = metrics.OutcomeSkipped
	} else {
		o.Outcome, o.Summary, o.Elapsed = metrics.OutcomeDone, &res.Summary, time.Since(start)
		o.Extractor = res.Summary.Extractor.Name
	}
	log.InfoContext(ctx, "summarized", "skipped", res.Skipped, "quotes", len(res.Summary.Quotes), "speakers", len(res.Summary.Speakers),
		"input_tokens", u.InputTokens, "output_tokens", u.OutputTokens, "ms", time.Since(start).Milliseconds())
	return nil
}

// readOnce is the record store with the record process has just read: the
// pipeline's own read of it is answered from memory, the first time.
type readOnce struct {
	pipeline.RecordStore
	rec *article.Record
}

// GetRecord returns the record already read for its article, else reads.
func (r readOnce) GetRecord(ctx context.Context, tenant, source, id string) (*article.Record, error) {
	if r.rec != nil && r.rec.Tenant == tenant && r.rec.Source == source && r.rec.ID == id {
		c := *r.rec
		return &c, nil
	}
	return r.RecordStore.GetRecord(ctx, tenant, source, id)
}

// budgetFor is one article's extraction budget; cut is set when the
// batch's deadline shortened it.
type budgetFor struct {
	limit time.Duration
	cut   bool
}

// budgeted bounds an extractor's work on one article.
type budgeted struct {
	pipeline.Extractor
	budgetFor
}

// budgetError is the failure of an extraction that ran out of its budget:
// permanent for this configuration when the article had its whole budget,
// so not retried; worth a retry when the batch had shortened it.
type budgetError struct{ budgetFor }

func (e budgetError) Error() string {
	if e.cut {
		return "extraction did not finish in the " + e.limit.String() + " left in this invocation"
	}
	return ReasonBudget + ": extraction did not finish within its budget of " + e.limit.String()
}

// Retryable reports whether another invocation may succeed.
func (e budgetError) Retryable() bool { return e.cut }

// Extract runs the extraction under the budget. An extractor that ignores
// its context is not waited for beyond the budget: its result is dropped.
func (b budgeted) Extract(ctx context.Context, a article.Article) (article.Summary, error) {
	bctx, cancel := context.WithTimeout(ctx, b.limit)
	defer cancel()
	type result struct {
		s   article.Summary
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := b.Extractor.Extract(bctx, a)
		done <- result{s, err}
	}()
	select {
	case r := <-done:
		if r.err != nil && bctx.Err() != nil && ctx.Err() == nil {
			return article.Summary{}, budgetError{b.budgetFor}
		}
		return r.s, r.err
	case <-bctx.Done():
		if ctx.Err() != nil {
			return article.Summary{}, ctx.Err()
		}
		return article.Summary{}, budgetError{b.budgetFor}
	}
}
