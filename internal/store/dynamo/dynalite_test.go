package dynamo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest"
	"github.com/whosaid/whosaid/internal/dynalite"
	"github.com/whosaid/whosaid/internal/pipeline"
)

// onDynalite is the dynalite endpoint while TestOnDynalite runs the store's
// tests there; newStore then makes a fresh table on it.
var (
	onDynalite string
	tables     int
)

func newDynaliteStore(t *testing.T) *Store {
	t.Helper()
	cfg := awstest.Config(t)
	cfg.BaseEndpoint = &onDynalite
	c := dynamodb.NewFromConfig(cfg)
	tables++
	name := fmt.Sprintf("whosaid-%d", tables)
	if err := CreateTable(context.Background(), c, name); err != nil {
		t.Fatal(err)
	}
	w := dynamodb.NewTableExistsWaiter(c, func(o *dynamodb.TableExistsWaiterOptions) { o.MinDelay = 20 * time.Millisecond })
	if err := w.Wait(context.Background(), &dynamodb.DescribeTableInput{TableName: &name}, time.Minute); err != nil {
		t.Fatal(err)
	}
	return New(c, name)
}

// TestOnDynalite runs the ordering, revision and concurrency tests against
// dynalite, a DynamoDB implementation that serialises conditional writes
// (moto does not).
func TestOnDynalite(t *testing.T) {
	onDynalite = dynalite.Start(t)
	defer func() { onDynalite = "" }()
	for name, test := range map[string]func(*testing.T){
		"RevisionOrdering":             TestRevisionOrdering,
		"SummaryAndSpeakerQueries":     TestSummaryAndSpeakerQueries,
		"SupersededSummaryIsRefused":   TestSupersededSummaryIsRefused,
		"Withdraw":                     TestWithdraw,
		"SlowStaleWriterLeavesNothing": TestSlowStaleWriterLeavesNothing,
		"CrashedWriterIsNeverServed":   TestCrashedWriterIsNeverServed,
		"LargeSummaryIsStored":         TestLargeSummaryIsStored,
		"ItemOverTheLimitFailsAtOnce":  TestItemOverTheLimitFailsAtOnce,
		"OrderByVersionAndReplay":      TestOrderByVersionAndReplay,
		"ConcurrentDeliveries":         testConcurrentDeliveries,
		"ConcurrentSummaryWriters":     testConcurrentSummaryWriters,
	} {
		t.Run(name, test)
	}
}

// testConcurrentDeliveries: twenty revisions of one article delivered at
// once, in random order: the newest by CMS time is current, whatever order
// the writes landed in, and a withdrawal older than it changes nothing.
func testConcurrentDeliveries(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	const n = 20
	order := rand.Perm(n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for _, i := range order {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := st.BeginRevision(ctx, rev(fmt.Sprintf("sha256:%02d", i), t0.Add(time.Duration(i)*time.Minute), t0))
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	rec, err := st.GetRecord(ctx, "desk", "generic", "a1")
	if err != nil || rec.Revision != fmt.Sprintf("sha256:%02d", n-1) {
		t.Fatalf("current = %+v %v, want the newest", rec, err)
	}
	if changed, _ := st.Withdraw(ctx, rev("", t0, t0.Add(time.Hour))); changed {
		t.Fatal("an older withdrawal applied")
	}
}

// testConcurrentSummaryWriters: five writers store summaries of the current
// revision at once (duplicate messages); afterwards exactly the quote items
// of the set the article item names remain.
func testConcurrentSummaryWriters(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	if _, err := st.BeginRevision(ctx, rev("sha256:A", t0, t0)); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := st.PutRecord(ctx, done("sha256:A", 3+i, fmt.Sprintf("Speaker %d", i))); err != nil && !errors.Is(err, pipeline.ErrSuperseded) {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	rec, err := st.GetRecord(ctx, "desk", "generic", "a1")
	if err != nil || rec.Status != article.StatusDone {
		t.Fatalf("record = %+v %v", rec, err)
	}
	if items := quoteItems(t, st); len(items) != len(rec.Summary.Quotes) {
		t.Fatalf("%d quote items remain, want the stored summary's %d", len(items), len(rec.Summary.Quotes))
	}
	name := rec.Summary.Speakers[0].Name
	if qs, _, _ := st.QuotesBySpeaker(ctx, "desk", name, 100, ""); len(qs) != len(rec.Summary.Quotes) {
		t.Fatalf("%s has %d quotes served, want %d", name, len(qs), len(rec.Summary.Quotes))
	}
}
