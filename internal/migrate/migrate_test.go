package migrate_test

import (
	"context"
	"net/url"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest"
	"github.com/whosaid/whosaid/internal/awstest/stack"
	"github.com/whosaid/whosaid/internal/migrate"
	"github.com/whosaid/whosaid/internal/queue"
	"github.com/whosaid/whosaid/internal/store/dynamo"
	"github.com/whosaid/whosaid/internal/store/s3store"
)

func TestMain(m *testing.M) { os.Exit(awstest.Main(m)) }

func s(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }

// legacy writes an article the way whosaid did before tenants.
func legacy(t *testing.T, st *stack.Stack, source, id, text, status string, quotes int) string {
	t.Helper()
	ctx := context.Background()
	rev := article.Revision(text)
	pk := "ART#" + source + "#" + id
	item := map[string]types.AttributeValue{"pk": s(pk), "sk": s("SUMMARY"), "source": s(source), "id": s(id), "revision": s(rev),
		"status": s(status), "title": s("Ferry"), "cms_updated": s("2026-11-20T10:00:00.000000000Z"),
		"arrival": &types.AttributeValueMemberN{Value: strconv.FormatInt(time.Date(2026, 11, 20, 10, 0, 1, 0, time.UTC).UnixNano(), 10)}}
	if _, err := st.DynamoDB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(stack.Table), Item: item}); err != nil {
		t.Fatal(err)
	}
	for i := range quotes {
		if _, err := st.DynamoDB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(stack.Table), Item: map[string]types.AttributeValue{
			"pk": s(pk), "sk": s("QUOTE#000" + strconv.Itoa(i+1)), "gsi1pk": s("SPK#rita olsen"), "gsi1sk": s("x#" + strconv.Itoa(i)),
		}}); err != nil {
			t.Fatal(err)
		}
	}
	key := "text/" + url.PathEscape(source) + "/" + url.PathEscape(id) + "/" + url.PathEscape(rev) + ".txt"
	if _, err := s3store.New(st.S3, stack.Bucket).PutText(ctx, key, []byte(text)); err != nil {
		t.Fatal(err)
	}
	return rev
}

// TestMigrateLegacyArticles: legacy items move under the tenant, their texts
// are copied (and announced), the legacy items go, and a second run finds
// nothing.
func TestMigrateLegacyArticles(t *testing.T) {
	st := stack.New(t)
	ctx := context.Background()
	revA := legacy(t, st, "wordpress", "4242", "“The ferry runs all winter,” said Captain Rita Olsen.", "DONE", 3)
	revB := legacy(t, st, "generic", "posts/7 draft", "Another text.", "PENDING", 0)
	legacy(t, st, "ghost", "gone", "Withdrawn text.", "WITHDRAWN", 0)
	st.Drain(t)

	c := migrate.Config{DynamoDB: st.DynamoDB, S3: st.S3, Table: stack.Table, Bucket: stack.Bucket, Tenant: "acme"}
	rep, err := migrate.Run(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Moved != 2 || rep.Withdrawn != 1 || rep.MissingText != 0 {
		t.Fatalf("report = %+v", rep)
	}
	records := dynamo.New(st.DynamoDB, stack.Table)
	texts := s3store.New(st.S3, stack.Bucket)
	for id, want := range map[string]string{"4242": revA, "posts/7 draft": revB} {
		source := map[string]string{"4242": "wordpress", "posts/7 draft": "generic"}[id]
		rec, err := records.GetRecord(ctx, "acme", source, id)
		if err != nil || rec == nil || rec.Revision != want || rec.Status != article.StatusPending || rec.Title != "Ferry" {
			t.Fatalf("%s: %+v %v", id, rec, err)
		}
		if _, err := texts.GetText(ctx, article.TextKey("acme", source, id, want)); err != nil {
			t.Fatalf("%s: text not copied: %v", id, err)
		}
	}
	if rec, _ := records.GetRecord(ctx, "acme", "ghost", "gone"); rec == nil || rec.Status != article.StatusWithdrawn {
		t.Fatalf("withdrawn article: %+v", rec)
	}
	msgs := st.Drain(t)
	if len(msgs) != 2 {
		t.Fatalf("%d texts announced, want 2", len(msgs))
	}
	for _, m := range msgs {
		keys, _ := queue.Keys(*m.Body)
		if len(keys) != 1 {
			t.Fatalf("keys = %v", keys)
		}
		if tenant, _, _, _, ok := article.ParseTextKey(keys[0]); !ok || tenant != "acme" {
			t.Fatalf("announced %q", keys[0])
		}
	}
	out, err := st.DynamoDB.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(stack.Table), FilterExpression: aws.String("attribute_not_exists(tenant)")})
	if err != nil || len(out.Items) != 0 {
		t.Fatalf("%d legacy items remain: %v", len(out.Items), err)
	}
	if rep, err := migrate.Run(ctx, c); err != nil || rep != (migrate.Report{}) {
		t.Fatalf("second run: %+v %v", rep, err)
	}
}
