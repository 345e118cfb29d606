package analytics

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest/stack"
	"github.com/whosaid/whosaid/internal/metrics"
	"github.com/whosaid/whosaid/internal/store/dynamo"
	"github.com/whosaid/whosaid/internal/store/s3store"
)

func streamEvent(seq string, pk, sk string) events.DynamoDBEventRecord {
	return events.DynamoDBEventRecord{EventName: "MODIFY", Change: events.DynamoDBStreamRecord{SequenceNumber: seq,
		Keys: map[string]events.DynamoDBAttributeValue{"pk": events.NewStringAttribute(pk), "sk": events.NewStringAttribute(sk)}}}
}

// TestStreamHandler runs the analytics function's handler against the
// stack on moto: records written and withdrawn through the DynamoDB store,
// rows in S3.
func TestStreamHandler(t *testing.T) {
	st := stack.New(t)
	ctx := context.Background()
	records := dynamo.New(st.DynamoDB, stack.Table)
	texts := s3store.New(st.S3, stack.Bucket)
	h := NewStreamHandler(records, NewExporter(st.S3, stack.Bucket, texts, Options{Gender: true}))

	text := "“The clinic opens in March,” said Dr. Lena Osei. “We hired four nurses,” she said."
	published := time.Date(2026, 10, 30, 7, 0, 0, 0, time.UTC)
	rec := record(t, "acme", "clinic", text, published, []article.Speaker{sp("s1", "Lena Osei")},
		[]qspec{{"s1", "“The clinic opens in March,”", article.KindDirect, "said"}, {"s1", "“We hired four nurses,”", article.KindDirect, "said"}})
	u := article.Update{Tenant: "acme", Source: "generic", ID: "clinic", Revision: rec.Revision, CMSUpdated: published, Arrival: published, Title: "Clinic", PublishedAt: &published,
		Authors: []string{"Pat Writer", "Lee Desk"}, Section: "Health", Tags: []string{"clinics", "nurses"}}
	if _, err := records.BeginRevision(ctx, u); err != nil {
		t.Fatal(err)
	}
	if _, err := texts.PutText(ctx, article.TextKey("acme", "generic", "clinic", rec.Revision), []byte(text)); err != nil {
		t.Fatal(err)
	}
	pk := "ART#" + article.KeyParts("acme", "generic", "clinic")
	ev := events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{streamEvent("1", pk, "SUMMARY")}}

	// PENDING: nothing to export.
	if resp, err := h.Handle(ctx, ev); err != nil || len(resp.BatchItemFailures) != 0 {
		t.Fatalf("pending: %v %v", resp, err)
	}
	if got := listKeys(t, st.S3, stack.Bucket, Prefix); len(got) != 0 {
		t.Fatalf("pending article exported: %v", got)
	}

	if err := records.PutRecord(ctx, rec); err != nil {
		t.Fatal(err)
	}
	// The summary and its quote items change together: a batch names the
	// article several times and quote items too.
	ev.Records = append(ev.Records, streamEvent("2", pk, "QUOTE#x#00000"), streamEvent("3", pk, "SUMMARY"))
	if resp, err := h.Handle(ctx, ev); err != nil || len(resp.BatchItemFailures) != 0 {
		t.Fatalf("done: %v %v", resp, err)
	}
	key := DataKey("2026-10-30", "acme", "generic", "clinic")
	if got := listKeys(t, st.S3, stack.Bucket, Prefix); len(got) != 1 || got[0] != key {
		t.Fatalf("after summary: %v, want [%s]", got, key)
	}
	rows := readRows(t, st.S3, stack.Bucket, key)
	if len(rows) != 2 || rows[0].Title != "Clinic" || rows[0].SpeakerGender != GenderFemale || rows[0].Tenant != "acme" ||
		strings.Join(rows[0].Authors, ";") != "Pat Writer;Lee Desk" ||
		rows[1].Section != "Health" || strings.Join(rows[1].Tags, ";") != "clinics;nurses" {
		t.Fatalf("rows: %+v", rows)
	}

	withdrawn := u
	withdrawn.CMSUpdated = published.Add(time.Hour)
	withdrawn.Arrival = withdrawn.CMSUpdated
	if _, err := records.Withdraw(ctx, withdrawn); err != nil {
		t.Fatal(err)
	}
	if resp, err := h.Handle(ctx, events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{streamEvent("4", pk, "SUMMARY")}}); err != nil || len(resp.BatchItemFailures) != 0 {
		t.Fatalf("withdrawn: %v %v", resp, err)
	}
	if got := listKeys(t, st.S3, stack.Bucket, "analytics/"); len(got) != 0 {
		t.Fatalf("after withdrawal: %v", got)
	}
}

// TestStreamHandlerReportsFailure: when S3 refuses, the failing record is
// reported so the stream retries from it.
func TestStreamHandlerReportsFailure(t *testing.T) {
	st := stack.New(t)
	ctx := context.Background()
	records := dynamo.New(st.DynamoDB, stack.Table)
	text := "“Yes,” said Lena Osei."
	rec := record(t, "acme", "a", text, time.Date(2026, 10, 30, 7, 0, 0, 0, time.UTC), []article.Speaker{sp("s1", "Lena Osei")}, []qspec{{"s1", "“Yes,”", article.KindDirect, "said"}})
	if _, err := records.BeginRevision(ctx, article.Update{Tenant: "acme", Source: "generic", ID: "a", Revision: rec.Revision, Arrival: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := records.PutRecord(ctx, rec); err != nil {
		t.Fatal(err)
	}
	var emf bytes.Buffer
	h := NewStreamHandler(records, NewExporter(st.S3, "no-such-bucket", nil, Options{Gender: true})).WithMetrics(metrics.New(&emf))
	pk := "ART#" + article.KeyParts("acme", "generic", "a")
	resp, err := h.Handle(ctx, events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{streamEvent("7", pk, "SUMMARY"), streamEvent("8", pk, "SUMMARY")}})
	if err != nil || len(resp.BatchItemFailures) != 1 || resp.BatchItemFailures[0].ItemIdentifier != "7" {
		t.Fatalf("resp %+v err %v; want record 7 reported", resp, err)
	}
	pts, err := metrics.Parse(&emf)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := metrics.Sum(pts, metrics.AnalyticsSyncs, map[string]string{"Outcome": "failed"}); got != 1 {
		t.Errorf("AnalyticsSyncs{Outcome=failed} = %v, want 1", got)
	}
}
