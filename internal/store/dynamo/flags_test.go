package dynamo

import (
	"context"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/whosaid/whosaid/internal/article"
)

func TestQuoteFlagsTravel(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	if _, err := st.BeginRevision(ctx, rev("sha256:A", t0, t0)); err != nil {
		t.Fatal(err)
	}
	sum := summary(3, "Rita Olsen")
	sum.Quotes[1].Flags = []string{article.FlagUnverified}
	sum.Quotes[2].Flags = []string{article.FlagUnverified, article.FlagNotInText}
	sum.Speakers[0].Flags = []string{article.FlagNotInText}
	sum.Extractor.Dropped = map[string]int{article.DropNarrator: 1, article.DropInjection: 2}
	if err := st.PutRecord(ctx, article.Record{Tenant: "acme", Source: "generic", ID: "a1", Revision: "sha256:A", Status: article.StatusDone, ConfigHash: "llm:1", Summary: sum}); err != nil {
		t.Fatal(err)
	}

	// the summary keeps every flag and the drop counts
	rec, err := st.GetRecord(ctx, "acme", "generic", "a1")
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range rec.Summary.Quotes {
		if !slices.Equal(q.Flags, sum.Quotes[i].Flags) {
			t.Errorf("summary quote %d flags %v, want %v", i, q.Flags, sum.Quotes[i].Flags)
		}
	}
	if !slices.Equal(rec.Summary.Speakers[0].Flags, []string{article.FlagNotInText}) || rec.Summary.Extractor.Dropped[article.DropInjection] != 2 {
		t.Errorf("speaker flags %v, dropped %v", rec.Summary.Speakers[0].Flags, rec.Summary.Extractor.Dropped)
	}

	// each quote item carries its flags as a string set, none when verified
	items, err := st.api.Query(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String(st.table),
		KeyConditionExpression:    aws.String("pk = :pk AND begins_with(sk, :q)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s(articlePK("acme", "generic", "a1")), ":q": s("QUOTE#")},
	})
	if err != nil || len(items.Items) != 3 {
		t.Fatalf("quote items: %v, %v", items, err)
	}
	for i, want := range [][]string{nil, {"unverified"}, {"not_in_text", "unverified"}} {
		if got := strSet(items.Items[i], "flags"); !slices.Equal(got, want) {
			t.Errorf("quote item %d flags %v, want %v", i+1, got, want)
		}
	}

	// and the speaker query returns them
	qs, _, err := st.QuotesBySpeaker(ctx, "acme", "Rita Olsen", 10, "")
	if err != nil || len(qs) != 3 {
		t.Fatalf("speaker query: %d quotes, %v", len(qs), err)
	}
	flagged := 0
	for _, q := range qs {
		if len(q.Flags) > 0 {
			flagged++
		}
		if q.Text == "quote 2" && !slices.Equal(q.Flags, []string{"not_in_text", "unverified"}) {
			t.Errorf("quote 2 flags %v", q.Flags)
		}
	}
	if flagged != 2 {
		t.Errorf("%d flagged quotes from the speaker query, want 2", flagged)
	}
}
