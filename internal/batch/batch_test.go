package batch_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest"
	"github.com/whosaid/whosaid/internal/awstest/stack"
	"github.com/whosaid/whosaid/internal/batch"
	"github.com/whosaid/whosaid/internal/llm"
	"github.com/whosaid/whosaid/internal/queue"
	"github.com/whosaid/whosaid/internal/store/dynamo"
	"github.com/whosaid/whosaid/internal/store/s3store"
)

func TestMain(m *testing.M) { os.Exit(awstest.Main(m)) }

// story is an article of our own with two quotations.
func story(i int) string {
	return fmt.Sprintf("Council vote number %d\n\n\"We will finish the bridge by spring,\" said Maria Lopez, the mayor.\n\nThe council met on Tuesday to vote on item %d.\n\n\"The costs keep rising every month,\" said Tom Baker at the meeting.\n", i, i)
}

type env struct {
	st      *stack.Stack
	records *dynamo.Store
	texts   *s3store.Store
	keys    []string
	x       *llm.Extractor
	api     *fakeAPI
}

func setup(t *testing.T, n int) *env {
	t.Helper()
	ctx := context.Background()
	st := stack.New(t)
	e := &env{st: st, records: dynamo.New(st.DynamoDB, stack.Table), texts: s3store.New(st.S3, stack.Bucket), api: newFakeAPI(t)}
	for i := range n {
		text := story(i)
		id := fmt.Sprintf("a%d", i)
		rev := article.Revision(text)
		key := article.TextKey("desk", "generic", id, rev)
		if _, err := e.texts.PutText(ctx, key, []byte(text)); err != nil {
			t.Fatal(err)
		}
		if _, err := e.records.BeginRevision(ctx, dynamo.Revision{Tenant: "desk", Source: "generic", ID: id, Revision: rev, Arrival: time.Now()}); err != nil {
			t.Fatal(err)
		}
		if err := e.records.PutRecord(ctx, article.Record{Tenant: "desk", Source: "generic", ID: id, Revision: rev, Status: article.StatusDone, ConfigHash: "old",
			Summary: &article.Summary{Speakers: []article.Speaker{}, Quotes: []article.Quote{}}}); err != nil {
			t.Fatal(err)
		}
		e.keys = append(e.keys, key)
	}
	st.Drain(t)
	x, err := llm.New(llm.Config{APIKey: "test", BaseURL: e.api.srv.URL + "/v1", Model: "gpt-4o-mini", MaxAttempts: 1, InitialBackoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	e.x = x
	return e
}

func (e *env) liveKeys(t *testing.T) []string {
	var out []string
	for _, m := range e.st.Drain(t) {
		keys, _ := queue.Keys(*m.Body)
		out = append(out, keys...)
	}
	sort.Strings(out)
	return out
}

func TestBatchesSubmitPollStoreAndRetry(t *testing.T) {
	ctx := context.Background()
	e := setup(t, 6)
	sub := batch.NewSubmitter(e.x.Client(), e.x, e.texts, e.records, 4, nil)
	for _, k := range e.keys {
		if err := sub.Enqueue(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := sub.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if len(sub.Submitted) != 2 || sub.Submitted[0].Articles != 4 || sub.Submitted[1].Articles != 2 {
		t.Fatalf("submitted %+v; want batches of 4 and 2", sub.Submitted)
	}
	b1, b2 := sub.Submitted[0].ID, sub.Submitted[1].ID

	// Every line is the live path's request, and the static prefix (the
	// instructions and the schema) is byte-identical in all of them.
	_, bodies, raws := e.api.inputLines(e.api.batches[b1])
	want, err := e.x.Requests(article.Article{Text: story(0)})
	if err != nil {
		t.Fatal(err)
	}
	wantJS, _ := json.Marshal(want[0])
	if !bytes.Equal(raws[0], wantJS) {
		t.Fatalf("batch line body differs from the live request:\n%s\n%s", raws[0], wantJS)
	}
	for i, b := range bodies {
		if b.Messages[0].Role != "system" || b.Messages[0].Content != bodies[0].Messages[0].Content {
			t.Fatalf("line %d: the instructions are not first or not identical", i)
		}
		s0, _ := json.Marshal(bodies[0].ResponseFormat)
		si, _ := json.Marshal(b.ResponseFormat)
		if !bytes.Equal(s0, si) || !b.ResponseFormat.JSONSchema.Strict {
			t.Fatalf("line %d: the strict schema is not identical", i)
		}
	}

	// Still running: nothing is stored.
	e.api.setStatus(b1, "in_progress")
	p := batch.NewPoller(e.x.Client(), e.x, e.texts, e.records, queue.New(e.st.SQS, e.st.QueueURL, stack.Bucket))
	res, err := p.Poll(ctx)
	if err != nil || res.Open != 2 || res.Finished != 0 {
		t.Fatalf("poll while running: %+v, %v", res, err)
	}

	// Batch 1 completes with one failed line (a2); a newer revision of a0
	// arrived meanwhile. Batch 2 expires after its first article (a4).
	e.api.fail[e.keys[2]+"|0|1"] = true
	e.api.finish(b1, "completed", -1)
	e.api.finish(b2, "expired", 1)
	newText := story(100)
	if _, err := e.records.BeginRevision(ctx, dynamo.Revision{Tenant: "desk", Source: "generic", ID: "a0", Revision: article.Revision(newText), Arrival: time.Now().Add(time.Second)}); err != nil {
		t.Fatal(err)
	}
	res, err = p.Poll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Finished != 2 || res.Stored != 3 || res.Retried != 2 || res.Skipped != 1 {
		t.Fatalf("poll: %+v; want 2 finished, 3 stored (a1 a3 a4), 2 retried live (a2 a5), 1 skipped (a0)", res)
	}
	if got, want := e.liveKeys(t), []string{e.keys[2], e.keys[5]}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("retried live %v, want %v", got, want)
	}
	for _, i := range []int{1, 3, 4} {
		rec, err := e.records.GetRecord(ctx, "desk", "generic", fmt.Sprintf("a%d", i))
		if err != nil {
			t.Fatal(err)
		}
		if rec.Status != article.StatusDone || rec.ConfigHash != e.x.ConfigHash() || rec.Summary == nil || len(rec.Summary.Quotes) != 2 {
			t.Fatalf("a%d: %+v", i, rec)
		}
		text := story(i)
		for _, q := range rec.Summary.Quotes {
			if text[q.Start:q.End] != q.Text {
				t.Fatalf("a%d: quote %q not at its offsets", i, q.Text)
			}
		}
		u := rec.Summary.Extractor.Usage
		if u.CachedTokens <= 0 || rec.Usage.CachedTokens != u.CachedTokens {
			t.Fatalf("a%d: cached tokens not recorded: %+v / %+v", i, u, rec.Usage)
		}
		live := llm.DefaultPrices().Cost("gpt-4o-mini", u)
		if got := rec.Summary.Extractor.CostUSD; got <= 0 || got > live/2+1e-12 || got < live/2-1e-12 {
			t.Fatalf("a%d: cost %v, want the batch rate %v (half of %v)", i, got, live/2, live)
		}
	}
	rec, _ := e.records.GetRecord(ctx, "desk", "generic", "a0")
	if rec.Status != article.StatusPending || rec.Revision != article.Revision(newText) {
		t.Fatalf("a0: an old batch result overwrote the newer revision: %+v", rec)
	}
	open, err := e.records.OpenBatches(ctx)
	if err != nil || len(open) != 0 {
		t.Fatalf("open batches after the poll: %v, %v", open, err)
	}
	all, _ := e.records.Batches(ctx, false)
	if len(all) != 2 {
		t.Fatalf("batch records: %+v", all)
	}
	// A second poll does nothing.
	if res, err := p.Poll(ctx); err != nil || res.Finished != 0 {
		t.Fatalf("second poll: %+v, %v", res, err)
	}
}

func TestFailedBatchGoesLive(t *testing.T) {
	ctx := context.Background()
	e := setup(t, 2)
	sub := batch.NewSubmitter(e.x.Client(), e.x, e.texts, e.records, 0, nil)
	for _, k := range e.keys {
		if err := sub.Enqueue(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	b, err := sub.Flush(ctx)
	if err != nil || b.Articles != 2 || b.Lines != 2 {
		t.Fatalf("flush: %+v, %v", b, err)
	}
	// An article already done with this configuration is not submitted.
	rec, _ := e.records.GetRecord(ctx, "desk", "generic", "a0")
	done := *rec
	done.Status, done.ConfigHash = article.StatusDone, e.x.ConfigHash()
	if err := e.records.PutRecord(ctx, done); err != nil {
		t.Fatal(err)
	}
	if err := sub.Enqueue(ctx, e.keys[0]); err != nil {
		t.Fatal(err)
	}
	if again, err := sub.Flush(ctx); err != nil || again.ID != "" {
		t.Fatalf("a current article was submitted: %+v, %v", again, err)
	}
	e.api.finish(b.ID, "failed", 0)
	p := batch.NewPoller(e.x.Client(), e.x, e.texts, e.records, queue.New(e.st.SQS, e.st.QueueURL, stack.Bucket))
	res, err := p.Poll(ctx)
	if err != nil || res.Retried != 2 || res.Stored != 0 {
		t.Fatalf("poll: %+v, %v", res, err)
	}
	if got := e.liveKeys(t); len(got) != 2 {
		t.Fatalf("retried live %v", got)
	}
}
