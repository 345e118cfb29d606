package ingest_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest"
	"github.com/whosaid/whosaid/internal/awstest/stack"
	"github.com/whosaid/whosaid/internal/ingest"
	"github.com/whosaid/whosaid/internal/queue"
	"github.com/whosaid/whosaid/internal/secrets"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// TestRevertWhoseEnqueueFailsIsRetried: a revert to an earlier body (whose
// text is stored, so ingest must announce it itself) meets a queue outage
// and answers 503; the CMS's retry announces it and answers 202.
func TestRevertWhoseEnqueueFailsIsRetried(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	a := payload("article.updated", "r", "2026-11-20T09:00:00Z", "<p>Version A of the story.</p>")
	b := payload("article.updated", "r", "2026-11-20T09:30:00Z", "<p>Version B of the story.</p>")
	revert := payload("article.updated", "r", "2026-11-20T10:00:00Z", "<p>Version A of the story.</p>")
	e.call(t, signed(t, "a", a, now))
	e.call(t, signed(t, "b", b, now))
	e.st.Drain(t)

	dead := awstest.Config(t)
	dead.BaseEndpoint = strPtr("http://127.0.0.1:1")
	dead.RetryMaxAttempts = 1
	tenants, _ := secrets.Parse([]byte(fmt.Sprintf(`{"generic":{"acme":%q}}`, stack.TestSecret)))
	down := ingest.New(e.objects, e.records, queue.New(sqs.NewFromConfig(dead), e.st.QueueURL, stack.Bucket), tenants,
		ingest.WithClock(func() time.Time { return now }))
	resp, err := down.Handle(ctx, signed(t, "rv", revert, now))
	if err != nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("revert with the queue down: %d %v %s", resp.StatusCode, err, resp.Body)
	}
	code, r, raw := e.call(t, signed(t, "rv", revert, now.Add(time.Minute)))
	if code != http.StatusAccepted {
		t.Fatalf("retry: %d %s", code, raw)
	}
	msgs := e.st.Drain(t)
	if len(msgs) != 1 {
		t.Fatalf("retry announced %d messages, want 1", len(msgs))
	}
	if keys, _ := queue.Keys(*msgs[0].Body); len(keys) != 1 || keys[0] != article.TextKey("acme", "generic", "r", r.Revision) {
		t.Fatalf("keys = %v", keys)
	}
	// A further retry announces nothing more.
	e.call(t, signed(t, "rv", revert, now.Add(2*time.Minute)))
	if msgs := e.st.Drain(t); len(msgs) != 0 {
		t.Fatalf("second retry announced %d messages", len(msgs))
	}
}

// TestOrderWithoutUpdatedTime: with no updated_at, a content version orders
// revisions; without either, arrival does, and a replayed earlier body
// (under its old delivery id or a new one) never wins.
func TestOrderWithoutUpdatedTime(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	body := func(id, text string, version int) string {
		data := map[string]any{"source": "generic", "id": id, "body": map[string]string{"format": "text", "value": text}}
		if version > 0 {
			data["version"] = version
		}
		b, _ := json.Marshal(map[string]any{"type": "article.updated", "data": data})
		return string(b)
	}
	current := func(id string) string {
		rec, err := e.records.GetRecord(ctx, "acme", "generic", id)
		if err != nil || rec == nil {
			t.Fatalf("record %s: %v", id, err)
		}
		return rec.Revision
	}
	at := now
	tenants, _ := secrets.Parse([]byte(fmt.Sprintf(`{"generic":{"acme":%q}}`, stack.TestSecret)))
	e.h = ingest.New(e.objects, e.records, queue.New(e.st.SQS, e.st.QueueURL, stack.Bucket), tenants,
		ingest.WithClock(func() time.Time { return at }))
	revs := map[string]string{}
	send := func(delivery, b string) string {
		at = at.Add(time.Second)
		code, r, raw := e.call(t, signed(t, delivery, b, at))
		if code != http.StatusAccepted {
			t.Fatalf("%s: %d %s", delivery, code, raw)
		}
		revs[delivery] = r.Revision
		return r.Status
	}

	// by arrival, replays never win
	send("n1", body("n", "First body.", 0))
	send("n2", body("n", "Second body.", 0))
	want := revs["n2"]
	for _, replay := range []string{"n1", "n1-again"} {
		if st := send(replay, body("n", "First body.", 0)); st != "unchanged" || current("n") != want {
			t.Fatalf("replay %s: %s, current %s, revs %v", replay, st, current("n"), revs)
		}
	}

	// by version: an older version arriving later loses; a newer version
	// may bring an earlier body back (a real revert)
	send("v2", body("v", "Body two.", 2))
	if st := send("v1", body("v", "Body one.", 1)); st != "unchanged" || current("v") != revs["v2"] {
		t.Fatalf("older version: %s", st)
	}
	if st := send("v3", body("v", "Body one.", 3)); st != "accepted" || current("v") != revs["v1"] {
		t.Fatalf("revert by version: %s", st)
	}
}

// TestDeliveryIDReusedWithAnotherBody: the same delivery id with another
// body is refused (409); the first payload stays as it was.
func TestDeliveryIDReusedWithAnotherBody(t *testing.T) {
	e := newEnv(t)
	first := payload("article.published", "d", "2026-11-20T09:00:00Z", story)
	other := payload("article.published", "d", "2026-11-20T09:05:00Z", "<p>Something else.</p>")
	if code, _, raw := e.call(t, signed(t, "same", first, now)); code != 202 {
		t.Fatalf("first: %d %s", code, raw)
	}
	if code, _, raw := e.call(t, signed(t, "same", other, now)); code != http.StatusConflict || !strings.Contains(raw, "another body") {
		t.Fatalf("reused id: %d %s", code, raw)
	}
	if code, r, raw := e.call(t, signed(t, "same", first, now)); code != 202 || r.Status != "unchanged" {
		t.Fatalf("true retry: %d %s", code, raw)
	}
}

// TestClientMistakesAre4xx: what the sender must fix is a 4xx naming the
// reason, never a 503 it would retry forever.
func TestClientMistakesAre4xx(t *testing.T) {
	e := newEnv(t)
	deep := strings.Repeat(`{"nodeType":"paragraph","content":[`, 80) + `{"nodeType":"text","value":"deep"}` + strings.Repeat(`]}`, 80)
	richDeep, _ := json.Marshal(map[string]any{"type": "article.published", "data": map[string]any{"source": "generic", "id": "deep",
		"body": map[string]any{"format": "contentful_rich_text", "value": deep}}})
	tests := []struct {
		name, body string
		raw        []byte
		want       string
	}{
		{"id with ..", payload("article.published", "a/../b", "", story), nil, `contains \"..\"`},
		{"id ending in .", payload("article.published", "post.", "", story), nil, `ends in \".\"`},
		{"id too long", payload("article.published", strings.Repeat("x", 300), "", story), nil, "over the limit of 200"},
		{"huge title", strings.Replace(payload("article.published", "t", "", story), `"title":"Pier"`, `"title":"`+strings.Repeat("T", 5000)+`"`, 1), nil, "title is 5000 bytes"},
		{"trailing garbage", payload("article.published", "g", "", story) + `{"x":1}`, nil, "one JSON value per body"},
		{"invalid UTF-8", "", []byte(strings.Replace(payload("article.published", "u", "", story), "Harbour", "Harb\xffour", 1)), "not valid UTF-8"},
		{"lone surrogate escape", strings.Replace(payload("article.published", "s", "", story), "Harbour", `Harb\ud800our`, 1), nil, "surrogate"},
		{"lone low surrogate escape", strings.Replace(payload("article.published", "s2", "", story), "Harbour", `Harb\udc00our`, 1), nil, "surrogate"},
		{"rich text too deep", string(richDeep), nil, "over the limit of 120"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := tt.body
			if tt.raw != nil {
				body = string(tt.raw)
			}
			req := signed(t, "m-"+tt.name, body, now)
			if tt.raw != nil {
				req.IsBase64Encoded, req.Body = true, base64.StdEncoding.EncodeToString(tt.raw)
			}
			code, _, raw := e.call(t, req)
			if code != http.StatusBadRequest || !strings.Contains(raw, tt.want) {
				t.Fatalf("got %d %s, want 400 containing %q", code, raw, tt.want)
			}
		})
	}
	// A delivery id too long for a storage key is the sender's to fix.
	long := signed(t, strings.Repeat("x", 1100), payload("article.published", "long", "", story), now)
	if code, _, raw := e.call(t, long); code != http.StatusBadRequest || !strings.Contains(raw, "storage key over 1024") {
		t.Fatalf("long delivery id: %d %s", code, raw)
	}
	if msgs := e.st.Drain(t); len(msgs) != 0 {
		t.Fatalf("refused deliveries announced %d messages", len(msgs))
	}
	// Neither a surrogate pair nor an escaped backslash before "u" is refused.
	ok := strings.Replace(payload("article.published", "ok", "", story), "Harbour", `Harb\ud83d\ude00our \\ud800`, 1)
	if code, _, raw := e.call(t, signed(t, "m-ok", ok, now)); code != http.StatusAccepted {
		t.Fatalf("valid escapes refused: %d %s", code, raw)
	}
}
