package e2e

import (
	"context"
	"encoding/json"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/whosaid/whosaid/internal/analytics"
	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest/stack"
)

// analyticsEnv is the environment template.yaml gives AnalyticsFunction,
// on the stand-ins: of env, the variables the template declares for it
// (its Globals and its own) and the runtime's AWS_* ones, with
// WHOSAID_GENDER at the template's default ("on").
func analyticsEnv(t *testing.T, root string, env map[string]string) map[string]string {
	t.Helper()
	declared, ok := templateVariables(t, root)["AnalyticsFunction"]
	if !ok {
		t.Fatal("template.yaml declares no AnalyticsFunction")
	}
	if !declared["WHOSAID_GENDER"] {
		t.Fatal("template.yaml: AnalyticsFunction does not declare WHOSAID_GENDER")
	}
	out := map[string]string{"WHOSAID_GENDER": "on"}
	for k, v := range env {
		if declared[k] || (strings.HasPrefix(k, "AWS_") && k != "AWS_SESSION_TOKEN") {
			out[k] = v
		}
	}
	return out
}

// checkAnalytics invokes the analytics function with the stream event
// (whose keys name sum's article) twice, as a stream may redeliver, and
// checks that the article's rows are in exactly one Parquet file under
// analytics/quotes/dt={publication day}/ that reads back, with the
// analytics package, as one row per quotation of sum.
func checkAnalytics(t *testing.T, st *stack.Stack, fn *function, event []byte, sum article.Summary) []analytics.Row {
	t.Helper()
	a := sum.Article
	for range 2 {
		var resp events.DynamoDBEventResponse
		if err := json.Unmarshal(fn.invoke(t, event), &resp); err != nil || len(resp.BatchItemFailures) != 0 {
			t.Fatalf("analytics: %+v %v", resp, err)
		}
	}
	ctx := context.Background()
	list, err := st.S3.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(stack.Bucket), Prefix: aws.String(analytics.Prefix)})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range list.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	if a.PublishedAt == nil {
		t.Fatal("the sample summary has no publication time")
	}
	day := a.PublishedAt.UTC().Format(time.DateOnly)
	want := analytics.DataKey(day, "acme", a.Source, a.ID)
	if len(keys) != 1 || keys[0] != want || !strings.HasPrefix(want, analytics.Prefix+"dt="+day+"/") {
		t.Fatalf("analytics objects %v, want only %s", keys, want)
	}
	obj, err := st.S3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(stack.Bucket), Key: aws.String(want)})
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(obj.Body)
	obj.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := analytics.Decode(data)
	if err != nil {
		t.Fatalf("%s: %v", want, err)
	}
	if len(rows) != len(sum.Quotes) {
		t.Fatalf("%d rows, the summary has %d quotations", len(rows), len(sum.Quotes))
	}
	byID := map[string]article.Quote{}
	for _, q := range sum.Quotes {
		byID[q.ID] = q
	}
	for _, r := range rows {
		q, ok := byID[r.QuoteID]
		if !ok {
			t.Errorf("row for quotation %q, which the summary does not have", r.QuoteID)
			continue
		}
		delete(byID, r.QuoteID)
		if r.Tenant != "acme" || r.Source != a.Source || r.ArticleID != a.ID || r.Revision != a.Revision || r.Title != a.Title {
			t.Errorf("row %s: article %s/%s/%s %s %q, want acme/%s/%s %s %q", r.QuoteID, r.Tenant, r.Source, r.ArticleID, r.Revision, r.Title, a.Source, a.ID, a.Revision, a.Title)
		}
		if r.PublishedAt == nil || !r.PublishedAt.Equal(a.PublishedAt.Truncate(time.Millisecond)) {
			t.Errorf("row %s: published %v, want %v", r.QuoteID, r.PublishedAt, a.PublishedAt)
		}
		if sp := sum.SpeakerByID(q.Speaker); sp == nil || r.SpeakerName != sp.Name {
			t.Errorf("row %s: speaker %q, want the summary's %+v", r.QuoteID, r.SpeakerName, sp)
		}
		if r.QuoteKind != string(q.Kind) || r.QuoteLength != int32(len([]rune(q.Text))) || r.Extractor != sum.Extractor.Name {
			t.Errorf("row %s: kind %s, length %d, extractor %s; want %s, %d, %s", r.QuoteID, r.QuoteKind, r.QuoteLength, r.Extractor, q.Kind, len([]rune(q.Text)), sum.Extractor.Name)
		}
	}
	if len(byID) != 0 {
		t.Errorf("quotations without a row: %v", slices.Sorted(maps.Keys(byID)))
	}
	return rows
}

// analyticsKeys lists the objects under analytics/: data files and the
// per-article index.
func analyticsKeys(t *testing.T, st *stack.Stack) []string {
	t.Helper()
	list, err := st.S3.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(stack.Bucket), Prefix: aws.String("analytics/")})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range list.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	return keys
}

// checkBackfill removes every analytics object, as if the summaries had
// been stored before the stream was attached, invokes the analytics
// function with the backfill event and checks that it puts the same
// objects back and reports itself complete.
func checkBackfill(t *testing.T, st *stack.Stack, fn *function, event []byte) {
	t.Helper()
	before := analyticsKeys(t, st)
	if len(before) == 0 {
		t.Fatal("nothing exported before the backfill check")
	}
	for _, k := range before {
		if _, err := st.S3.DeleteObject(context.Background(), &s3.DeleteObjectInput{Bucket: aws.String(stack.Bucket), Key: aws.String(k)}); err != nil {
			t.Fatal(err)
		}
	}
	var out analytics.BackfillOutput
	if err := json.Unmarshal(fn.invoke(t, event), &out); err != nil || !out.Complete || out.Synced == 0 {
		t.Fatalf("backfill: %+v %v", out, err)
	}
	if after := analyticsKeys(t, st); strings.Join(after, " ") != strings.Join(before, " ") {
		t.Fatalf("after the backfill: %v, want %v", after, before)
	}
}
