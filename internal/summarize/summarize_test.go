package summarize_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest"
	"github.com/whosaid/whosaid/internal/awstest/stack"
	"github.com/whosaid/whosaid/internal/offline"
	"github.com/whosaid/whosaid/internal/store/dynamo"
	"github.com/whosaid/whosaid/internal/store/s3store"
	"github.com/whosaid/whosaid/internal/summarize"
)

func TestMain(m *testing.M) { os.Exit(awstest.Main(m)) }

const text = "Harbour Master Ines Varga inspected the pier.\n\n“The storm took half the railings,” she said. “We will rebuild them by May.”"

type env struct {
	st      *stack.Stack
	texts   *s3store.Store
	records *dynamo.Store
}

func newEnv(t *testing.T) *env {
	st := stack.New(t)
	return &env{st: st, texts: s3store.New(st.S3, stack.Bucket), records: dynamo.New(st.DynamoDB, stack.Table)}
}

// ingest stores a revision the way the ingest function does and returns the
// SQS messages the bucket announced.
func (e *env) ingest(t *testing.T, id, body string, at time.Time) []events.SQSMessage {
	t.Helper()
	ctx := context.Background()
	rev := article.Revision(body)
	if _, err := e.records.BeginRevision(ctx, dynamo.Revision{Tenant: "desk", Source: "generic", ID: id, Revision: rev, CMSUpdated: at, Arrival: at, Title: "Pier"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.texts.PutText(ctx, article.TextKey("desk", "generic", id, rev), []byte(body)); err != nil {
		t.Fatal(err)
	}
	var out []events.SQSMessage
	for _, m := range e.st.Drain(t) {
		out = append(out, events.SQSMessage{MessageId: *m.MessageId, Body: *m.Body, Attributes: m.Attributes})
	}
	if len(out) != 1 {
		t.Fatalf("bucket announced %d messages, want 1", len(out))
	}
	return out
}

// failing fails every extraction with err.
type failing struct {
	err   error
	calls int
}

func (f *failing) Name() string       { return "test" }
func (f *failing) ConfigHash() string { return "test:1" }

func (f *failing) Extract(ctx context.Context, a article.Article) (article.Summary, error) {
	f.calls++
	return article.Summary{}, f.err
}

type retryable struct{ error }

func (retryable) Retryable() bool { return true }

func TestSummarizeFromBucketEvent(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	h := summarize.New(e.texts, e.records, offline.New(offline.DefaultConfig()), 3)
	msgs := e.ingest(t, "pier", text, time.Now())
	resp, err := h.Handle(ctx, events.SQSEvent{Records: msgs})
	if err != nil || len(resp.BatchItemFailures) != 0 {
		t.Fatalf("resp %+v err %v", resp, err)
	}
	rec, err := e.records.GetRecord(ctx, "desk", "generic", "pier")
	if err != nil || rec.Status != article.StatusDone || rec.Summary == nil {
		t.Fatalf("record = %+v %v", rec, err)
	}
	if err := rec.Summary.Validate(text); err != nil {
		t.Fatal(err)
	}
	if rec.Summary.Article.Title != "Pier" || len(rec.Summary.Quotes) != 2 {
		t.Fatalf("summary = %+v", rec.Summary)
	}
	qs, _, err := e.records.QuotesBySpeaker(ctx, "desk", "Ines Varga", 10, "")
	if err != nil || len(qs) != 2 {
		t.Fatalf("speaker quotes = %v %v", qs, err)
	}
	// A duplicate delivery of the message is a no-op.
	if resp, _ := h.Handle(ctx, events.SQSEvent{Records: msgs}); len(resp.BatchItemFailures) != 0 {
		t.Fatalf("duplicate: %+v", resp)
	}
}

func TestSupersededAndUnknownAreDropped(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	x := &failing{err: errors.New("must not be called")}
	h := summarize.New(e.texts, e.records, x, 3)
	old := e.ingest(t, "p", text, time.Now())
	e.ingest(t, "p", text+" More.", time.Now().Add(time.Minute))
	bogus := events.SQSMessage{MessageId: "x", Body: `{"Records":[{"eventName":"ObjectCreated:Put","s3":{"object":{"key":"payloads/a/b/c.json"}}}]}`}
	test := events.SQSMessage{MessageId: "t", Body: `{"Service":"Amazon S3","Event":"s3:TestEvent"}`}
	junk := events.SQSMessage{MessageId: "j", Body: `not json`}
	resp, err := h.Handle(ctx, events.SQSEvent{Records: append(old, bogus, test, junk)})
	if err != nil || len(resp.BatchItemFailures) != 0 || x.calls != 0 {
		t.Fatalf("resp %+v err %v calls %d", resp, err, x.calls)
	}
}

func TestRetryThenFail(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	msgs := e.ingest(t, "r", text, time.Now())
	x := &failing{err: retryable{errors.New("rate limited")}}
	h := summarize.New(e.texts, e.records, x, 3)
	msgs[0].Attributes = map[string]string{"ApproximateReceiveCount": "1"}
	resp, _ := h.Handle(ctx, events.SQSEvent{Records: msgs})
	if len(resp.BatchItemFailures) != 1 || resp.BatchItemFailures[0].ItemIdentifier != msgs[0].MessageId {
		t.Fatalf("a retryable failure must be reported: %+v", resp)
	}
	msgs[0].Attributes["ApproximateReceiveCount"] = "3"
	resp, _ = h.Handle(ctx, events.SQSEvent{Records: msgs})
	rec, _ := e.records.GetRecord(ctx, "desk", "generic", "r")
	if len(resp.BatchItemFailures) != 1 || rec.Status != article.StatusFailed || rec.Error == "" {
		t.Fatalf("last attempt: resp %+v record %+v", resp, rec)
	}

	// A permanent failure is recorded and acknowledged at once.
	msgs2 := e.ingest(t, "perm", text, time.Now())
	x2 := &failing{err: errors.New("model refused")}
	resp, _ = summarize.New(e.texts, e.records, x2, 3).Handle(ctx, events.SQSEvent{Records: msgs2})
	rec, _ = e.records.GetRecord(ctx, "desk", "generic", "perm")
	if len(resp.BatchItemFailures) != 0 || rec.Status != article.StatusFailed || rec.Error == "" {
		t.Fatalf("permanent: resp %+v record %+v", resp, rec)
	}
}

func TestNearDeadlineDefersWork(t *testing.T) {
	e := newEnv(t)
	msgs := e.ingest(t, "d", text, time.Now())
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	resp, _ := summarize.New(e.texts, e.records, offline.New(offline.DefaultConfig()), 3).Handle(ctx, events.SQSEvent{Records: msgs})
	if len(resp.BatchItemFailures) != 1 {
		t.Fatalf("work started too close to the deadline: %+v", resp)
	}
}
