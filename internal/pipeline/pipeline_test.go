package pipeline_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/offline"
	"github.com/whosaid/whosaid/internal/pipeline"
	"github.com/whosaid/whosaid/internal/store/local"
)

// counting wraps an extractor, counting calls and failing on demand.
type counting struct {
	pipeline.Extractor
	calls int
	fail  error
}

func (c *counting) Extract(ctx context.Context, a article.Article) (article.Summary, error) {
	c.calls++
	if c.fail != nil {
		return article.Summary{}, c.fail
	}
	return c.Extractor.Extract(ctx, a)
}

const text = "“The ferry will run all winter,” said Captain Rita Olsen."

func TestSummarizeSkipsDoneRevision(t *testing.T) {
	store, err := local.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	x := &counting{Extractor: offline.New(offline.DefaultConfig())}
	p := pipeline.New(store, store, x)
	ctx := context.Background()
	a := article.Article{Source: "local", ID: "ferry", Text: text}

	r1, err := p.Summarize(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if r1.Skipped || !r1.TextCreated || len(r1.Summary.Quotes) != 1 || x.calls != 1 {
		t.Fatalf("first run: %+v calls=%d", r1, x.calls)
	}
	r2, err := p.Summarize(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if !r2.Skipped || r2.TextCreated || x.calls != 1 {
		t.Fatalf("second run should skip: skipped=%v created=%v calls=%d", r2.Skipped, r2.TextCreated, x.calls)
	}
	if !reflect.DeepEqual(r2.Summary.Quotes[0], r1.Summary.Quotes[0]) {
		t.Errorf("stored summary differs: %+v vs %+v", r2.Summary.Quotes[0], r1.Summary.Quotes[0])
	}
	// Another configuration makes the stored result stale.
	other := &counting{Extractor: offline.New(offline.Config{})}
	if _, err := pipeline.New(store, store, other).Summarize(ctx, a); err != nil || other.calls != 1 {
		t.Fatalf("changed config should extract again: calls=%d err=%v", other.calls, err)
	}
	// A new revision is extracted and becomes current.
	a.Text += " She said it twice."
	r3, err := p.Summarize(ctx, a)
	if err != nil || r3.Skipped || x.calls != 2 {
		t.Fatalf("new revision: skipped=%v calls=%d err=%v", r3.Skipped, x.calls, err)
	}
	rec, err := store.GetRecord(ctx, article.LocalTenant, "local", "ferry")
	if err != nil || rec.Revision != article.Revision(a.Text) || rec.Status != article.StatusDone {
		t.Fatalf("record = %+v, %v", rec, err)
	}
}

func TestSummarizeRecordsFailure(t *testing.T) {
	store, err := local.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("model unavailable")
	x := &counting{Extractor: offline.New(offline.DefaultConfig()), fail: boom}
	ctx := context.Background()
	_, err = pipeline.New(store, store, x).Summarize(ctx, article.Article{Source: "local", ID: "f", Text: text})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the extractor's error", err)
	}
	rec, err := store.GetRecord(ctx, article.LocalTenant, "local", "f")
	if err != nil || rec == nil || rec.Status != article.StatusFailed || rec.Error == "" {
		t.Fatalf("record = %+v, %v; want FAILED with the error", rec, err)
	}
	// The text was kept, so a retry can complete the work.
	if _, err := store.GetText(ctx, article.TextKey(article.LocalTenant, "local", "f", article.Revision(text))); err != nil {
		t.Fatalf("text lost after a failure: %v", err)
	}
	x.fail = nil
	if r, err := pipeline.New(store, store, x).Summarize(ctx, article.Article{Source: "local", ID: "f", Text: text}); err != nil || r.Skipped {
		t.Fatalf("retry after failure: %+v %v", r, err)
	}
}
