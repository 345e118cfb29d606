package dynamo

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/pipeline"
)

// quoteItems returns the revision of every quote item of the test article.
func quoteItems(t *testing.T, st *Store) []string {
	t.Helper()
	out, err := st.api.Query(context.Background(), &dynamodb.QueryInput{
		TableName:              aws.String(st.table),
		KeyConditionExpression: aws.String("pk = :pk AND begins_with(sk, :q)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": s(articlePK("desk", "generic", "a1")), ":q": s("QUOTE#"),
		},
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	var revs []string
	for _, it := range out.Items {
		revs = append(revs, str(it, "revision"))
	}
	return revs
}

func done(revision string, n int, speaker string) article.Record {
	return article.Record{Tenant: "desk", Source: "generic", ID: "a1", Revision: revision, Status: article.StatusDone, ConfigHash: "h", Summary: summary(n, speaker)}
}

// TestSlowStaleWriterLeavesNothing: the writer of revision A is held at a
// point of its write while revision B is delivered and summarized in full;
// when A resumes it loses, and every quote item and every served quote is
// B's. Held before its quote items (the case) and between its quote
// items and the switch.
func TestSlowStaleWriterLeavesNothing(t *testing.T) {
	for _, point := range []string{"quotes", "switch"} {
		t.Run(point, func(t *testing.T) {
			st := newStore(t)
			ctx := context.Background()
			if _, err := st.BeginRevision(ctx, rev("sha256:A", t0, t0)); err != nil {
				t.Fatal(err)
			}
			var once sync.Once
			st.hook = func(p string, rec article.Record) error {
				if p != point || rec.Revision != "sha256:A" {
					return nil
				}
				var err error
				once.Do(func() {
					// Meanwhile: revision B arrives and is summarized.
					if _, err = st.BeginRevision(ctx, rev("sha256:B", t0.Add(time.Minute), t0.Add(time.Minute))); err == nil {
						err = st.PutRecord(ctx, done("sha256:B", 3, "Ann Lee"))
					}
				})
				return err
			}
			if err := st.PutRecord(ctx, done("sha256:A", 5, "Rita Olsen")); !errors.Is(err, pipeline.ErrSuperseded) {
				t.Fatalf("stale writer: err = %v, want ErrSuperseded", err)
			}
			rec, err := st.GetRecord(ctx, "desk", "generic", "a1")
			if err != nil || rec.Revision != "sha256:B" || rec.Status != article.StatusDone || len(rec.Summary.Quotes) != 3 {
				t.Fatalf("record = %+v %v", rec, err)
			}
			if revs := quoteItems(t, st); len(revs) != 3 || strings.Count(strings.Join(revs, ","), "sha256:B") != 3 {
				t.Fatalf("quote items after the stale writer: %v, want B's three only", revs)
			}
			if qs, _, _ := st.QuotesBySpeaker(ctx, "desk", "Rita Olsen", 100, ""); len(qs) != 0 {
				t.Fatalf("the stale revision's speaker is served: %d quotes", len(qs))
			}
			if qs, _, _ := st.QuotesBySpeaker(ctx, "desk", "Ann Lee", 100, ""); len(qs) != 3 {
				t.Fatalf("revision B's speaker: %d quotes, want 3", len(qs))
			}
		})
	}
}

// TestCrashedWriterIsNeverServed: a writer that dies after its quote items
// and before the switch leaves items that no article item names; the speaker
// query never serves them, and the retry's items are served once.
func TestCrashedWriterIsNeverServed(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	if _, err := st.BeginRevision(ctx, rev("sha256:A", t0, t0)); err != nil {
		t.Fatal(err)
	}
	crash := errors.New("crashed")
	st.hook = func(p string, _ article.Record) error {
		if p == "switch" {
			return crash
		}
		return nil
	}
	if err := st.PutRecord(ctx, done("sha256:A", 4, "Rita Olsen")); !errors.Is(err, crash) {
		t.Fatalf("err = %v", err)
	}
	if n := len(quoteItems(t, st)); n != 4 {
		t.Fatalf("%d orphaned items, want the 4 the crash left", n)
	}
	if qs, _, _ := st.QuotesBySpeaker(ctx, "desk", "Rita Olsen", 100, ""); len(qs) != 0 {
		t.Fatalf("orphaned quotes served: %d", len(qs))
	}
	st.hook = nil
	if err := st.PutRecord(ctx, done("sha256:A", 4, "Rita Olsen")); err != nil {
		t.Fatal(err)
	}
	if qs, _, _ := st.QuotesBySpeaker(ctx, "desk", "Rita Olsen", 100, ""); len(qs) != 4 {
		t.Fatalf("after the retry %d quotes served, want 4 (no duplicates)", len(qs))
	}
}

// TestLargeSummaryIsStored: a summary far over the 400 KB item limit is
// stored, read back whole, and served by speaker.
func TestLargeSummaryIsStored(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	if _, err := st.BeginRevision(ctx, rev("sha256:A", t0, t0)); err != nil {
		t.Fatal(err)
	}
	rec := done("sha256:A", 2600, "Rita Olsen")
	for i := range rec.Summary.Quotes {
		rec.Summary.Quotes[i].Text = fmt.Sprintf("%04d %s", i, strings.Repeat("word ", 30))
	}
	if err := st.PutRecord(ctx, rec); err != nil {
		t.Fatalf("large summary: %v", err)
	}
	got, err := st.GetRecord(ctx, "desk", "generic", "a1")
	if err != nil || got.Status != article.StatusDone || len(got.Summary.Quotes) != 2600 || got.Summary.Quotes[2599].Text != rec.Summary.Quotes[2599].Text {
		t.Fatalf("read back: %v", err)
	}
	qs, next, err := st.QuotesBySpeaker(ctx, "desk", "Rita Olsen", 100, "")
	if err != nil || len(qs) != 100 || next == "" {
		t.Fatalf("speaker page: %d %q %v", len(qs), next, err)
	}
}

// TestOversizeQuotationIsStored: a quotation larger than one item keeps
// its text in part items, and every reader gets it back whole.
func TestOversizeQuotationIsStored(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	text := strings.Repeat("é", 150<<10) + strings.Repeat("x", 300<<10) // 600 KB, multi-byte at a cut
	rev := article.Revision(text)
	if _, err := st.BeginRevision(ctx, Revision{Tenant: "desk", Source: "generic", ID: "a1", Revision: rev, Arrival: t0}); err != nil {
		t.Fatal(err)
	}
	x := &bigExtractor{}
	if _, err := pipeline.New(nopTexts{}, st, x).Extract(ctx, article.Article{Tenant: "desk", Source: "generic", ID: "a1", Revision: rev, Text: text}); err != nil {
		t.Fatalf("extract: %v", err)
	}
	got, err := st.GetRecord(ctx, "desk", "generic", "a1")
	if err != nil || got.Status != article.StatusDone || len(got.Summary.Quotes) != 2 || got.Summary.Quotes[1].Text != text {
		t.Fatalf("record %v, %d quotes, %v", got.Status, len(got.Summary.Quotes), err)
	}
	if err := got.Summary.Validate(text); err != nil {
		t.Fatalf("summary read back: %v", err)
	}
	qs, _, err := st.QuotesBySpeaker(ctx, "desk", "Rita Olsen", 10, "")
	if err != nil || len(qs) != 2 {
		t.Fatalf("speaker query: %d, %v", len(qs), err)
	}
	whole := 0
	for _, q := range qs {
		if q.Text == text {
			whole++
		}
	}
	if whole != 1 {
		t.Fatalf("the long quotation came back whole %d times", whole)
	}
	if items := quoteItems(t, st); len(items) < 4 {
		t.Fatalf("%d quote items, want the two quotes and their parts", len(items))
	}
}

// TestItemOverTheLimitFailsAtOnce: a summary too large for any item even
// without its quotations (thousands of speakers) is a permanent refusal:
// the pipeline records FAILED with our reason, once, and leaves no quote
// items behind.
func TestItemOverTheLimitFailsAtOnce(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	text := strings.Repeat("x", 1000)
	rev := article.Revision(text)
	if _, err := st.BeginRevision(ctx, Revision{Tenant: "desk", Source: "generic", ID: "a1", Revision: rev, Arrival: t0}); err != nil {
		t.Fatal(err)
	}
	x := &bigExtractor{speakers: 4000}
	_, err := pipeline.New(nopTexts{}, st, x).Extract(ctx, article.Article{Tenant: "desk", Source: "generic", ID: "a1", Revision: rev, Text: text})
	if err == nil || pipeline.Retryable(err) || !errors.Is(err, pipeline.ErrRejected) {
		t.Fatalf("err = %v (retryable %v), want a permanent refusal", err, pipeline.Retryable(err))
	}
	got, _ := st.GetRecord(ctx, "desk", "generic", "a1")
	if got.Status != article.StatusFailed || !strings.Contains(got.Error, "400 KB") {
		t.Fatalf("record = %s %q, want FAILED naming the size limit", got.Status, got.Error)
	}
	if n := len(quoteItems(t, st)); n != 0 {
		t.Fatalf("%d quote items left behind", n)
	}
	if x.calls != 1 {
		t.Fatalf("%d extractions, want 1", x.calls)
	}
	// The reprocessor's failed partition does not hold it: retrying cannot help.
	if items, _, _ := st.Work(ctx, WorkFailed, time.Now().Add(time.Hour), 10, ""); len(items) != 0 {
		t.Fatalf("a refused summary is queued for retry: %+v", items)
	}
	if items, _, _ := st.Work(ctx, article.WorkRefused, time.Now().Add(time.Hour), 10, ""); len(items) != 1 {
		t.Fatalf("refused partition holds %d items, want 1", len(items))
	}
}

// bigExtractor quotes the whole text; with speakers set it also names
// that many speakers with long names.
type bigExtractor struct{ calls, speakers int }

func (*bigExtractor) Name() string       { return "offline" }
func (*bigExtractor) ConfigHash() string { return "h" }
func (b *bigExtractor) Extract(_ context.Context, a article.Article) (article.Summary, error) {
	b.calls++
	s := article.Summary{Article: a, Speakers: []article.Speaker{{ID: "s1", Name: "Rita Olsen"}}}
	for i := range b.speakers {
		s.Speakers = append(s.Speakers, article.Speaker{ID: fmt.Sprintf("x%d", i), Name: strings.Repeat("Speaker ", 16) + strconv.Itoa(i)})
	}
	s.Quotes = []article.Quote{
		{ID: "q1", Speaker: "s1", Text: a.Text[:10], Kind: article.KindDirect, Start: 0, End: 10},
		{ID: "q2", Speaker: "s1", Text: a.Text, Kind: article.KindDirect, Start: 0, End: len(a.Text)},
	}
	return s, nil
}

type nopTexts struct{}

func (nopTexts) PutText(context.Context, string, []byte) (bool, error) { return false, nil }
func (nopTexts) GetText(context.Context, string) ([]byte, error)       { return nil, pipeline.ErrNotFound }

// TestOrderByVersionAndReplay: without a CMS time, a content version orders
// revisions; without either, arrival does and an earlier body never comes
// back (a replayed delivery).
func TestOrderByVersionAndReplay(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	u := func(id, r string, version int64, arrival time.Duration) Revision {
		return Revision{Tenant: "desk", Source: "generic", ID: id, Revision: r, CMSVersion: version, Arrival: t0.Add(arrival)}
	}
	steps := []struct {
		name    string
		r       Revision
		changed bool
	}{
		{"first", u("n", "sha256:A", 0, 1), true},
		{"later arrival", u("n", "sha256:B", 0, 2), true},
		{"replayed earlier body", u("n", "sha256:A", 0, 3), false},
		{"version 2", u("v", "sha256:B", 2, 1), true},
		{"older version, later arrival", u("v", "sha256:A", 1, 2), false},
		{"same version, later arrival", u("v", "sha256:C", 2, 3), true},
		{"newer version brings A back", u("v", "sha256:A", 3, 4), true},
	}
	for _, s := range steps {
		changed, err := st.BeginRevision(ctx, s.r)
		if err != nil || changed != s.changed {
			t.Fatalf("%s: changed=%v %v, want %v", s.name, changed, err, s.changed)
		}
	}
	if rec, _ := st.GetRecord(ctx, "desk", "generic", "n"); rec.Revision != "sha256:B" {
		t.Fatalf("n = %s, want B", rec.Revision)
	}
	if rec, _ := st.GetRecord(ctx, "desk", "generic", "v"); rec.Revision != "sha256:A" {
		t.Fatalf("v = %s, want A", rec.Revision)
	}
}
