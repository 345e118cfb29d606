package dynamo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest"
	"github.com/whosaid/whosaid/internal/pipeline"
)

func TestMain(m *testing.M) { os.Exit(awstest.Main(m)) }

func newStore(t *testing.T) *Store {
	t.Helper()
	if onDynalite != "" {
		return newDynaliteStore(t)
	}
	awstest.Reset(t)
	c := dynamodb.NewFromConfig(awstest.Config(t))
	if err := CreateTable(context.Background(), c, "whosaid"); err != nil {
		t.Fatal(err)
	}
	return New(c, "whosaid")
}

var t0 = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

func rev(r string, cms time.Time, arrival time.Time) Revision {
	return Revision{Tenant: "desk", Source: "generic", ID: "a1", Revision: r, CMSUpdated: cms, Arrival: arrival, Title: "T"}
}

func TestRevisionOrdering(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	steps := []struct {
		name    string
		r       Revision
		changed bool
		current string
	}{
		{"first delivery", rev("sha256:B", t0.Add(time.Minute), t0), true, "sha256:B"},
		{"same revision again", rev("sha256:B", t0.Add(time.Minute), t0.Add(time.Second)), false, "sha256:B"},
		{"older CMS time arrives late", rev("sha256:A", t0, t0.Add(2*time.Second)), false, "sha256:B"},
		{"newer CMS time", rev("sha256:C", t0.Add(2*time.Minute), t0.Add(3*time.Second)), true, "sha256:C"},
		{"same CMS time, later arrival wins", rev("sha256:D", t0.Add(2*time.Minute), t0.Add(4*time.Second)), true, "sha256:D"},
		{"same CMS time, earlier arrival loses", rev("sha256:E", t0.Add(2*time.Minute), t0.Add(3500*time.Millisecond)), false, "sha256:D"},
	}
	for _, step := range steps {
		changed, err := st.BeginRevision(ctx, step.r)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		rec, err := st.GetRecord(ctx, "desk", "generic", "a1")
		if err != nil {
			t.Fatal(err)
		}
		if changed != step.changed || rec.Revision != step.current || rec.Status != article.StatusPending {
			t.Errorf("%s: changed=%v revision=%s status=%s; want changed=%v revision=%s PENDING", step.name, changed, rec.Revision, rec.Status, step.changed, step.current)
		}
	}
}

func summary(n int, speaker string) *article.Summary {
	s := &article.Summary{
		Article:  article.Article{Source: "generic", ID: "a1", Title: "T"},
		Speakers: []article.Speaker{{ID: "s1", Name: speaker}},
	}
	for i := range n {
		s.Quotes = append(s.Quotes, article.Quote{ID: fmt.Sprintf("q%d", i+1), Speaker: "s1", Text: fmt.Sprintf("quote %d", i), Kind: article.KindDirect, Start: i, End: i + 1, Confidence: 0.9})
	}
	return s
}

func TestSummaryAndSpeakerQueries(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	if _, err := st.BeginRevision(ctx, rev("sha256:A", t0, t0)); err != nil {
		t.Fatal(err)
	}
	done := article.Record{Tenant: "desk", Source: "generic", ID: "a1", Revision: "sha256:A", Status: article.StatusDone, ConfigHash: "offline:1", Summary: summary(30, "Dr. Rita Olsen"), Usage: article.Usage{InputTokens: 7}}
	if err := st.PutRecord(ctx, done); err != nil {
		t.Fatal(err)
	}
	rec, err := st.GetRecord(ctx, "desk", "generic", "a1")
	if err != nil || rec.Status != article.StatusDone || len(rec.Summary.Quotes) != 30 || rec.Usage.InputTokens != 7 {
		t.Fatalf("record = %+v %v", rec, err)
	}
	// paginate the speaker's quotes, newest first, by any spelling of the name
	var all []SpeakerQuote
	cursor := ""
	for page := 0; ; page++ {
		qs, next, err := st.QuotesBySpeaker(ctx, "desk", "rita OLSEN", 12, cursor)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, qs...)
		if next == "" {
			break
		}
		if page > 5 {
			t.Fatal("pagination does not end")
		}
		cursor = next
	}
	if len(all) != 30 || all[0].Text != "quote 29" || all[29].Text != "quote 0" {
		t.Fatalf("got %d quotes, first %q last %q; want 30, newest first", len(all), all[0].Text, all[len(all)-1].Text)
	}
	if _, _, err := st.QuotesBySpeaker(ctx, "desk", "Rita Olsen", 5, "not-a-cursor"); !errors.Is(err, ErrBadCursor) {
		t.Fatalf("bad cursor err = %v", err)
	}

	// A new revision with fewer quotes leaves no stale quote items.
	if _, err := st.BeginRevision(ctx, rev("sha256:B", t0.Add(time.Hour), t0.Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	done.Revision, done.Summary = "sha256:B", summary(3, "Rita Olsen")
	if err := st.PutRecord(ctx, done); err != nil {
		t.Fatal(err)
	}
	qs, _, err := st.QuotesBySpeaker(ctx, "desk", "Rita Olsen", 100, "")
	if err != nil || len(qs) != 3 {
		t.Fatalf("after update: %d quotes, %v; want 3", len(qs), err)
	}
	hashes, err := st.Hashes(ctx)
	if err != nil || len(hashes) != 1 || hashes[0] != "offline:1" {
		t.Fatalf("hashes = %v %v", hashes, err)
	}
}

func TestSupersededSummaryIsRefused(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	if _, err := st.BeginRevision(ctx, rev("sha256:B", t0.Add(time.Minute), t0)); err != nil {
		t.Fatal(err)
	}
	old := article.Record{Tenant: "desk", Source: "generic", ID: "a1", Revision: "sha256:A", Status: article.StatusDone, ConfigHash: "h", Summary: summary(2, "Ann Lee")}
	if err := st.PutRecord(ctx, old); !errors.Is(err, pipeline.ErrSuperseded) {
		t.Fatalf("err = %v, want ErrSuperseded", err)
	}
	old.Status, old.Summary, old.Error = article.StatusFailed, nil, "boom"
	if err := st.PutRecord(ctx, old); !errors.Is(err, pipeline.ErrSuperseded) {
		t.Fatalf("failed write err = %v, want ErrSuperseded", err)
	}
	qs, _, _ := st.QuotesBySpeaker(ctx, "desk", "Ann Lee", 10, "")
	if len(qs) != 0 {
		t.Fatalf("superseded quotes were written: %v", qs)
	}
}

func TestWithdraw(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	if _, err := st.BeginRevision(ctx, rev("sha256:A", t0, t0)); err != nil {
		t.Fatal(err)
	}
	if err := st.PutRecord(ctx, article.Record{Tenant: "desk", Source: "generic", ID: "a1", Revision: "sha256:A", Status: article.StatusDone, ConfigHash: "h", Summary: summary(2, "Ann Lee")}); err != nil {
		t.Fatal(err)
	}
	changed, err := st.Withdraw(ctx, Revision{Tenant: "desk", Source: "generic", ID: "a1", CMSUpdated: t0.Add(time.Minute), Arrival: t0.Add(time.Minute)})
	if err != nil || !changed {
		t.Fatalf("withdraw: %v %v", changed, err)
	}
	rec, _ := st.GetRecord(ctx, "desk", "generic", "a1")
	if rec.Status != StatusWithdrawn || rec.Summary != nil {
		t.Fatalf("record after withdraw = %+v", rec)
	}
	if qs, _, _ := st.QuotesBySpeaker(ctx, "desk", "Ann Lee", 10, ""); len(qs) != 0 {
		t.Fatalf("withdrawn quotes still served: %v", qs)
	}
	// an older publish does not bring it back; a newer one does
	if changed, _ := st.BeginRevision(ctx, rev("sha256:A", t0, t0.Add(2*time.Minute))); changed {
		t.Fatal("older delivery revived a withdrawn article")
	}
	if changed, _ := st.BeginRevision(ctx, rev("sha256:A", t0.Add(time.Hour), t0.Add(time.Hour))); !changed {
		t.Fatal("republishing did not revive the article")
	}
}

func TestWorkPartitionsAndCursor(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	for i := range 5 {
		r := Revision{Tenant: "desk", Source: "generic", ID: fmt.Sprintf("a%d", i), Revision: "sha256:x", Arrival: t0}
		if _, err := st.BeginRevision(ctx, r); err != nil {
			t.Fatal(err)
		}
		rec := article.Record{Tenant: "desk", Source: "generic", ID: r.ID, Revision: "sha256:x", ConfigHash: "old"}
		if i < 2 {
			rec.Status, rec.Error = article.StatusFailed, "boom"
		} else {
			rec.Status, rec.Summary = article.StatusDone, summary(1, "Ann Lee")
		}
		if err := st.PutRecord(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	future := time.Now().Add(time.Hour)
	failed, _, err := st.Work(ctx, WorkFailed, future, 10, "")
	if err != nil || len(failed) != 2 || failed[0].Status != article.StatusFailed {
		t.Fatalf("failed = %+v %v", failed, err)
	}
	page1, cur, err := st.Work(ctx, HashPartition("old"), future, 2, "")
	if err != nil || len(page1) != 2 || cur == "" {
		t.Fatalf("page1 = %+v cursor %q err %v", page1, cur, err)
	}
	if err := st.SaveCursor(ctx, "stale", cur); err != nil {
		t.Fatal(err)
	}
	saved, err := st.Cursor(ctx, "stale")
	if err != nil || saved != cur {
		t.Fatalf("cursor round trip: %q %v", saved, err)
	}
	page2, _, err := st.Work(ctx, HashPartition("old"), future, 10, saved)
	if err != nil || len(page2) != 1 || page2[0].ID == page1[0].ID || page2[0].ID == page1[1].ID {
		t.Fatalf("page2 = %+v %v", page2, err)
	}
	if pend, _, _ := st.Work(ctx, WorkPending, future, 10, ""); len(pend) != 0 {
		t.Fatalf("no article should be pending: %+v", pend)
	}
}
