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
	"github.com/whosaid/whosaid/internal/pipeline"
	"github.com/whosaid/whosaid/internal/queue"
)

// Handler is the summarize function. It keeps no per-call state.
type Handler struct {
	texts      pipeline.TextStore
	records    pipeline.RecordStore
	pipe       *pipeline.Pipeline
	maxReceive int
	// margin is the time left before the deadline below which no new
	// message is started.
	margin time.Duration
}

// New returns a handler. maxReceive is the queue's maxReceiveCount: on the
// last receive a failing article is recorded FAILED before the message goes
// to the dead-letter queue.
func New(texts pipeline.TextStore, records pipeline.RecordStore, x pipeline.Extractor, maxReceive int) *Handler {
	if texts == nil || records == nil || x == nil {
		panic("summarize.New: nil dependency")
	}
	return &Handler{texts: texts, records: records, pipe: pipeline.New(texts, records, x), maxReceive: maxReceive, margin: 10 * time.Second}
}

// Handle processes a batch, reporting the messages to retry.
func (h *Handler) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	var resp events.SQSEventResponse
	for _, m := range ev.Records {
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < h.margin {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
			continue
		}
		log := slog.With("messageId", m.MessageId)
		keys, err := queue.Keys(m.Body)
		if err != nil {
			log.ErrorContext(ctx, "dropping a message that is no S3 notification", "err", err)
			continue
		}
		receives, _ := strconv.Atoi(m.Attributes["ApproximateReceiveCount"])
		for _, key := range keys {
			if err := h.process(ctx, key, receives); err != nil {
				log.WarnContext(ctx, "will retry", "key", key, "err", err, "receives", receives)
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
				break
			}
		}
	}
	return resp, nil
}

// process summarizes the text under key. It returns an error only when the
// message should be retried.
func (h *Handler) process(ctx context.Context, key string, receives int) error {
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
	}
	fail := func(msg string) error {
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
	res, err := h.pipe.Extract(ctx, a)
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
		// The pipeline recorded the article FAILED with the error.
		log.ErrorContext(ctx, "extraction failed", "err", err)
		return nil
	}
	u := res.Summary.Extractor.Usage
	log.InfoContext(ctx, "summarized", "skipped", res.Skipped, "quotes", len(res.Summary.Quotes), "speakers", len(res.Summary.Speakers),
		"input_tokens", u.InputTokens, "output_tokens", u.OutputTokens, "ms", time.Since(start).Milliseconds())
	return nil
}
