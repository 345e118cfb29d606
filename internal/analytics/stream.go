package analytics

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/metrics"
)

// RecordReader reads an article's current record (nil when it has none).
type RecordReader interface {
	GetRecord(ctx context.Context, tenant, source, id string) (*article.Record, error)
}

// StreamHandler is the analytics function: triggered by the table's
// stream on article items (sk SUMMARY), it reads each changed article's
// current record and syncs its analytics rows. Reading the current state,
// rather than trusting the stream image, makes it idempotent and
// order-proof, and gives it the quotations of summaries kept in quote
// items.
type StreamHandler struct {
	records RecordReader
	exp     *Exporter
	metrics *metrics.Emitter
}

// NewStreamHandler returns the handler.
func NewStreamHandler(records RecordReader, exp *Exporter) *StreamHandler {
	if records == nil || exp == nil {
		panic("analytics.NewStreamHandler: nil dependency")
	}
	return &StreamHandler{records: records, exp: exp, metrics: metrics.Discard}
}

// WithMetrics sets where AnalyticsSyncs goes (EMF lines; none by default).
func (h *StreamHandler) WithMetrics(m *metrics.Emitter) *StreamHandler {
	h.metrics = m
	return h
}

// articleOf returns the article an article item's keys name.
func articleOf(keys map[string]events.DynamoDBAttributeValue) (tenant, source, id string, ok bool) {
	pk, sk := keys["pk"], keys["sk"]
	if pk.DataType() != events.DataTypeString || sk.DataType() != events.DataTypeString || sk.String() != "SUMMARY" {
		return "", "", "", false
	}
	rest, found := strings.CutPrefix(pk.String(), "ART#")
	if !found {
		return "", "", "", false
	}
	parts, ok := article.SplitKeyParts(rest, 3)
	if !ok {
		return "", "", "", false
	}
	return parts[0], parts[1], parts[2], true
}

// Handle syncs every article the batch changed, once per article; an
// article that fails is reported, with the records after it, for retry.
func (h *StreamHandler) Handle(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	var resp events.DynamoDBEventResponse
	type art struct{ tenant, source, id string }
	done := map[art]bool{}
	for _, r := range ev.Records {
		tenant, source, id, ok := articleOf(r.Change.Keys)
		if !ok {
			continue
		}
		a := art{tenant, source, id}
		if done[a] {
			continue
		}
		if err := h.sync(ctx, tenant, source, id); err != nil {
			h.metrics.AnalyticsSync("failed")
			slog.WarnContext(ctx, "analytics sync failed; will retry", "tenant", tenant, "source", source, "id", id, "err", err)
			// A stream resumes from the first failure reported.
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.DynamoDBBatchItemFailure{ItemIdentifier: r.Change.SequenceNumber})
			return resp, nil
		}
		h.metrics.AnalyticsSync("synced")
		done[a] = true
	}
	return resp, nil
}

func (h *StreamHandler) sync(ctx context.Context, tenant, source, id string) error {
	rec, err := h.records.GetRecord(ctx, tenant, source, id)
	if err != nil {
		return fmt.Errorf("read record: %w", err)
	}
	return h.exp.Sync(ctx, tenant, source, id, rec)
}
