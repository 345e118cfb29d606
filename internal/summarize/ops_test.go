package summarize_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest/stack"
	"github.com/whosaid/whosaid/internal/correlation"
	"github.com/whosaid/whosaid/internal/ingest"
	"github.com/whosaid/whosaid/internal/metrics"
	"github.com/whosaid/whosaid/internal/offline"
	"github.com/whosaid/whosaid/internal/queue"
	"github.com/whosaid/whosaid/internal/secrets"
	"github.com/whosaid/whosaid/internal/secrets/secretstest"
	"github.com/whosaid/whosaid/internal/summarize"
	"github.com/whosaid/whosaid/internal/webhook"
)

// captureLogs sends the default logger's INFO-and-above JSON lines, with
// correlation ids, to a buffer for the rest of the test.
func captureLogs(t *testing.T) *bytes.Buffer {
	var buf bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(correlation.NewHandler(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))))
	t.Cleanup(func() { slog.SetDefault(prev) })
	return &buf
}

func logLines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line is no JSON: %q", l)
		}
		out = append(out, m)
	}
	return out
}

func sqsMessages(ms []sqstypes.Message) []events.SQSMessage {
	var out []events.SQSMessage
	for _, m := range ms {
		sm := events.SQSMessage{MessageId: *m.MessageId, Body: *m.Body, Attributes: m.Attributes}
		for k, v := range m.MessageAttributes {
			if sm.MessageAttributes == nil {
				sm.MessageAttributes = map[string]events.SQSMessageAttribute{}
			}
			sm.MessageAttributes[k] = events.SQSMessageAttribute{DataType: *v.DataType, StringValue: v.StringValue}
		}
		out = append(out, sm)
	}
	return out
}

// An invented article: its sentences must appear in no log line.
const opsStory = `<p>Ferry captain Odile Marchetti counted the crates twice.</p><p>“Every crate of lemons reached the island dry,” she said.</p>`

// TestCorrelatedLogsAndMetrics follows one delivery from the webhook to the
// summary: the webhook id is the correlation id of every log line about it,
// through the bucket's notification (which carries no attributes: summarize
// reads it from the article record) and through a message sent with one;
// the EMF lines count the delivery and the summary; and no log line holds
// the webhook secret or the article's words.
func TestCorrelatedLogsAndMetrics(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	logs := captureLogs(t)
	var emf bytes.Buffer
	m := metrics.New(&emf)

	ext := secretstest.Start(t, e.st.SSM, "session-token")
	tenants, err := secrets.Load(ctx, &secrets.Extension{URL: ext.URL, Token: ext.Token}, stack.SecretsParam)
	if err != nil {
		t.Fatal(err)
	}
	q := queue.New(e.st.SQS, e.st.QueueURL, stack.Bucket)
	in := ingest.New(e.texts, e.records, q, tenants, ingest.WithMetrics(m))
	body, _ := json.Marshal(map[string]any{"type": "article.published", "data": map[string]any{
		"source": "generic", "id": "ferry-1", "title": "Ferry", "updated_at": "2026-11-20T09:59:00Z",
		"body": map[string]string{"format": "html", "value": opsStory},
	}})
	request := func(id, secret string) events.APIGatewayV2HTTPRequest {
		hdr, err := webhook.SignStandard(secret, id, time.Now(), body)
		if err != nil {
			t.Fatal(err)
		}
		hdr["content-type"] = "application/json"
		return events.APIGatewayV2HTTPRequest{RawPath: "/hooks/generic/acme", PathParameters: map[string]string{"cms": "generic", "tenant": "acme"}, Headers: hdr, Body: string(body)}
	}
	resp, err := in.Handle(ctx, request("evt_ferry_1", stack.TestSecret))
	if err != nil || resp.StatusCode != http.StatusAccepted {
		t.Fatalf("ingest: %d %s %v", resp.StatusCode, resp.Body, err)
	}
	bad, _ := in.Handle(ctx, request("evt_forged", "whsec_"+strings.Repeat("QUJD", 8)))
	if bad.StatusCode != http.StatusUnauthorized {
		t.Fatalf("forged delivery: %d", bad.StatusCode)
	}

	h := summarize.New(e.texts, e.records, offline.New(offline.DefaultConfig()), 3, summarize.WithMetrics(m))
	fromBucket := sqsMessages(e.st.Drain(t))
	if len(fromBucket) != 1 || len(fromBucket[0].MessageAttributes) != 0 {
		t.Fatalf("want the bucket's one notification, without attributes: %+v", fromBucket)
	}
	if r, err := h.Handle(ctx, events.SQSEvent{Records: fromBucket}); err != nil || len(r.BatchItemFailures) != 0 {
		t.Fatalf("summarize: %+v %v", r, err)
	}
	// A message sent with a correlation id (as reprocess sends them).
	var ir ingest.Response
	_ = json.Unmarshal([]byte(resp.Body), &ir)
	if err := q.Enqueue(correlation.With(ctx, "run-42"), article.TextKey("acme", "generic", "ferry-1", ir.Revision)); err != nil {
		t.Fatal(err)
	}
	sent := sqsMessages(e.st.Drain(t))
	if len(sent) != 1 || queue.CorrelationID(sent[0]) != "run-42" {
		t.Fatalf("enqueued message lost its correlation id: %+v", sent)
	}
	if r, err := h.Handle(ctx, events.SQSEvent{Records: sent}); err != nil || len(r.BatchItemFailures) != 0 {
		t.Fatalf("summarize again: %+v %v", r, err)
	}

	lines := logLines(t, logs)
	find := func(msg string) map[string]any {
		t.Helper()
		for _, l := range lines {
			if l["msg"] == msg {
				return l
			}
		}
		t.Fatalf("no log line %q in %v", msg, lines)
		return nil
	}
	if got := find("delivery stored")[correlation.Key]; got != "evt_ferry_1" {
		t.Errorf("ingest logged correlation id %v, want the webhook id", got)
	}
	if got := find("delivery rejected")[correlation.Key]; got == nil || got == "evt_forged" {
		t.Errorf("a rejected delivery logged correlation id %v: want a new one, not its unverified id", got)
	}
	if got := find("summarized")[correlation.Key]; got != "evt_ferry_1" {
		t.Errorf("summarize logged correlation id %v for the bucket's notification, want the delivery's", got)
	}
	if got := find("already summarized with this configuration; skipped")[correlation.Key]; got != "run-42" {
		t.Errorf("summarize logged correlation id %v for a message carrying run-42", got)
	}
	for _, secret := range []string{stack.TestSecret, strings.TrimPrefix(stack.TestSecret, "whsec_"), "whosaid-test-secret"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("a log line holds the webhook secret %q", secret)
		}
	}
	for _, words := range []string{"Every crate of lemons", "reached the island dry", "counted the crates twice"} {
		if strings.Contains(logs.String(), words) {
			t.Errorf("a log line holds article text %q", words)
		}
	}

	pts, err := metrics.Parse(&emf)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		dims map[string]string
		want float64
	}{
		{metrics.Deliveries, map[string]string{"CMS": "generic", "Status": "202"}, 1},
		{metrics.Deliveries, map[string]string{"CMS": "generic", "Status": "401"}, 1},
		{metrics.Deliveries, map[string]string{"Class": "5xx"}, 0},
		{metrics.Summaries, map[string]string{"Extractor": "offline", "Outcome": "done"}, 1},
		{metrics.Summaries, map[string]string{"Outcome": "skipped"}, 1},
		{metrics.Quotations, map[string]string{"Extractor": "offline"}, 1},
		{metrics.Fallbacks, nil, 0},
	} {
		if got, _ := metrics.Sum(pts, c.name, c.dims); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.dims, got, c.want)
		}
	}
	if _, n := metrics.Sum(pts, metrics.ExtractionTime, map[string]string{"Extractor": "offline"}); n != 1 {
		t.Errorf("want one extraction time, got %d", n)
	}
}
