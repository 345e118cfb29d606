package faults

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest"
	"github.com/whosaid/whosaid/internal/awstest/stack"
	"github.com/whosaid/whosaid/internal/ingest"
	"github.com/whosaid/whosaid/internal/offline"
	"github.com/whosaid/whosaid/internal/queue"
	"github.com/whosaid/whosaid/internal/reprocess"
	"github.com/whosaid/whosaid/internal/secrets"
	"github.com/whosaid/whosaid/internal/secrets/secretstest"
	"github.com/whosaid/whosaid/internal/store/dynamo"
	"github.com/whosaid/whosaid/internal/store/s3store"
	"github.com/whosaid/whosaid/internal/summarize"
	"github.com/whosaid/whosaid/internal/toxiproxy"
	"github.com/whosaid/whosaid/internal/webhook"
)

func TestMain(m *testing.M) { os.Exit(awstest.Main(m)) }

// rig is the stack with one proxy per store, and handlers whose clients go
// through the proxies. Their SDK clients make one attempt, so a fault
// reaches the handler instead of being retried away.
type rig struct {
	st           *stack.Stack
	tp           *toxiproxy.Server
	s3, ddb, sqs *toxiproxy.Proxy
	// ingest and summarize are used while the stores are healthy (a long
	// client timeout: the machine may be slow); the faulty ones under a
	// fault, where a short timeout can only make the expected failure come
	// sooner.
	ingest, faultyIngest       *ingest.Handler
	summarize, faultySummarize *summarize.Handler
	direct                     *dynamo.Store
}

func newRig(t *testing.T) *rig {
	t.Helper()
	st := stack.New(t)
	tp := toxiproxy.Start(t)
	r := &rig{st: st, tp: tp, s3: tp.Proxy(t, "s3", awstest.Endpoint), ddb: tp.Proxy(t, "dynamodb", awstest.Endpoint), sqs: tp.Proxy(t, "sqs", awstest.Endpoint)}
	ext := secretstest.Start(t, st.SSM, "session-token")
	tenants, err := secrets.Load(context.Background(), &secrets.Extension{URL: ext.URL, Token: ext.Token}, stack.SecretsParam)
	if err != nil {
		t.Fatal(err)
	}
	build := func(timeout time.Duration) (*ingest.Handler, *summarize.Handler) {
		objects := s3store.New(s3store.NewClient(r.via(r.s3, timeout)), stack.Bucket)
		records := dynamo.New(dynamodb.NewFromConfig(r.via(r.ddb, timeout)), stack.Table)
		return ingest.New(objects, records, queue.New(sqs.NewFromConfig(r.via(r.sqs, timeout)), st.QueueURL, stack.Bucket), tenants),
			summarize.New(objects, records, offline.New(offline.DefaultConfig()), 5)
	}
	r.ingest, r.summarize = build(2 * time.Minute)
	r.faultyIngest, r.faultySummarize = build(2 * time.Second)
	r.direct = dynamo.New(st.DynamoDB, stack.Table)
	return r
}

// via is an AWS config whose calls go through proxy p, one attempt each,
// on a fresh connection per call (so a toxic meets every call the same way,
// not only a reused connection it breaks), failing after timeout.
func (r *rig) via(p *toxiproxy.Proxy, timeout time.Duration) aws.Config {
	cfg := r.st.Config.Copy()
	cfg.BaseEndpoint = aws.String(p.URL)
	cfg.RetryMaxAttempts = 1
	cfg.HTTPClient = awshttp.NewBuildableClient().WithTimeout(timeout).
		WithTransportOptions(func(tr *http.Transport) { tr.DisableKeepAlives = true })
	return cfg
}

func article1(id, updated, text string) string {
	b, _ := json.Marshal(map[string]any{"type": "article.updated", "data": map[string]any{
		"source": "generic", "id": id, "updated_at": updated, "title": "Ferry",
		"body": map[string]string{"format": "text", "value": text}}})
	return string(b)
}

func (r *rig) deliver(t *testing.T, delivery, body string) (int, ingest.Response) {
	t.Helper()
	return deliverTo(t, r.ingest, delivery, body)
}

// deliverFaulty delivers under a fault.
func (r *rig) deliverFaulty(t *testing.T, delivery, body string) int {
	t.Helper()
	code, _ := deliverTo(t, r.faultyIngest, delivery, body)
	return code
}

func deliverTo(t *testing.T, h *ingest.Handler, delivery, body string) (int, ingest.Response) {
	t.Helper()
	hdr, err := webhook.SignStandard(stack.TestSecret, delivery, time.Now(), []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	hdr["content-type"] = "application/json"
	resp, err := h.Handle(context.Background(), events.APIGatewayV2HTTPRequest{
		RawPath: "/hooks/generic/acme", PathParameters: map[string]string{"cms": "generic", "tenant": "acme"}, Headers: hdr, Body: body,
	})
	if err != nil {
		t.Fatal(err)
	}
	var out ingest.Response
	_ = json.Unmarshal([]byte(resp.Body), &out)
	return resp.StatusCode, out
}

const story = "“The ferry runs all winter,” said Captain Rita Olsen.\n\n“We have two boats,” Olsen said."

// TestIngestFaultsThenRetry: a fault between ingest and one store answers
// 503; the CMS's retry of the same delivery, once the fault is gone, is
// accepted, and the revision is stored and announced exactly once.
func TestIngestFaultsThenRetry(t *testing.T) {
	r := newRig(t)
	cases := []struct {
		name  string
		proxy *toxiproxy.Proxy
		toxic toxiproxy.Toxic
	}{
		{"dynamodb connection reset", r.ddb, toxiproxy.Toxic{Type: "reset_peer", Attributes: map[string]any{"timeout": 0}}},
		{"dynamodb response cut short", r.ddb, toxiproxy.Toxic{Type: "limit_data", Attributes: map[string]any{"bytes": 10}}},
		{"s3 hangs (client timeout)", r.s3, toxiproxy.Toxic{Type: "latency", Attributes: map[string]any{"latency": 60000}}},
		{"s3 closes without answering", r.s3, toxiproxy.Toxic{Type: "timeout", Attributes: map[string]any{"timeout": 0}}},
		{"s3 connection reset", r.s3, toxiproxy.Toxic{Type: "reset_peer", Stream: "upstream", Attributes: map[string]any{"timeout": 0}}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id := "f" + string(rune('a'+i))
			body := article1(id, "2026-11-20T10:00:00Z", story)
			c.proxy.Add(t, c.toxic)
			code := r.deliverFaulty(t, "d-"+id, body)
			r.tp.Reset(t)
			if code != http.StatusServiceUnavailable {
				t.Fatalf("under the fault: %d, want 503", code)
			}
			code, resp := r.deliver(t, "d-"+id, body)
			if code != http.StatusAccepted {
				t.Fatalf("retry: %d", code)
			}
			r.checkAnnouncedOnce(t, id, resp.Revision)
		})
	}
}

// TestRevertEnqueueReset: the queue's connection is reset while ingest
// announces a revert. When the request is lost on the way (upstream), the
// retry announces it exactly once; when the answer is lost (downstream), the
// queue may hold it twice (SQS is at-least-once), and summarizing every
// message stores the summary once.
func TestRevertEnqueueReset(t *testing.T) {
	for _, stream := range []string{"upstream", "downstream"} {
		t.Run(stream, func(t *testing.T) {
			r := newRig(t)
			a, b := "Version A. “We sail at nine,” said Rita Olsen.\n\n“We have two boats,” Olsen said.", "Version B. “We sail at ten,” said Rita Olsen."
			r.deliver(t, "a", article1("rv", "2026-11-20T09:00:00Z", a))
			r.deliver(t, "b", article1("rv", "2026-11-20T09:30:00Z", b))
			r.st.Drain(t)
			revert := article1("rv", "2026-11-20T10:00:00Z", a)
			r.sqs.Add(t, toxiproxy.Toxic{Type: "reset_peer", Stream: stream, Attributes: map[string]any{"timeout": 0}})
			code := r.deliverFaulty(t, "revert", revert)
			r.tp.Reset(t)
			if code != http.StatusServiceUnavailable {
				t.Fatalf("under the fault: %d, want 503", code)
			}
			code, resp := r.deliver(t, "revert", revert)
			if code != http.StatusAccepted {
				t.Fatalf("retry: %d", code)
			}
			if stream == "upstream" {
				r.checkAnnouncedOnce(t, "rv", resp.Revision)
				return
			}
			msgs := r.st.Drain(t)
			if len(msgs) < 1 || len(msgs) > 2 {
				t.Fatalf("%d announcements, want 1 or 2", len(msgs))
			}
			for _, m := range msgs {
				if r.summarizeMessage(t, m) {
					t.Fatal("summarize failed")
				}
			}
			r.checkDoneOnce(t, "rv", resp.Revision)
		})
	}
}

// TestSlowStores: with latency on every store, deliveries and summaries
// still complete (nothing here measures time).
func TestSlowStores(t *testing.T) {
	r := newRig(t)
	for _, p := range []*toxiproxy.Proxy{r.s3, r.ddb, r.sqs} {
		p.Add(t, toxiproxy.Toxic{Type: "latency", Attributes: map[string]any{"latency": 150, "jitter": 100}})
	}
	code, resp := r.deliver(t, "slow", article1("slow", "2026-11-20T10:00:00Z", story))
	if code != http.StatusAccepted {
		t.Fatalf("slow delivery: %d", code)
	}
	msgs := r.st.Drain(t)
	if len(msgs) != 1 {
		t.Fatalf("%d messages, want 1", len(msgs))
	}
	if failed := r.summarizeMessage(t, msgs[0]); failed {
		t.Fatal("summarize failed on slow stores")
	}
	r.checkDoneOnce(t, "slow", resp.Revision)
}

// TestSummarizeStoreFaults: DynamoDB resets, hangs or cuts responses while
// summarize writes; the message is retried and the redelivery finishes the
// article with each quote stored and served once.
func TestSummarizeStoreFaults(t *testing.T) {
	r := newRig(t)
	cases := []struct {
		name  string
		toxic toxiproxy.Toxic
	}{
		{"reset", toxiproxy.Toxic{Type: "reset_peer", Attributes: map[string]any{"timeout": 0}}},
		{"hang (client timeout)", toxiproxy.Toxic{Type: "latency", Attributes: map[string]any{"latency": 60000}}},
		{"closes without answering", toxiproxy.Toxic{Type: "timeout", Attributes: map[string]any{"timeout": 0}}},
		{"cut after the first bytes", toxiproxy.Toxic{Type: "limit_data", Attributes: map[string]any{"bytes": 600}}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id := "s" + string(rune('a'+i))
			_, resp := r.deliver(t, "d-"+id, article1(id, "2026-11-20T10:00:00Z", story))
			msgs := r.st.Drain(t)
			if len(msgs) != 1 {
				t.Fatalf("%d messages, want 1", len(msgs))
			}
			r.ddb.Add(t, c.toxic)
			failed := summarizeWith(t, r.faultySummarize, msgs[0])
			r.tp.Reset(t)
			if !failed {
				t.Fatal("summarize reported success under the fault")
			}
			if failed := r.summarizeMessage(t, msgs[0]); failed {
				t.Fatal("the redelivery failed")
			}
			r.checkDoneOnce(t, id, resp.Revision)
		})
	}
}

// summarizeMessage runs the summarize handler on one message and reports
// whether it asked for a retry.
func (r *rig) summarizeMessage(t *testing.T, m sqstypes.Message) bool {
	t.Helper()
	return summarizeWith(t, r.summarize, m)
}

func summarizeWith(t *testing.T, h *summarize.Handler, m sqstypes.Message) bool {
	t.Helper()
	ev := events.SQSEvent{Records: []events.SQSMessage{{MessageId: *m.MessageId, Body: *m.Body, Attributes: map[string]string{"ApproximateReceiveCount": "1"}}}}
	resp, err := h.Handle(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	return len(resp.BatchItemFailures) > 0
}

func (r *rig) checkAnnouncedOnce(t *testing.T, id, revision string) {
	t.Helper()
	rec, err := r.direct.GetRecord(context.Background(), "acme", "generic", id)
	if err != nil || rec == nil || rec.Revision != revision || rec.Status != article.StatusPending {
		t.Fatalf("record = %+v %v", rec, err)
	}
	msgs := r.st.Drain(t)
	if len(msgs) != 1 {
		t.Fatalf("%d announcements, want exactly 1", len(msgs))
	}
	keys, err := queue.Keys(*msgs[0].Body)
	if err != nil || len(keys) != 1 || keys[0] != article.TextKey("acme", "generic", id, revision) {
		t.Fatalf("announced %v %v", keys, err)
	}
}

func (r *rig) checkDoneOnce(t *testing.T, id, revision string) {
	t.Helper()
	ctx := context.Background()
	rec, err := r.direct.GetRecord(ctx, "acme", "generic", id)
	if err != nil || rec == nil || rec.Status != article.StatusDone || rec.Revision != revision || len(rec.Summary.Quotes) != 2 {
		t.Fatalf("record = %+v %v", rec, err)
	}
	out, err := r.st.DynamoDB.Query(ctx, &dynamodb.QueryInput{
		TableName:              aws.String(stack.Table),
		KeyConditionExpression: aws.String("pk = :pk AND begins_with(sk, :q)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": &types.AttributeValueMemberS{Value: "ART#" + article.KeyParts("acme", "generic", id)}, ":q": &types.AttributeValueMemberS{Value: "QUOTE#"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Items of a set the article does not name may remain after a crash
	// mid-write; what is served must be the stored summary's, once each.
	qs, _, err := r.direct.QuotesBySpeaker(ctx, "acme", "Rita Olsen", 100, "")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, q := range qs {
		if q.ID == id {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("%d quotes served for %s (%d quote items stored), want 2", n, id, len(out.Items))
	}
}

// TestReprocessQueueReset: the queue's connection is reset during a
// reprocess run; the run fails, and the next one enqueues every article
// that needs work, none lost.
func TestReprocessQueueReset(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	for i := range 3 {
		id := "rp" + string(rune('a'+i))
		r.deliver(t, "d-"+id, article1(id, "2026-11-20T10:00:00Z", story))
	}
	r.st.Drain(t) // announced once already; the run must announce them again
	later := func() time.Time { return time.Now().Add(time.Hour) }
	faulty := reprocess.New(r.direct, queue.New(sqs.NewFromConfig(r.via(r.sqs, 2*time.Second)), r.st.QueueURL, stack.Bucket), "offline:current", reprocess.WithClock(later))
	r.sqs.Add(t, toxiproxy.Toxic{Type: "reset_peer", Stream: "upstream", Attributes: map[string]any{"timeout": 0}})
	_, err := faulty.Handle(ctx, reprocess.Input{Limit: 10})
	r.tp.Reset(t)
	if err == nil {
		t.Fatal("the run reported success with the queue unreachable")
	}
	healthy := reprocess.New(r.direct, queue.New(r.st.SQS, r.st.QueueURL, stack.Bucket), "offline:current", reprocess.WithClock(later))
	out, err := healthy.Handle(ctx, reprocess.Input{Limit: 10})
	if err != nil || out.Enqueued != 3 {
		t.Fatalf("next run: %+v %v", out, err)
	}
	if msgs := r.st.Drain(t); len(msgs) != 3 {
		t.Fatalf("%d messages, want 3", len(msgs))
	}
}
