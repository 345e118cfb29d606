package dynamo

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/pipeline"
)

// counting forwards to the real client (on moto) and counts the calls.
type counting struct {
	API
	mu    sync.Mutex
	calls map[string]int
}

func (c *counting) count(op string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[op]++
}

func (c *counting) GetItem(ctx context.Context, in *dynamodb.GetItemInput, o ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	c.count("GetItem")
	return c.API.GetItem(ctx, in, o...)
}

func (c *counting) UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, o ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	c.count("UpdateItem")
	return c.API.UpdateItem(ctx, in, o...)
}

func (c *counting) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, o ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	c.count("TransactWriteItems")
	return c.API.TransactWriteItems(ctx, in, o...)
}

func (c *counting) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, o ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	c.count("BatchWriteItem")
	return c.API.BatchWriteItem(ctx, in, o...)
}

func (c *counting) Query(ctx context.Context, in *dynamodb.QueryInput, o ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	c.count("Query")
	return c.API.Query(ctx, in, o...)
}

func countingStore(t *testing.T) (*Store, *counting) {
	base := newStore(t)
	c := &counting{API: base.api, calls: map[string]int{}}
	return New(c, base.table), c
}

func TestSummaryWritesWithoutReadingAndRegistersTheHashOnce(t *testing.T) {
	st, c := countingStore(t)
	ctx := context.Background()
	for i, id := range []string{"a1", "a2"} {
		if _, err := st.BeginRevision(ctx, Revision{Source: "generic", ID: id, Revision: "sha256:A", CMSUpdated: t0, Arrival: t0, Title: "T"}); err != nil {
			t.Fatal(err)
		}
		c.calls = map[string]int{}
		done := article.Record{Source: "generic", ID: id, Revision: "sha256:A", Status: article.StatusDone, ConfigHash: "offline:1", Summary: summary(40, "Ann Lee")}
		if err := st.PutRecord(ctx, done); err != nil {
			t.Fatal(err)
		}
		// One transaction (article item and 40 quotes) and the query
		// for leftover quotes; the hash only for the first article.
		want := map[string]int{"TransactWriteItems": 1, "Query": 1}
		if i == 0 {
			want["UpdateItem"] = 1
		}
		if len(c.calls) != len(want) {
			t.Errorf("%s: calls %v, want %v", id, c.calls, want)
		}
		for op, n := range want {
			if c.calls[op] != n {
				t.Errorf("%s: calls %v, want %v", id, c.calls, want)
			}
		}
	}
	hashes, err := st.Hashes(ctx)
	if err != nil || len(hashes) != 1 || hashes[0] != "offline:1" {
		t.Fatalf("hashes = %v %v", hashes, err)
	}
	qs, _, err := st.QuotesBySpeaker(ctx, "Ann Lee", 100, "")
	if err != nil || len(qs) != 80 {
		t.Fatalf("%d quotes, %v; want 80", len(qs), err)
	}
}

func TestLongSummaryTakesTheBatchPath(t *testing.T) {
	// More quotes than one transaction holds: the record is checked, the
	// quotes batch-written, and a later shorter summary leaves no stale
	// quote; a superseded long summary writes no quote.
	st, c := countingStore(t)
	ctx := context.Background()
	if _, err := st.BeginRevision(ctx, rev("sha256:A", t0, t0)); err != nil {
		t.Fatal(err)
	}
	long := article.Record{Source: "generic", ID: "a1", Revision: "sha256:A", Status: article.StatusDone, ConfigHash: "h", Summary: summary(130, "Ann Lee")}
	if err := st.PutRecord(ctx, long); err != nil {
		t.Fatal(err)
	}
	if c.calls["TransactWriteItems"] != 0 || c.calls["BatchWriteItem"] < 6 {
		t.Errorf("calls %v: want the batch path", c.calls)
	}
	qs, _, _ := st.QuotesBySpeaker(ctx, "Ann Lee", 200, "")
	if len(qs) != 130 {
		t.Fatalf("%d quotes, want 130", len(qs))
	}
	if _, err := st.BeginRevision(ctx, rev("sha256:B", t0.Add(time.Hour), t0.Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	if err := st.PutRecord(ctx, long); !errors.Is(err, pipeline.ErrSuperseded) {
		t.Fatalf("superseded long summary: %v", err)
	}
	short := article.Record{Source: "generic", ID: "a1", Revision: "sha256:B", Status: article.StatusDone, ConfigHash: "h", Summary: summary(2, "Ann Lee")}
	if err := st.PutRecord(ctx, short); err != nil {
		t.Fatal(err)
	}
	qs, _, _ = st.QuotesBySpeaker(ctx, "Ann Lee", 200, "")
	if len(qs) != 2 {
		t.Fatalf("%d quotes after the shorter summary, want 2", len(qs))
	}
}
