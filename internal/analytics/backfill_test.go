package analytics

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest/stack"
	"github.com/whosaid/whosaid/internal/store/dynamo"
	"github.com/whosaid/whosaid/internal/store/s3store"
)

// archive stores, on the stack's table, n DONE articles spread over two
// extractor configurations and two tenants, plus one article still
// PENDING, as if summarized before the stream was attached; it returns the
// data keys the DONE ones should have.
func archive(t *testing.T, records *dynamo.Store, n int) []string {
	t.Helper()
	ctx := context.Background()
	var want []string
	for i := range n {
		tenant := []string{"acme", "globe"}[i%2]
		id := fmt.Sprintf("a%02d", i)
		text := fmt.Sprintf("“We opened ward %d today,” said Dr. Lena Osei.", i)
		published := time.Date(2026, 9, 1+i%20, 8, 0, 0, 0, time.UTC)
		rec := record(t, tenant, id, text, published, []article.Speaker{sp("s1", "Lena Osei")},
			[]qspec{{"s1", fmt.Sprintf("“We opened ward %d today,”", i), article.KindDirect, "said"}})
		rec.ConfigHash = []string{"cfg-old", "cfg-new"}[i%3%2]
		if _, err := records.BeginRevision(ctx, article.Update{Tenant: tenant, Source: "generic", ID: id, Revision: rec.Revision, Arrival: published, Title: rec.Title, PublishedAt: &published}); err != nil {
			t.Fatal(err)
		}
		if err := records.PutRecord(ctx, rec); err != nil {
			t.Fatal(err)
		}
		want = append(want, DataKey(published.Format("2006-01-02"), tenant, "generic", id))
	}
	if _, err := records.BeginRevision(ctx, article.Update{Tenant: "acme", Source: "generic", ID: "waiting", Revision: "r1", Arrival: time.Now()}); err != nil {
		t.Fatal(err)
	}
	sort.Strings(want)
	return want
}

// TestBackfill exports an archive stored before the stream, on moto, in
// runs cut short by a limit, each resuming from the cursor the last one
// returned; every DONE article gets its rows once, the pending one none,
// and a second full pass writes the same files.
func TestBackfill(t *testing.T) {
	st := stack.New(t)
	ctx := context.Background()
	records := dynamo.New(st.DynamoDB, stack.Table)
	want := archive(t, records, 7)
	h := NewStreamHandler(records, NewExporter(st.S3, stack.Bucket, s3store.New(st.S3, stack.Bucket), Options{Gender: true}))

	if got := listKeys(t, st.S3, stack.Bucket, Prefix); len(got) != 0 {
		t.Fatalf("exported before the backfill: %v", got)
	}
	in := BackfillInput{Backfill: true, Limit: 3}
	total, runs := 0, 0
	for {
		runs++
		if runs > 10 {
			t.Fatal("backfill does not finish")
		}
		out, err := h.Backfill(ctx, records, in)
		if err != nil {
			t.Fatal(err)
		}
		if out.Synced > in.Limit {
			t.Fatalf("run %d synced %d, over the limit %d", runs, out.Synced, in.Limit)
		}
		total += out.Synced
		if out.Complete {
			if out.Cursor != "" {
				t.Fatalf("complete run returned a cursor %q", out.Cursor)
			}
			break
		}
		if out.Cursor == "" {
			t.Fatalf("run %d: incomplete without a cursor", runs)
		}
		in.Cursor = out.Cursor
	}
	if total != len(want) || runs < 3 {
		t.Fatalf("synced %d articles in %d runs, want %d in at least 3", total, runs, len(want))
	}
	if got := listKeys(t, st.S3, stack.Bucket, Prefix); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("data files:\n%v\nwant\n%v", got, want)
	}
	rows := readRows(t, st.S3, stack.Bucket, want[0])
	if len(rows) != 1 || rows[0].SpeakerName != "Lena Osei" || rows[0].SpeakerGender != GenderFemale {
		t.Fatalf("rows of %s: %+v", want[0], rows)
	}

	// Again, in one run: the same files, nothing doubled.
	out, err := h.Backfill(ctx, records, BackfillInput{Backfill: true})
	if err != nil || !out.Complete || out.Synced != len(want) {
		t.Fatalf("second pass: %+v %v", out, err)
	}
	if got := listKeys(t, st.S3, stack.Bucket, Prefix); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("after a second pass: %v", got)
	}

	if _, err := h.Backfill(ctx, records, BackfillInput{Backfill: true, Cursor: "not a cursor"}); err == nil {
		t.Fatal("a bad cursor was accepted")
	}
}

// TestBackfillFailureKeepsCursor: when S3 refuses, the run fails with a
// cursor from which a retry, once S3 accepts, finishes the job.
func TestBackfillFailureKeepsCursor(t *testing.T) {
	st := stack.New(t)
	ctx := context.Background()
	records := dynamo.New(st.DynamoDB, stack.Table)
	want := archive(t, records, 3)
	texts := s3store.New(st.S3, stack.Bucket)
	broken := NewStreamHandler(records, NewExporter(st.S3, "no-such-bucket", texts, Options{Gender: true}))
	out, err := broken.Backfill(ctx, records, BackfillInput{Backfill: true})
	if err == nil || out.Complete || out.Cursor == "" {
		t.Fatalf("out %+v err %v; want a failure with a cursor", out, err)
	}
	h := NewStreamHandler(records, NewExporter(st.S3, stack.Bucket, texts, Options{Gender: true}))
	if out, err = h.Backfill(ctx, records, BackfillInput{Backfill: true, Cursor: out.Cursor}); err != nil || !out.Complete {
		t.Fatalf("retry: %+v %v", out, err)
	}
	if got := listKeys(t, st.S3, stack.Bucket, Prefix); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("data files %v, want %v", got, want)
	}
}

// TestDispatch routes the function's events: stream batches to Handle,
// backfill requests to Backfill, anything else to a clear error.
func TestDispatch(t *testing.T) {
	st := stack.New(t)
	ctx := context.Background()
	records := dynamo.New(st.DynamoDB, stack.Table)
	want := archive(t, records, 2)
	h := NewStreamHandler(records, NewExporter(st.S3, stack.Bucket, s3store.New(st.S3, stack.Bucket), Options{Gender: true}))
	run := h.Dispatch(records)

	pk := "ART#" + article.KeyParts("acme", "generic", "a00")
	stream := fmt.Sprintf(`{"Records":[{"eventName":"INSERT","dynamodb":{"SequenceNumber":"1","Keys":{"pk":{"S":%q},"sk":{"S":"SUMMARY"}}}}]}`, pk)
	if _, err := run(ctx, json.RawMessage(stream)); err != nil {
		t.Fatal(err)
	}
	if got := listKeys(t, st.S3, stack.Bucket, Prefix); len(got) != 1 || got[0] != want[0] {
		t.Fatalf("after the stream event: %v, want [%s]", got, want[0])
	}
	res, err := run(ctx, json.RawMessage(`{"backfill": true}`))
	if out, ok := res.(BackfillOutput); err != nil || !ok || !out.Complete || out.Synced != 2 {
		t.Fatalf("backfill: %#v %v", res, err)
	}
	if got := listKeys(t, st.S3, stack.Bucket, Prefix); len(got) != 2 {
		t.Fatalf("after the backfill: %v", got)
	}
	// A run that fails still answers with its cursor, which finishes the
	// job once S3 accepts again.
	broken := NewStreamHandler(records, NewExporter(st.S3, "no-such-bucket", nil, Options{})).Dispatch(records)
	res, err = broken(ctx, json.RawMessage(`{"backfill": true}`))
	out, ok := res.(BackfillOutput)
	if err != nil || !ok || out.Error == "" || out.Cursor == "" || out.Complete {
		t.Fatalf("failed backfill: %#v %v; want an error and a cursor in the answer", res, err)
	}
	res, err = run(ctx, json.RawMessage(fmt.Sprintf(`{"backfill": true, "cursor": %q}`, out.Cursor)))
	if out, ok := res.(BackfillOutput); err != nil || !ok || !out.Complete || out.Error != "" {
		t.Fatalf("resumed backfill: %#v %v", res, err)
	}

	for _, bad := range []string{`{"backfill": false}`, `{"backfill": true, "limt": 3}`, `{"hello": 1}`, `[1]`} {
		if _, err := run(ctx, json.RawMessage(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
