package analytics

import (
	"context"
	"io"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest"
	"github.com/whosaid/whosaid/internal/store/s3store"
)

func TestMain(m *testing.M) { os.Exit(awstest.Main(m)) }

func listKeys(t *testing.T, c *s3.Client, bucket, prefix string) []string {
	t.Helper()
	out, err := c.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range out.Contents {
		keys = append(keys, *o.Key)
	}
	sort.Strings(keys)
	return keys
}

func readRows(t *testing.T, c *s3.Client, bucket, key string) []Row {
	t.Helper()
	out, err := c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatal(err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestExportReplaceAndWithdraw(t *testing.T) {
	awstest.Reset(t)
	ctx := context.Background()
	c := s3store.NewClient(awstest.Config(t))
	const bucket = "articles"
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}
	texts := s3store.New(c, bucket)
	x := NewExporter(c, bucket, texts, Options{Gender: true})

	const tenant, id = "daily/news", "story#7" // parts that need escaping
	text1 := "“The library stays open,” said Jordan Pike. “We found the money,” she said."
	rec1 := record(t, tenant, id, text1, time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC), []article.Speaker{sp("s1", "Jordan Pike")},
		[]qspec{{"s1", "“The library stays open,”", article.KindDirect, "said"}, {"s1", "“We found the money,”", article.KindDirect, "said"}})
	if _, err := texts.PutText(ctx, article.TextKey(tenant, "generic", id, rec1.Revision), []byte(text1)); err != nil {
		t.Fatal(err)
	}
	if err := x.Sync(ctx, tenant, "generic", id, &rec1); err != nil {
		t.Fatal(err)
	}
	key1 := DataKey("2026-11-03", tenant, "generic", id)
	if got := listKeys(t, c, bucket, Prefix); len(got) != 1 || got[0] != key1 {
		t.Fatalf("after first export: %v, want [%s]", got, key1)
	}
	rows := readRows(t, c, bucket, key1)
	if len(rows) != 2 || rows[0].Revision != rec1.Revision || rows[0].Tenant != tenant || rows[0].ArticleID != id {
		t.Fatalf("rows = %+v", rows)
	}
	// The pronoun is in the stored text only: the exporter read it.
	if rows[0].SpeakerGender != GenderFemale {
		t.Errorf("gender = %q, want female from the stored text", rows[0].SpeakerGender)
	}

	// A new revision, published on another day, replaces the old rows.
	text2 := "“The library stays open until nine,” said Jordan Pike."
	rec2 := record(t, tenant, id, text2, time.Date(2026, 11, 4, 23, 30, 0, 0, time.UTC), []article.Speaker{sp("s1", "Jordan Pike")},
		[]qspec{{"s1", "“The library stays open until nine,”", article.KindDirect, "said"}})
	for range 2 { // idempotent
		if err := x.Sync(ctx, tenant, "generic", id, &rec2); err != nil {
			t.Fatal(err)
		}
	}
	key2 := DataKey("2026-11-04", tenant, "generic", id)
	if got := listKeys(t, c, bucket, Prefix); len(got) != 1 || got[0] != key2 {
		t.Fatalf("after new revision: %v, want [%s]", got, key2)
	}
	rows = readRows(t, c, bucket, key2)
	if len(rows) != 1 || rows[0].Revision != rec2.Revision {
		t.Fatalf("rows = %+v", rows)
	}
	// Its text is not stored: rows are still written, gender from the
	// first-name list alone (Jordan is used by both: unknown).
	if rows[0].SpeakerGender != GenderUnknown {
		t.Errorf("gender = %q, want unknown", rows[0].SpeakerGender)
	}

	// Another article on the same day has its own file.
	other := record(t, tenant, "other", text1, time.Date(2026, 11, 4, 8, 0, 0, 0, time.UTC), []article.Speaker{sp("s1", "Jordan Pike")},
		[]qspec{{"s1", "“The library stays open,”", article.KindDirect, "said"}})
	if err := x.Sync(ctx, tenant, "generic", "other", &other); err != nil {
		t.Fatal(err)
	}

	// Withdrawn: the rows go, the other article's stay.
	withdrawn := article.Record{Tenant: tenant, Source: "generic", ID: id, Status: article.StatusWithdrawn}
	if err := x.Sync(ctx, tenant, "generic", id, &withdrawn); err != nil {
		t.Fatal(err)
	}
	want := DataKey("2026-11-04", tenant, "generic", "other")
	if got := listKeys(t, c, bucket, Prefix); len(got) != 1 || got[0] != want {
		t.Fatalf("after withdrawal: %v, want [%s]", got, want)
	}
	if got := listKeys(t, c, bucket, IndexKey(tenant, "generic", id)); len(got) != 0 {
		t.Fatalf("index left: %v", got)
	}
	// A record that is gone altogether, twice: nothing to do, no error.
	for range 2 {
		if err := x.Sync(ctx, tenant, "generic", "other", nil); err != nil {
			t.Fatal(err)
		}
	}
	if got := listKeys(t, c, bucket, "analytics/"); len(got) != 0 {
		t.Fatalf("left behind: %v", got)
	}
}
