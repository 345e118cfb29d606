package query_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest"
	"github.com/whosaid/whosaid/internal/awstest/stack"
	"github.com/whosaid/whosaid/internal/offline"
	"github.com/whosaid/whosaid/internal/query"
	"github.com/whosaid/whosaid/internal/store/dynamo"
)

func TestMain(m *testing.M) { os.Exit(awstest.Main(m)) }

func get(t *testing.T, h *query.Handler, path string, q map[string]string) (int, string) {
	t.Helper()
	req := events.APIGatewayV2HTTPRequest{RawPath: path, QueryStringParameters: q}
	req.RequestContext.HTTP.Method = http.MethodGet
	resp, err := h.Handle(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Body
}

func TestQueries(t *testing.T) {
	st := stack.New(t)
	ctx := context.Background()
	records := dynamo.New(st.DynamoDB, stack.Table)
	x := offline.New(offline.DefaultConfig())
	for i, text := range []string{
		"Mayor Ana Silva opened the bridge.\n\n“It took ten years,” Silva said. “It was worth it.”",
		"“The budget is tight,” Mayor Ana Silva said on Monday.",
	} {
		id := []string{"bridge", "budget"}[i]
		rev := article.Revision(text)
		pub := time.Date(2026, 11, 1+i, 0, 0, 0, 0, time.UTC)
		if _, err := records.BeginRevision(ctx, dynamo.Revision{Tenant: "desk", Source: "generic", ID: id, Revision: rev, Arrival: time.Now(), PublishedAt: &pub}); err != nil {
			t.Fatal(err)
		}
		s, err := x.Extract(ctx, article.Article{Source: "generic", ID: id, Revision: rev, Text: text, PublishedAt: &pub})
		if err != nil {
			t.Fatal(err)
		}
		if err := records.PutRecord(ctx, article.Record{Tenant: "desk", Source: "generic", ID: id, Revision: rev, Status: article.StatusDone, ConfigHash: x.ConfigHash(), Summary: &s}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := records.BeginRevision(ctx, dynamo.Revision{Tenant: "desk", Source: "generic", ID: "pending", Revision: "sha256:p", Arrival: time.Now()}); err != nil {
		t.Fatal(err)
	}
	h := query.New(records)

	code, body := get(t, h, "/articles/desk/generic/bridge", nil)
	var s article.Summary
	if code != 200 || json.Unmarshal([]byte(body), &s) != nil || len(s.Quotes) != 2 || s.Speakers[0].Name != "Ana Silva" {
		t.Fatalf("article: %d %s", code, body)
	}
	if code, body := get(t, h, "/articles/desk/generic/pending", nil); code != 202 || !strings.Contains(body, `"PENDING"`) {
		t.Fatalf("pending: %d %s", code, body)
	}
	if code, _ := get(t, h, "/articles/desk/generic/nope", nil); code != 404 {
		t.Fatalf("missing: %d", code)
	}

	// newest first, two pages
	code, body = get(t, h, "/speakers/desk/ana%20silva/quotes", map[string]string{"limit": "2"})
	var page query.SpeakerPage
	if code != 200 || json.Unmarshal([]byte(body), &page) != nil || len(page.Quotes) != 2 || page.NextCursor == "" {
		t.Fatalf("page 1: %d %s", code, body)
	}
	if page.Quotes[0].ID != "budget" {
		t.Errorf("newest first: got %s first", page.Quotes[0].ID)
	}
	code, body = get(t, h, "/speakers/desk/Ana Silva/quotes", map[string]string{"limit": "2", "cursor": page.NextCursor})
	var page2 query.SpeakerPage
	if code != 200 || json.Unmarshal([]byte(body), &page2) != nil || len(page2.Quotes) != 1 || page2.NextCursor != "" {
		t.Fatalf("page 2: %d %s", code, body)
	}
	for _, bad := range []map[string]string{{"limit": "0"}, {"limit": "1000"}, {"limit": "x"}, {"cursor": "%%%"}} {
		if code, body := get(t, h, "/speakers/desk/Ana Silva/quotes", bad); code != 400 {
			t.Errorf("%v: %d %s", bad, code, body)
		}
	}
	if code, _ := get(t, h, "/nowhere", nil); code != 404 {
		t.Errorf("unknown route: %d", code)
	}

	// withdrawing stops serving the article and its quotes
	if _, err := records.Withdraw(ctx, dynamo.Revision{Tenant: "desk", Source: "generic", ID: "bridge", Arrival: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if code, _ := get(t, h, "/articles/desk/generic/bridge", nil); code != 404 {
		t.Fatalf("withdrawn article served: %d", code)
	}
	_, body = get(t, h, "/speakers/desk/Ana Silva/quotes", nil)
	if json.Unmarshal([]byte(body), &page) != nil || len(page.Quotes) != 1 {
		t.Fatalf("after withdrawal: %s", body)
	}
}
