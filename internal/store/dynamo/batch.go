package dynamo

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/whosaid/whosaid/internal/article"
)

// Batch API jobs are items BATCH / {id}: state (open or closed) and the
// record as JSON; the open ones are found with one Query of the BATCH
// partition (a handful of items a day).

// PutBatch stores a batch record.
func (st *Store) PutBatch(ctx context.Context, b article.Batch) error {
	js, err := json.Marshal(b)
	if err != nil {
		return fmt.Errorf("encode batch: %w", err)
	}
	state := "closed"
	if b.Open {
		state = "open"
	}
	_, err = st.api.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(st.table),
		Item: map[string]types.AttributeValue{
			"pk": s("BATCH"), "sk": s(b.ID), "state": s(state), "record": s(string(js)), "updated_at": s(timeKey(st.now())),
		},
	})
	if err != nil {
		return fmt.Errorf("dynamodb put batch %s: %w", b.ID, err)
	}
	return nil
}

// Batches returns the batch records, only the open ones when openOnly.
func (st *Store) Batches(ctx context.Context, openOnly bool) ([]article.Batch, error) {
	var out []article.Batch
	var start map[string]types.AttributeValue
	for {
		in := &dynamodb.QueryInput{
			TableName:                 aws.String(st.table),
			KeyConditionExpression:    aws.String("pk = :p"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":p": s("BATCH")},
			ExclusiveStartKey:         start,
		}
		if openOnly {
			in.FilterExpression = aws.String("#state = :open")
			in.ExpressionAttributeNames = map[string]string{"#state": "state"}
			in.ExpressionAttributeValues[":open"] = s("open")
		}
		res, err := st.api.Query(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("dynamodb query batches: %w", err)
		}
		for _, it := range res.Items {
			var b article.Batch
			if err := json.Unmarshal([]byte(str(it, "record")), &b); err != nil {
				return nil, fmt.Errorf("decode batch %s: %w", str(it, "sk"), err)
			}
			out = append(out, b)
		}
		if len(res.LastEvaluatedKey) == 0 {
			return out, nil
		}
		start = res.LastEvaluatedKey
	}
}

// OpenBatches returns the batches not finished yet.
func (st *Store) OpenBatches(ctx context.Context) ([]article.Batch, error) {
	return st.Batches(ctx, true)
}
