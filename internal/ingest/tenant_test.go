package ingest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest/stack"
	"github.com/whosaid/whosaid/internal/cms"
	"github.com/whosaid/whosaid/internal/ingest"
	"github.com/whosaid/whosaid/internal/query"
	"github.com/whosaid/whosaid/internal/queue"
	"github.com/whosaid/whosaid/internal/secrets"
	"github.com/whosaid/whosaid/internal/store/dynamo"
	"github.com/whosaid/whosaid/internal/store/s3store"
)

// Two newsrooms, each with its own valid secrets for WordPress and the
// generic format.
const (
	secretA = "wp-secret-of-acme"
	secretB = "wp-secret-of-globex"
)

func tenantEnv(t *testing.T) (*env, *query.Handler) {
	t.Helper()
	st := stack.New(t)
	tenants, err := secrets.Parse([]byte(fmt.Sprintf(`{"wordpress":{"acme":%q,"globex":%q},"generic":{"acme":%q,"globex":%q}}`,
		secretA, secretB, stack.TestSecret, stack.TestSecret)))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{st: st, objects: s3store.New(st.S3, stack.Bucket), records: dynamo.New(st.DynamoDB, stack.Table)}
	e.h = ingest.New(e.objects, e.records, queue.New(st.SQS, st.QueueURL, stack.Bucket), tenants,
		ingest.WithClock(func() time.Time { return time.Now() }))
	return e, query.New(e.records)
}

// wpPost is a WP Webhooks delivery of post 4242 with a status.
func wpPost(status, modified, content string) string {
	b, _ := json.Marshal(map[string]any{"post_id": 4242, "post": map[string]any{
		"ID": 4242, "post_title": "Ferry", "post_type": "post", "post_status": status,
		"post_content": content, "post_date_gmt": "2026-11-20 10:00:00", "post_modified_gmt": modified,
	}})
	return string(b)
}

func deliver(t *testing.T, e *env, name, tenant, secret, body string) (int, string) {
	t.Helper()
	r := cms.Request{Method: "POST", Tenant: tenant, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body)}
	if name == "generic" {
		r.Header.Set("webhook-id", fmt.Sprintf("msg_%d", time.Now().UnixNano()))
	}
	if err := cms.Sign(name, &r, secret, time.Now()); err != nil {
		t.Fatal(err)
	}
	ev := events.APIGatewayV2HTTPRequest{RawPath: "/hooks/" + name + "/" + tenant, Headers: map[string]string{},
		PathParameters: map[string]string{"cms": name, "tenant": tenant}, Body: body}
	for k := range r.Header {
		ev.Headers[strings.ToLower(k)] = r.Header.Get(k)
	}
	code, _, raw := e.call(t, ev)
	return code, raw
}

func readArticle(t *testing.T, q *query.Handler, path string) int {
	t.Helper()
	req := events.APIGatewayV2HTTPRequest{RawPath: path}
	req.RequestContext.HTTP.Method = http.MethodGet
	resp, err := q.Handle(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode
}

// TestTenantsCannotTouchEachOther: tenant B, with its own valid secret,
// trashes or overwrites WordPress post 4242; tenant A's article stays as it
// was. A generic delivery claiming "source":"wordpress" does no better.
func TestTenantsCannotTouchEachOther(t *testing.T) {
	e, q := tenantEnv(t)
	ctx := context.Background()
	story := `<p>“The ferry runs all winter,” said Captain Rita Olsen.</p>`
	if code, raw := deliver(t, e, "wordpress", "acme", secretA, wpPost("publish", "2026-11-20 10:05:00", story)); code != 202 || !strings.Contains(raw, `"accepted"`) {
		t.Fatalf("tenant A publishes: %d %s", code, raw)
	}
	before, err := e.records.GetRecord(ctx, "acme", "wordpress", "4242")
	if err != nil || before == nil {
		t.Fatalf("tenant A's record: %+v %v", before, err)
	}

	// Tenant B trashes "its" post 4242, newer in time, and overwrites it.
	if code, raw := deliver(t, e, "wordpress", "globex", secretB, wpPost("trash", "2026-11-21 10:00:00", "")); code != 202 {
		t.Fatalf("tenant B trash: %d %s", code, raw)
	}
	if code, raw := deliver(t, e, "wordpress", "globex", secretB, wpPost("publish", "2026-11-22 10:00:00", "<p>Other words entirely.</p>")); code != 202 {
		t.Fatalf("tenant B publish: %d %s", code, raw)
	}
	// Tenant B's secret is no good for tenant A's route.
	if code, _ := deliver(t, e, "wordpress", "acme", secretB, wpPost("trash", "2026-11-23 10:00:00", "")); code != 401 {
		t.Fatalf("tenant B's secret on tenant A's route: %d, want 401", code)
	}
	// A generic delivery of tenant B that names source "wordpress".
	generic, _ := json.Marshal(map[string]any{"type": "article.deleted", "data": map[string]any{"source": "wordpress", "id": "4242", "updated_at": "2026-11-24T10:00:00Z"}})
	if code, raw := deliver(t, e, "generic", "globex", stack.TestSecret, string(generic)); code != 202 {
		t.Fatalf("generic withdrawal: %d %s", code, raw)
	}

	after, err := e.records.GetRecord(ctx, "acme", "wordpress", "4242")
	if err != nil || after == nil || after.Status != article.StatusPending || after.Revision != before.Revision {
		t.Fatalf("tenant A's article changed: before %+v, after %+v %v", before, after, err)
	}
	if code := readArticle(t, q, "/articles/acme/wordpress/4242"); code != http.StatusAccepted {
		t.Errorf("tenant A's article answers %d, want 202 (pending)", code)
	}
	b, _ := e.records.GetRecord(ctx, "globex", "wordpress", "4242")
	if b == nil || b.Status != article.StatusWithdrawn {
		t.Errorf("tenant B's own post 4242 = %+v, want withdrawn by its own generic delivery", b)
	}
	if code := readArticle(t, q, "/articles/globex/wordpress/4242"); code != http.StatusNotFound {
		t.Errorf("tenant B's withdrawn article answers %d, want 404", code)
	}
}

// TestSeparatorsCannotCollide: ("a#b", "c") and ("a", "b#c") are two
// articles with two records and two texts.
func TestSeparatorsCannotCollide(t *testing.T) {
	e, _ := tenantEnv(t)
	ctx := context.Background()
	for i, id := range []string{"b#c", "c"} {
		source := []string{"a", "a#b"}[i]
		body, _ := json.Marshal(map[string]any{"type": "article.published", "data": map[string]any{
			"source": source, "id": id, "updated_at": "2026-11-20T10:00:00Z",
			"body": map[string]string{"format": "text", "value": fmt.Sprintf("Article %d said something.", i)}}})
		if code, raw := deliver(t, e, "generic", "acme", stack.TestSecret, string(body)); code != 202 || !strings.Contains(raw, `"accepted"`) {
			t.Fatalf("%s/%s: %d %s", source, id, code, raw)
		}
	}
	x, _ := e.records.GetRecord(ctx, "acme", "a", "b#c")
	y, _ := e.records.GetRecord(ctx, "acme", "a#b", "c")
	if x == nil || y == nil || x.Revision == y.Revision || x.Source != "a" || y.Source != "a#b" {
		t.Fatalf("records collide: %+v / %+v", x, y)
	}
	if msgs := e.st.Drain(t); len(msgs) != 2 {
		t.Fatalf("%d texts announced, want 2", len(msgs))
	}
}

// TestQueryTokenForAnotherTenant: with a JWT authorizer passing the tenant
// claim, a token of tenant B cannot read tenant A's paths.
func TestQueryTokenForAnotherTenant(t *testing.T) {
	_, q := tenantEnv(t)
	req := events.APIGatewayV2HTTPRequest{RawPath: "/articles/acme/wordpress/4242"}
	req.RequestContext.HTTP.Method = http.MethodGet
	req.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
		JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: map[string]string{query.TenantClaim: "globex"}},
	}
	resp, _ := q.Handle(context.Background(), req)
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("token of globex on acme's path: %d %s", resp.StatusCode, resp.Body)
	}
	req.RequestContext.Authorizer.JWT.Claims[query.TenantClaim] = "acme"
	if resp, _ := q.Handle(context.Background(), req); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("token of acme on its own path: %d %s", resp.StatusCode, resp.Body)
	}
}
