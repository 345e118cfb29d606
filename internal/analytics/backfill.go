package analytics

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/whosaid/whosaid/internal/article"
)

// ArchiveLister lists the articles done with each extractor configuration:
// the DynamoDB store's config hashes and work partitions.
type ArchiveLister interface {
	Hashes(ctx context.Context) ([]string, error)
	Work(ctx context.Context, partition string, before time.Time, limit int, cursor string) ([]article.WorkItem, string, error)
}

// BackfillInput asks the analytics function to export the summaries stored
// before its stream was attached (or lost from S3): every DONE article is
// synced, as a stream record would. A run stops before the function's
// deadline, or after Limit articles, and returns a Cursor; invoking again
// with that cursor continues where it stopped.
type BackfillInput struct {
	Backfill bool   `json:"backfill"`
	Cursor   string `json:"cursor,omitempty"`
	// Limit caps the articles of this run (0: until done or out of time).
	Limit int `json:"limit,omitempty"`
}

// BackfillOutput reports a backfill run.
type BackfillOutput struct {
	Synced int `json:"synced"`
	// Cursor continues the backfill; empty when Complete.
	Cursor   string `json:"cursor,omitempty"`
	Complete bool   `json:"complete"`
	// Error says why a run stopped early; invoking again with Cursor
	// retries from the page that failed.
	Error string `json:"error,omitempty"`
}

// backfillPage is the number of articles listed per DynamoDB query.
const backfillPage = 100

// backfillMargin is kept free before the function's deadline.
const backfillMargin = 10 * time.Second

// backfillPos is where a backfill stands: when it started (articles
// updated since are the stream's), the config hash it is in and the
// cursor within that hash's partition.
type backfillPos struct {
	Start  time.Time `json:"start"`
	Hash   string    `json:"hash"`
	Cursor string    `json:"cursor,omitempty"`
}

// Backfill syncs the analytics rows of every DONE article, partition by
// partition in a stable order, from in.Cursor. It is idempotent: running
// it twice, or alongside the stream, writes the same files.
func (h *StreamHandler) Backfill(ctx context.Context, list ArchiveLister, in BackfillInput) (BackfillOutput, error) {
	var out BackfillOutput
	pos := backfillPos{Start: time.Now().UTC()}
	if in.Cursor != "" {
		if err := json.Unmarshal([]byte(in.Cursor), &pos); err != nil || pos.Start.IsZero() {
			return out, fmt.Errorf("analytics backfill: bad cursor %q", in.Cursor)
		}
	}
	if in.Limit < 0 {
		return out, errors.New("analytics backfill: limit must be 0 or more")
	}
	hashes, err := list.Hashes(ctx)
	if err != nil {
		return out, fmt.Errorf("analytics backfill: %w", err)
	}
	sort.Strings(hashes)
	// Hashes sorted before the cursor's are done; if the cursor's hash is
	// gone, the next one starts afresh below.
	i := sort.SearchStrings(hashes, pos.Hash)
	// The margin is a tenth of the time left, at most backfillMargin, so
	// that a short timeout still makes progress.
	var stopAt time.Time
	if dl, ok := ctx.Deadline(); ok {
		stopAt = dl.Add(-min(backfillMargin, time.Until(dl)/10))
	}
	stop := func() bool {
		if in.Limit > 0 && out.Synced >= in.Limit {
			return true
		}
		return !stopAt.IsZero() && time.Now().After(stopAt)
	}
	for ; i < len(hashes); i++ {
		if pos.Hash != hashes[i] {
			pos.Hash, pos.Cursor = hashes[i], ""
		}
		for {
			if stop() {
				c, _ := json.Marshal(pos)
				out.Cursor = string(c)
				return out, nil
			}
			page := backfillPage
			if in.Limit > 0 {
				page = min(page, in.Limit-out.Synced)
			}
			items, next, err := list.Work(ctx, article.HashPartition(pos.Hash), pos.Start, page, pos.Cursor)
			if err != nil {
				return h.backfillStopped(out, pos, err)
			}
			for _, it := range items {
				if err := h.sync(ctx, it.Tenant, it.Source, it.ID); err != nil {
					h.metrics.AnalyticsSync("failed")
					// The cursor is the page's: a retry redoes its synced
					// articles, which is harmless.
					return h.backfillStopped(out, pos, fmt.Errorf("%s/%s/%s: %w", it.Tenant, it.Source, it.ID, err))
				}
				h.metrics.AnalyticsSync("synced")
				out.Synced++
			}
			pos.Cursor = next
			if next == "" {
				break
			}
		}
	}
	out.Complete = true
	slog.InfoContext(ctx, "analytics backfill complete", "synced", out.Synced)
	return out, nil
}

// backfillStopped returns the cursor of the page that failed, so that a
// retry resumes there.
func (h *StreamHandler) backfillStopped(out BackfillOutput, pos backfillPos, err error) (BackfillOutput, error) {
	c, _ := json.Marshal(pos)
	out.Cursor = string(c)
	return out, fmt.Errorf("analytics backfill (resume with the returned cursor): %w", err)
}

// Dispatch is the analytics function's entry point: a DynamoDB stream
// batch is handled by Handle, a BackfillInput ({"backfill": true}) by
// Backfill.
func (h *StreamHandler) Dispatch(list ArchiveLister) func(context.Context, json.RawMessage) (any, error) {
	return func(ctx context.Context, raw json.RawMessage) (any, error) {
		var probe struct {
			Records  json.RawMessage `json:"Records"`
			Backfill *bool           `json:"backfill"`
		}
		if err := json.Unmarshal(raw, &probe); err != nil {
			return nil, fmt.Errorf("analytics: event is not a JSON object: %w", err)
		}
		switch {
		case probe.Backfill != nil:
			var in BackfillInput
			dec := json.NewDecoder(strings.NewReader(string(raw)))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&in); err != nil {
				return nil, fmt.Errorf("analytics: bad backfill request: %w", err)
			}
			if !in.Backfill {
				return nil, errors.New(`analytics: a backfill request needs "backfill": true`)
			}
			out, err := h.Backfill(ctx, list, in)
			if err != nil && out.Cursor != "" {
				// Lambda answers with a payload or an error, not both:
				// keep the cursor, so the caller can resume.
				slog.ErrorContext(ctx, "analytics backfill stopped", "synced", out.Synced, "err", err)
				out.Error = err.Error()
				return out, nil
			}
			return out, err
		case probe.Records != nil:
			var ev events.DynamoDBEvent
			if err := json.Unmarshal(raw, &ev); err != nil {
				return nil, fmt.Errorf("analytics: bad stream event: %w", err)
			}
			return h.Handle(ctx, ev)
		}
		return nil, errors.New(`analytics: unknown event (want a DynamoDB stream batch or {"backfill": true})`)
	}
}
