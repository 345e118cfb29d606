package ingest_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest"
	"github.com/whosaid/whosaid/internal/awstest/stack"
	"github.com/whosaid/whosaid/internal/ingest"
	"github.com/whosaid/whosaid/internal/queue"
	"github.com/whosaid/whosaid/internal/secrets"
	"github.com/whosaid/whosaid/internal/secrets/secretstest"
	"github.com/whosaid/whosaid/internal/store/dynamo"
	"github.com/whosaid/whosaid/internal/store/s3store"
	"github.com/whosaid/whosaid/internal/webhook"
)

func TestMain(m *testing.M) { os.Exit(awstest.Main(m)) }

var now = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

type env struct {
	st      *stack.Stack
	h       *ingest.Handler
	objects *s3store.Store
	records *dynamo.Store
}

func newEnv(t testing.TB) *env {
	t.Helper()
	st := stack.New(t)
	ext := secretstest.Start(t, st.SSM, "session-token")
	tenants, err := secrets.Load(context.Background(), &secrets.Extension{URL: ext.URL, Token: ext.Token}, stack.SecretsParam)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{st: st, objects: s3store.New(st.S3, stack.Bucket), records: dynamo.New(st.DynamoDB, stack.Table)}
	e.h = ingest.New(e.objects, e.records, queue.New(st.SQS, st.QueueURL, stack.Bucket), tenants,
		ingest.WithClock(func() time.Time { return now }), ingest.WithMaxBody(64<<10))
	return e
}

func payload(typ, id, updated, body string) string {
	data := map[string]any{
		"source": "generic", "id": id, "title": "Pier",
		"body": map[string]string{"format": "html", "value": body},
	}
	if updated != "" {
		data["updated_at"] = updated
	}
	b, _ := json.Marshal(map[string]any{"type": typ, "data": data})
	return string(b)
}

// signed builds a signed HTTP API request for the generic adapter.
func signed(t testing.TB, deliveryID, body string, at time.Time) events.APIGatewayV2HTTPRequest {
	t.Helper()
	hdr, err := webhook.SignStandard(stack.TestSecret, deliveryID, at, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	hdr["content-type"] = "application/json"
	return events.APIGatewayV2HTTPRequest{
		RawPath: "/hooks/generic/acme", PathParameters: map[string]string{"cms": "generic", "tenant": "acme"},
		Headers: hdr, Body: body,
	}
}

func (e *env) call(t *testing.T, req events.APIGatewayV2HTTPRequest) (int, ingest.Response, string) {
	t.Helper()
	resp, err := e.h.Handle(context.Background(), req)
	if err != nil {
		t.Fatalf("handler error: %v", err)
	}
	if resp.Headers["Content-Type"] != "application/json" {
		t.Errorf("content type = %q", resp.Headers["Content-Type"])
	}
	var r ingest.Response
	_ = json.Unmarshal([]byte(resp.Body), &r)
	return resp.StatusCode, r, resp.Body
}

const story = `<p>Harbour Master Ines Varga inspected the pier.</p><p>“The storm took half the railings,” she said.</p>`

func TestAcceptStoreAndAnnounce(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	body := payload("article.published", "pier-1", "2026-11-20T09:59:00Z", story)
	code, r, raw := e.call(t, signed(t, "msg_1", body, now))
	if code != http.StatusAccepted || r.Status != "accepted" || r.ID != "pier-1" {
		t.Fatalf("got %d %s", code, raw)
	}
	text, err := e.objects.GetText(ctx, article.TextKey("acme", "generic", "pier-1", r.Revision))
	if err != nil || !strings.Contains(string(text), "Harbour Master Ines Varga") || article.Revision(string(text)) != r.Revision {
		t.Fatalf("stored text %q (%v) does not match revision %s", text, err, r.Revision)
	}
	if raw, err := e.objects.GetText(ctx, "payloads/acme/generic/pier-1/msg_1.json"); err != nil || string(raw) != body {
		t.Fatalf("payload not kept byte for byte: %v", err)
	}
	rec, err := e.records.GetRecord(ctx, "acme", "generic", "pier-1")
	if err != nil || rec.Status != article.StatusPending || rec.Revision != r.Revision || rec.Title != "Pier" {
		t.Fatalf("record = %+v %v", rec, err)
	}
	msgs := e.st.Drain(t)
	if len(msgs) != 1 {
		t.Fatalf("%d messages on the queue, want the one ObjectCreated event", len(msgs))
	}
	keys, err := queue.Keys(*msgs[0].Body)
	if err != nil || len(keys) != 1 || keys[0] != article.TextKey("acme", "generic", "pier-1", r.Revision) {
		t.Fatalf("message keys = %v %v", keys, err)
	}

	// A replay of the same delivery, and the same revision under a new id,
	// change nothing and announce nothing.
	for _, id := range []string{"msg_1", "msg_2"} {
		code, r2, raw := e.call(t, signed(t, id, body, now.Add(time.Second)))
		if code != http.StatusAccepted || r2.Status != "unchanged" || r2.Revision != r.Revision {
			t.Fatalf("replay %s: %d %s", id, code, raw)
		}
	}
	if msgs := e.st.Drain(t); len(msgs) != 0 {
		t.Fatalf("a replay announced %d messages", len(msgs))
	}
}

func TestNewestRevisionWins(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	a := payload("article.updated", "p", "2026-11-20T09:00:00Z", "<p>Version A of the story.</p>")
	b := payload("article.updated", "p", "2026-11-20T09:30:00Z", "<p>Version B of the story.</p>")
	_, rb, _ := e.call(t, signed(t, "b", b, now))
	// A arrives later but is older in the CMS: it loses.
	if code, ra, raw := e.call(t, signed(t, "a", a, now)); code != http.StatusAccepted || ra.Status != "unchanged" {
		t.Fatalf("older revision: %d %s", code, raw)
	}
	if rec, _ := e.records.GetRecord(ctx, "acme", "generic", "p"); rec.Revision != rb.Revision {
		t.Fatalf("current revision = %s, want B's", rec.Revision)
	}
	e.st.Drain(t)
	// Reverting to A's body with a newer CMS time wins, and since A's text
	// is already stored, ingest announces it itself.
	a2 := payload("article.updated", "p", "2026-11-20T10:00:00Z", "<p>Version A of the story.</p>")
	code, r, raw := e.call(t, signed(t, "a2", a2, now))
	if code != http.StatusAccepted || r.Status != "accepted" {
		t.Fatalf("revert: %d %s", code, raw)
	}
	msgs := e.st.Drain(t)
	if len(msgs) != 1 {
		t.Fatalf("revert announced %d messages, want 1", len(msgs))
	}
	if keys, _ := queue.Keys(*msgs[0].Body); len(keys) != 1 || keys[0] != article.TextKey("acme", "generic", "p", r.Revision) {
		t.Fatalf("keys = %v", keys)
	}
}

func TestWithdraw(t *testing.T) {
	e := newEnv(t)
	e.call(t, signed(t, "p1", payload("article.published", "w", "2026-11-20T09:00:00Z", story), now))
	body := `{"type":"article.deleted","data":{"source":"generic","id":"w","updated_at":"2026-11-20T09:10:00Z"}}`
	code, r, raw := e.call(t, signed(t, "d1", body, now))
	if code != http.StatusAccepted || r.Status != "withdrawn" {
		t.Fatalf("withdraw: %d %s", code, raw)
	}
	rec, _ := e.records.GetRecord(context.Background(), "acme", "generic", "w")
	if rec.Status != dynamo.StatusWithdrawn {
		t.Fatalf("status = %s", rec.Status)
	}
}

func TestRejections(t *testing.T) {
	e := newEnv(t)
	good := payload("article.published", "x", "2026-11-20T09:00:00Z", story)
	tests := []struct {
		name string
		req  func() events.APIGatewayV2HTTPRequest
		code int
		want string
	}{
		{"unknown CMS", func() events.APIGatewayV2HTTPRequest {
			r := signed(t, "m", good, now)
			r.PathParameters["cms"], r.RawPath = "joomla", "/hooks/joomla/acme"
			return r
		}, 404, "unknown CMS"},
		{"unknown tenant", func() events.APIGatewayV2HTTPRequest {
			r := signed(t, "m", good, now)
			r.PathParameters["tenant"] = "globex"
			return r
		}, 401, "unknown tenant"},
		{"missing signature", func() events.APIGatewayV2HTTPRequest {
			r := signed(t, "m", good, now)
			delete(r.Headers, "webhook-signature")
			return r
		}, 401, "missing signature"},
		{"wrong signature", func() events.APIGatewayV2HTTPRequest {
			r := signed(t, "m", good, now)
			r.Headers["webhook-signature"] = "v1," + base64.StdEncoding.EncodeToString(make([]byte, 32))
			return r
		}, 401, "does not match"},
		{"tampered body", func() events.APIGatewayV2HTTPRequest {
			r := signed(t, "m", good, now)
			r.Body = strings.Replace(r.Body, "storm", "Storm", 1)
			return r
		}, 401, "does not match"},
		{"stale timestamp", func() events.APIGatewayV2HTTPRequest { return signed(t, "m", good, now.Add(-6*time.Minute)) }, 401, "replay window"},
		{"malformed JSON", func() events.APIGatewayV2HTTPRequest { return signed(t, "m", `{"type":`, now) }, 400, "malformed"},
		{"no body field", func() events.APIGatewayV2HTTPRequest {
			return signed(t, "m", `{"type":"article.published","data":{"id":"x"}}`, now)
		}, 400, "body is required"},
		{"oversized", func() events.APIGatewayV2HTTPRequest {
			return signed(t, "m", payload("article.published", "x", "", strings.Repeat("<p>word</p>", 10000)), now)
		}, 413, "over the limit"},
		{"empty body", func() events.APIGatewayV2HTTPRequest { return signed(t, "m", "", now) }, 422, "empty body"},
		{"empty article text", func() events.APIGatewayV2HTTPRequest {
			return signed(t, "m", payload("article.published", "x", "", "<script>x()</script>"), now)
		}, 422, "no text"},
		{"bad base64", func() events.APIGatewayV2HTTPRequest {
			r := signed(t, "m", good, now)
			r.IsBase64Encoded, r.Body = true, "%%%"
			return r
		}, 400, "base64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, raw := e.call(t, tt.req())
			if code != tt.code || !strings.Contains(raw, tt.want) {
				t.Fatalf("got %d %s, want %d containing %q", code, raw, tt.code, tt.want)
			}
		})
	}
	// nothing was stored by any rejected delivery
	if rec, _ := e.records.GetRecord(context.Background(), "acme", "generic", "x"); rec != nil {
		t.Fatalf("a rejected delivery left a record: %+v", rec)
	}
	if msgs := e.st.Drain(t); len(msgs) != 0 {
		t.Fatalf("a rejected delivery announced %d messages", len(msgs))
	}
}

func TestBase64Body(t *testing.T) {
	e := newEnv(t)
	req := signed(t, "b64", payload("article.published", "b", "", story), now)
	req.IsBase64Encoded, req.Body = true, base64.StdEncoding.EncodeToString([]byte(req.Body))
	if code, r, raw := e.call(t, req); code != http.StatusAccepted || r.Status != "accepted" {
		t.Fatalf("%d %s", code, raw)
	}
}

// TestStoreOutageThenRetry: with DynamoDB or S3 unreachable ingest answers
// 503, and the CMS's retry of the same delivery completes the work.
func TestStoreOutageThenRetry(t *testing.T) {
	for _, broken := range []string{"dynamodb", "s3"} {
		t.Run(broken, func(t *testing.T) {
			e := newEnv(t)
			ctx := context.Background()
			dead := awstest.Config(t)
			dead.BaseEndpoint = strPtr("http://127.0.0.1:1")
			dead.RetryMaxAttempts = 1
			objects, records := ingest.Objects(e.objects), ingest.Records(e.records)
			if broken == "dynamodb" {
				records = dynamo.New(dynamodb.NewFromConfig(dead), stack.Table)
			} else {
				objects = s3store.New(s3store.NewClient(dead), stack.Bucket)
			}
			tenants, _ := secrets.Parse([]byte(fmt.Sprintf(`{"generic":{"acme":%q}}`, stack.TestSecret)))
			q := queue.New(e.st.SQS, e.st.QueueURL, stack.Bucket)
			down := ingest.New(objects, records, q, tenants, ingest.WithClock(func() time.Time { return now }))
			body := payload("article.published", "o", "2026-11-20T09:00:00Z", story)
			resp, err := down.Handle(ctx, signed(t, "m1", body, now))
			if err != nil || resp.StatusCode != http.StatusServiceUnavailable {
				t.Fatalf("outage: %d %v %s", resp.StatusCode, err, resp.Body)
			}
			code, r, raw := e.call(t, signed(t, "m1", body, now.Add(30*time.Second)))
			if code != http.StatusAccepted {
				t.Fatalf("retry: %d %s", code, raw)
			}
			rec, err := e.records.GetRecord(ctx, "acme", "generic", "o")
			if err != nil || rec == nil || rec.Status != article.StatusPending || rec.Revision != r.Revision {
				t.Fatalf("after retry record = %+v %v", rec, err)
			}
			if _, err := e.objects.GetText(ctx, article.TextKey("acme", "generic", "o", r.Revision)); err != nil {
				t.Fatalf("after retry text missing: %v", err)
			}
			if msgs := e.st.Drain(t); len(msgs) != 1 {
				t.Fatalf("after retry %d messages, want 1", len(msgs))
			}
		})
	}
}

func strPtr(s string) *string { return &s }
