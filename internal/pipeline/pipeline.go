// Package pipeline runs the steps that turn an article revision into a
// stored who-said-what summary. The CLI and the Lambda handlers run this same
// code; only the stores and the extractor they pass in differ.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/whosaid/whosaid/internal/article"
)

// TextStore keeps canonical article texts by key, written once.
type TextStore interface {
	// PutText stores data under key unless the key exists; it reports
	// whether it created the object.
	PutText(ctx context.Context, key string, data []byte) (bool, error)
	// GetText returns the data stored under key.
	GetText(ctx context.Context, key string) ([]byte, error)
}

// RecordStore keeps one record per article.
type RecordStore interface {
	// GetRecord returns the record of an article, or nil when there is none.
	GetRecord(ctx context.Context, tenant, source, id string) (*article.Record, error)
	// PutRecord stores a record; it fails with ErrSuperseded when the
	// stored record holds a different, newer revision.
	PutRecord(ctx context.Context, rec article.Record) error
}

// Extractor finds and attributes the quotations of an article.
type Extractor interface {
	// Name is "offline" or "llm".
	Name() string
	// ConfigHash identifies the extractor's configuration.
	ConfigHash() string
	// Extract returns the summary of a.
	Extract(ctx context.Context, a article.Article) (article.Summary, error)
}

// ErrNotFound means a store has no object under a key.
var ErrNotFound = errors.New("not found")

// ErrSuperseded means a newer revision of the article is stored: the work
// on this one is dropped.
var ErrSuperseded = errors.New("a newer revision is stored")

// ErrRejected means a store refused a write for good (an item over its size
// limit, a value it cannot hold): retrying cannot help, so the article is
// FAILED at once with the reason.
var ErrRejected = errors.New("the store refused the write")

// Result says what Summarize did.
type Result struct {
	// Summary is the stored summary.
	Summary article.Summary
	// Skipped is set when the revision was already summarized with the
	// same extractor configuration, so nothing was extracted.
	Skipped bool
	// TextCreated is set when the text was not stored before.
	TextCreated bool
}

// Pipeline wires stores and an extractor.
type Pipeline struct {
	texts     TextStore
	records   RecordStore
	extractor Extractor
	now       func() time.Time
}

// New returns a pipeline; every dependency is required.
func New(texts TextStore, records RecordStore, x Extractor) *Pipeline {
	if texts == nil || records == nil || x == nil {
		panic("pipeline.New: nil dependency")
	}
	return &Pipeline{texts: texts, records: records, extractor: x, now: time.Now}
}

// Summarize stores the text of a, extracts its quotations unless this
// revision is already done with the same configuration, and stores the
// summary. On an extraction failure the record is marked FAILED with the
// error, and the error is returned.
func (p *Pipeline) Summarize(ctx context.Context, a article.Article) (Result, error) {
	if a.Tenant == "" {
		a.Tenant = article.LocalTenant
	}
	if a.Revision == "" {
		a.Revision = article.Revision(a.Text)
	}
	created, err := p.texts.PutText(ctx, article.TextKey(a.Tenant, a.Source, a.ID, a.Revision), []byte(a.Text))
	if err != nil {
		return Result{}, fmt.Errorf("store text: %w", err)
	}
	res, err := p.Extract(ctx, a)
	res.TextCreated = created
	return res, err
}

// Extract is Summarize for a text that is already stored: it extracts the
// quotations unless this revision is done with the same configuration and
// stores the outcome.
func (p *Pipeline) Extract(ctx context.Context, a article.Article) (Result, error) {
	if a.Tenant == "" {
		a.Tenant = article.LocalTenant
	}
	if a.Revision == "" {
		a.Revision = article.Revision(a.Text)
	}
	rec, err := p.records.GetRecord(ctx, a.Tenant, a.Source, a.ID)
	if err != nil {
		return Result{}, storeError{fmt.Errorf("read record: %w", err)}
	}
	if rec != nil && rec.Revision == a.Revision && rec.Status == article.StatusDone &&
		rec.ConfigHash == p.extractor.ConfigHash() && rec.Summary != nil {
		return Result{Summary: *rec.Summary, Skipped: true}, nil
	}
	s, xerr := p.extractor.Extract(ctx, a)
	out := article.Record{Tenant: a.Tenant, Source: a.Source, ID: a.ID, Revision: a.Revision, ConfigHash: p.extractor.ConfigHash(), UpdatedAt: p.now().UTC()}
	if xerr != nil {
		out.Status, out.Error = article.StatusFailed, xerr.Error()
		if err := p.records.PutRecord(ctx, out); err != nil {
			if errors.Is(err, ErrSuperseded) {
				return Result{}, err
			}
			return Result{}, errors.Join(fmt.Errorf("extract: %w", xerr), storeError{fmt.Errorf("record failure: %w", err)})
		}
		return Result{}, fmt.Errorf("extract: %w", xerr)
	}
	out.Status, out.Summary, out.Usage = article.StatusDone, &s, s.Extractor.Usage
	if s.Extractor.ConfigHash != "" {
		// A fallback result records what really made it.
		out.ConfigHash = s.Extractor.ConfigHash
	}
	if err := p.records.PutRecord(ctx, out); err != nil {
		if errors.Is(err, ErrSuperseded) {
			return Result{}, err
		}
		if errors.Is(err, ErrRejected) {
			// Permanent: record why, once, and do not retry.
			failed := article.Record{Tenant: a.Tenant, Source: a.Source, ID: a.ID, Revision: a.Revision, ConfigHash: out.ConfigHash,
				UpdatedAt: out.UpdatedAt, Status: article.StatusFailed, Error: "summary could not be stored: " + err.Error(), Permanent: true}
			if ferr := p.records.PutRecord(ctx, failed); ferr != nil && !errors.Is(ferr, ErrSuperseded) {
				return Result{}, errors.Join(err, storeError{fmt.Errorf("record failure: %w", ferr)})
			}
			return Result{}, fmt.Errorf("store summary: %w", err)
		}
		return Result{}, storeError{fmt.Errorf("store summary: %w", err)}
	}
	return Result{Summary: s}, nil
}

// storeError marks a failure of a store: worth retrying.
type storeError struct{ error }

func (e storeError) Unwrap() error   { return e.error }
func (e storeError) Retryable() bool { return true }

// Retryable reports whether an error is worth retrying later (throttling,
// a service outage, a timeout) rather than recording as a failure of the
// article. Errors say so by implementing Retryable() bool; errors of the
// stores are retryable, the superseded signal is not.
func Retryable(err error) bool {
	if err == nil || errors.Is(err, ErrSuperseded) {
		return false
	}
	var r interface{ Retryable() bool }
	if errors.As(err, &r) {
		return r.Retryable()
	}
	return errors.Is(err, context.DeadlineExceeded)
}
