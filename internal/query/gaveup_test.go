package query_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest/stack"
	"github.com/whosaid/whosaid/internal/query"
	"github.com/whosaid/whosaid/internal/store/dynamo"
)

func TestParkedArticleShowsWhy(t *testing.T) {
	st := stack.New(t)
	ctx := context.Background()
	records := dynamo.New(st.DynamoDB, stack.Table)
	if _, err := records.BeginRevision(ctx, dynamo.Revision{Tenant: "desk", Source: "generic", ID: "stuck", Revision: "sha256:s", Arrival: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := records.PutRecord(ctx, article.Record{Tenant: "desk", Source: "generic", ID: "stuck", Revision: "sha256:s", Status: article.StatusFailed, Error: "the model refused"}); err != nil {
		t.Fatal(err)
	}
	it := article.WorkItem{Tenant: "desk", Source: "generic", ID: "stuck", Revision: "sha256:s"}
	for range 3 {
		if _, ok, err := records.Claim(ctx, it, article.WorkFailed, func(int) time.Time { return time.Now() }); err != nil || !ok {
			t.Fatalf("claim: %v %v", ok, err)
		}
	}
	if ok, err := records.GiveUp(ctx, it, article.WorkFailed, "no result"); err != nil || !ok {
		t.Fatalf("give up: %v %v", ok, err)
	}
	code, body := get(t, query.New(records), "/articles/desk/generic/stuck", nil)
	var s query.Status
	if code != 202 || json.Unmarshal([]byte(body), &s) != nil || s.Status != article.StatusGaveUp || s.Error != "the model refused" || s.Attempts != 2 {
		t.Fatalf("parked article: %d %s", code, body)
	}
}
