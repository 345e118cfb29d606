package dynamo

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/pipeline"
)

// maxTransactItems is the most actions one TransactWriteItems call takes.
const maxTransactItems = 100

// putDoneAtomic stores a summary with fewer than maxTransactItems quotes in
// one transaction: the article item's conditional update (its revision is
// still current) and the quote items commit together or not at all, so no
// read of the record is needed first, a superseded revision writes no
// quote, and a crash leaves no DONE item without its quotes. Quote items
// left over from a longer earlier summary are deleted afterwards.
func (st *Store) putDoneAtomic(ctx context.Context, rec article.Record) error {
	upd, err := st.doneUpdate(rec)
	if err != nil {
		return err
	}
	items := []types.TransactWriteItem{{Update: &types.Update{
		TableName: upd.TableName, Key: upd.Key, UpdateExpression: upd.UpdateExpression,
		ConditionExpression: upd.ConditionExpression, ExpressionAttributeNames: upd.ExpressionAttributeNames,
		ExpressionAttributeValues: upd.ExpressionAttributeValues,
	}}}
	for _, r := range st.quoteRequests(rec) {
		items = append(items, types.TransactWriteItem{Put: &types.Put{TableName: aws.String(st.table), Item: r.PutRequest.Item}})
	}
	_, err = st.api.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	var tc *types.TransactionCanceledException
	if errors.As(err, &tc) && len(tc.CancellationReasons) > 0 && aws.ToString(tc.CancellationReasons[0].Code) == "ConditionalCheckFailed" {
		return pipeline.ErrSuperseded
	}
	if err != nil {
		return fmt.Errorf("dynamodb store summary %s/%s: %w", rec.Source, rec.ID, err)
	}
	if err := st.deleteQuotes(ctx, rec.Source, rec.ID, len(rec.Summary.Quotes)); err != nil {
		return err
	}
	return st.registerHash(ctx, rec.ConfigHash)
}
