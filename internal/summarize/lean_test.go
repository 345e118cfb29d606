package summarize_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest/stack"
	"github.com/whosaid/whosaid/internal/offline"
	"github.com/whosaid/whosaid/internal/store/dynamo"
	"github.com/whosaid/whosaid/internal/store/s3store"
	"github.com/whosaid/whosaid/internal/summarize"
)

// requestCounter counts the HTTP requests the AWS clients send to moto, by
// operation.
type requestCounter struct {
	base http.RoundTripper
	mu   sync.Mutex
	ops  map[string]int
}

func (c *requestCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	op := r.Header.Get("X-Amz-Target") // DynamoDB_20120810.GetItem
	if _, after, ok := strings.Cut(op, "."); ok {
		op = after
	} else {
		op = "S3 " + r.Method // the stores only put and get objects
	}
	c.mu.Lock()
	c.ops[op]++
	c.mu.Unlock()
	return c.base.RoundTrip(r)
}

func (c *requestCounter) total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, v := range c.ops {
		n += v
	}
	return n
}

func TestAWSCallsPerArticle(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var msgs []events.SQSMessage
	const articles = 4
	for i := range articles {
		msgs = append(msgs, e.ingest(t, fmt.Sprintf("a%d", i), fmt.Sprintf("Article %d.\n\n%s", i, text), time.Now())...)
	}
	counter := &requestCounter{base: http.DefaultTransport, ops: map[string]int{}}
	cfg := e.st.Config.Copy()
	cfg.HTTPClient = &http.Client{Transport: counter}
	h := summarize.New(s3store.New(s3store.NewClient(cfg), stack.Bucket), dynamo.New(dynamodb.NewFromConfig(cfg), stack.Table),
		offline.New(offline.DefaultConfig()), 3)
	resp, err := h.Handle(ctx, events.SQSEvent{Records: msgs})
	if err != nil || len(resp.BatchItemFailures) != 0 {
		t.Fatalf("resp %+v err %v", resp, err)
	}
	for i := range articles {
		if rec, _ := e.records.GetRecord(ctx, "desk", "generic", fmt.Sprintf("a%d", i)); rec == nil || rec.Status != article.StatusDone {
			t.Fatalf("a%d = %+v", i, rec)
		}
	}
	var ops []string
	for op, n := range counter.ops {
		ops = append(ops, fmt.Sprintf("%s %d", op, n))
	}
	sort.Strings(ops)
	perArticle := float64(counter.total()) / articles
	t.Logf("AWS calls for %d articles: %d (%.2f per article): %s", articles, counter.total(), perArticle, strings.Join(ops, ", "))
	// The record is read once per message, the text once, the quote items
	// written in one batch and switched to by one conditional update; the
	// config hash is registered once per process.
	want := map[string]int{"GetItem": articles, "S3 GET": articles, "BatchWriteItem": articles, "UpdateItem": articles + 1}
	for op, n := range want {
		if counter.ops[op] != n {
			t.Errorf("%s: %d calls, want %d", op, counter.ops[op], n)
		}
	}
	if perArticle > 5 {
		t.Errorf("%.2f AWS calls per article, goal ≤ 5", perArticle)
	}

	// The same messages again (SQS delivers at least once): one read of
	// the record each, nothing else.
	before := counter.total()
	if resp, err := h.Handle(ctx, events.SQSEvent{Records: msgs}); err != nil || len(resp.BatchItemFailures) != 0 {
		t.Fatalf("duplicates: %+v %v", resp, err)
	}
	if n := counter.total() - before; n != articles {
		t.Errorf("duplicates made %d AWS calls, want %d (one record read each)", n, articles)
	}
}

// blocking extracts nothing: it waits until its context ends, or, when
// ignoreContext is set, until the test ends.
type blocking struct {
	ignoreContext bool
	release       chan struct{}
}

func (b *blocking) Name() string       { return "test" }
func (b *blocking) ConfigHash() string { return "test:1" }

func (b *blocking) Extract(ctx context.Context, a article.Article) (article.Summary, error) {
	if b.ignoreContext {
		<-b.release
		return article.Summary{}, nil
	}
	<-ctx.Done()
	return article.Summary{}, ctx.Err()
}

func TestBudgetOverrunFailsTheArticleAndAcknowledges(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for _, ignore := range []bool{false, true} {
		id := fmt.Sprintf("slow-%v", ignore)
		msgs := e.ingest(t, id, text, time.Now())
		msgs[0].Attributes = map[string]string{"ApproximateReceiveCount": "1"}
		x := &blocking{ignoreContext: ignore, release: make(chan struct{})}
		defer close(x.release)
		h := summarize.New(e.texts, e.records, x, 3, summarize.WithBudget(time.Millisecond))
		resp, err := h.Handle(ctx, events.SQSEvent{Records: msgs})
		if err != nil || len(resp.BatchItemFailures) != 0 {
			t.Fatalf("%s: the message must be acknowledged, not retried: %+v %v", id, resp, err)
		}
		rec, err := e.records.GetRecord(ctx, "desk", "generic", id)
		if err != nil || rec.Status != article.StatusFailed || !strings.HasPrefix(rec.Error, summarize.ReasonBudget+":") {
			t.Fatalf("%s: record = %+v %v; want FAILED with reason budget", id, rec, err)
		}
	}
}

func TestBudgetDefaultsFromTheDeadline(t *testing.T) {
	// With a deadline and no budget set, an article gets a share of the
	// time left: a generous deadline lets a normal article through.
	e := newEnv(t)
	msgs := e.ingest(t, "ok", text, time.Now())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	h := summarize.New(e.texts, e.records, offline.New(offline.DefaultConfig()), 3)
	if resp, err := h.Handle(ctx, events.SQSEvent{Records: msgs}); err != nil || len(resp.BatchItemFailures) != 0 {
		t.Fatalf("resp %+v err %v", resp, err)
	}
	if rec, _ := e.records.GetRecord(context.Background(), "desk", "generic", "ok"); rec == nil || rec.Status != article.StatusDone {
		t.Fatalf("record = %+v", rec)
	}
}

func TestBudgetShortenedByTheBatchIsRetried(t *testing.T) {
	// Less time is left in the invocation than the article's budget: an
	// overrun is the batch's doing, so the message is retried and the
	// record does not say budget.
	e := newEnv(t)
	msgs := e.ingest(t, "late", text, time.Now())
	msgs[0].Attributes = map[string]string{"ApproximateReceiveCount": "1"}
	ctx, cancel := context.WithTimeout(context.Background(), 12*time.Second) // 10 s are the write margin
	defer cancel()
	x := &blocking{release: make(chan struct{})}
	defer close(x.release)
	h := summarize.New(e.texts, e.records, x, 3, summarize.WithBudget(time.Hour))
	resp, err := h.Handle(ctx, events.SQSEvent{Records: msgs})
	if err != nil || len(resp.BatchItemFailures) != 1 {
		t.Fatalf("want the message retried: %+v %v", resp, err)
	}
	rec, _ := e.records.GetRecord(context.Background(), "desk", "generic", "late")
	if rec == nil || strings.HasPrefix(rec.Error, summarize.ReasonBudget) {
		t.Fatalf("record = %+v: a shortened budget is not the article's failure", rec)
	}
}
