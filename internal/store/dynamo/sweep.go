package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/whosaid/whosaid/internal/article"
)

// This file holds the reprocessor's parts of the store: attempt counting,
// parking (GAVE_UP), sweep leases and partition counts.
//
//	ART#… / SUMMARY     attempts (number), next_try (time key): the retries of
//	                    the current revision; gsi2sk is moved to next_try, so
//	                    the work Query (gsi2sk < before) skips it until then
//	CTRL / LOCK#{name}  owner, expires: the lease of a running sweep

// Claim counts one more try of a work item's revision in partition and
// moves its place in the partition to the time next returns for the new
// count (the backoff); ok is false when the article left the partition or
// moved to another revision meanwhile (nothing is changed then).
func (st *Store) Claim(ctx context.Context, it article.WorkItem, partition string, next func(attempts int) time.Time) (int, bool, error) {
	key := articleKey(it.Tenant, it.Source, it.ID)
	out, err := st.api.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:           aws.String(st.table),
		Key:                 key,
		UpdateExpression:    aws.String("ADD attempts :one"),
		ConditionExpression: aws.String("revision = :rev AND gsi2pk = :p"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":one": n(1), ":rev": s(it.Revision), ":p": s(partition),
		},
		ReturnValues: types.ReturnValueUpdatedNew,
	})
	if isConditionFailed(err) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("dynamodb claim %s/%s/%s: %w", it.Tenant, it.Source, it.ID, err)
	}
	attempts := int(num(out.Attributes, "attempts"))
	t := timeKey(next(attempts))
	_, err = st.api.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:           aws.String(st.table),
		Key:                 key,
		UpdateExpression:    aws.String("SET next_try = :t, gsi2sk = :t"),
		ConditionExpression: aws.String("revision = :rev AND gsi2pk = :p"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":t": s(t), ":rev": s(it.Revision), ":p": s(partition),
		},
	})
	if isConditionFailed(err) {
		return attempts, false, nil
	}
	if err != nil {
		return attempts, false, fmt.Errorf("dynamodb schedule retry %s/%s/%s: %w", it.Tenant, it.Source, it.ID, err)
	}
	return attempts, true, nil
}

// Unclaim takes back a Claim whose try never started (the enqueue
// failed): one attempt less, no next try, and due at `due` in partition.
func (st *Store) Unclaim(ctx context.Context, it article.WorkItem, partition string, due time.Time) error {
	_, err := st.api.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:           aws.String(st.table),
		Key:                 articleKey(it.Tenant, it.Source, it.ID),
		UpdateExpression:    aws.String("SET gsi2sk = :due ADD attempts :minus REMOVE next_try"),
		ConditionExpression: aws.String("revision = :rev AND gsi2pk = :p"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":due": s(timeKey(due)), ":minus": n(-1), ":rev": s(it.Revision), ":p": s(partition),
		},
	})
	if err != nil && !isConditionFailed(err) {
		return fmt.Errorf("dynamodb unclaim %s/%s/%s: %w", it.Tenant, it.Source, it.ID, err)
	}
	return nil
}

// GiveUp parks a work item: status GAVE_UP, in the WORK#GAVE_UP partition
// (listed, never swept), keeping the last error (or why, when there is
// none). The Claim that found it over the limit is taken back: attempts
// keeps the tries made. A new revision takes it out again. It does nothing when the
// article left partition or moved to another revision.
func (st *Store) GiveUp(ctx context.Context, it article.WorkItem, partition, why string) (bool, error) {
	_, err := st.api.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:           aws.String(st.table),
		Key:                 articleKey(it.Tenant, it.Source, it.ID),
		UpdateExpression:    aws.String("SET #st = :gaveup, gsi2pk = :parked, gsi2sk = :now, updated_at = :now, #err = if_not_exists(#err, :why) ADD attempts :minus"),
		ConditionExpression: aws.String("revision = :rev AND gsi2pk = :p"),
		ExpressionAttributeNames: map[string]string{
			"#st": "status", "#err": "error",
		},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":gaveup": s(string(article.StatusGaveUp)), ":parked": s(article.WorkGaveUp), ":now": s(timeKey(st.now())),
			":why": s(truncate(why, 1000)), ":rev": s(it.Revision), ":p": s(partition), ":minus": n(-1),
		},
	})
	if isConditionFailed(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("dynamodb give up %s/%s/%s: %w", it.Tenant, it.Source, it.ID, err)
	}
	return true, nil
}

// Acquire takes the lease called name for owner until `until`, if no other
// owner holds an unexpired one; it reports whether the lease is owner's.
func (st *Store) Acquire(ctx context.Context, name, owner string, until time.Time) (bool, error) {
	_, err := st.api.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(st.table),
		Item: map[string]types.AttributeValue{
			"pk": s("CTRL"), "sk": s("LOCK#" + name), "owner": s(owner), "expires": s(timeKey(until)),
		},
		ConditionExpression:      aws.String("attribute_not_exists(pk) OR expires < :now OR #o = :owner"),
		ExpressionAttributeNames: map[string]string{"#o": "owner"},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":now": s(timeKey(st.now())), ":owner": s(owner),
		},
	})
	if isConditionFailed(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("dynamodb acquire lease %s: %w", name, err)
	}
	return true, nil
}

// Release ends owner's lease called name (nothing when another owns it).
func (st *Store) Release(ctx context.Context, name, owner string) error {
	_, err := st.api.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                aws.String(st.table),
		Key:                      map[string]types.AttributeValue{"pk": s("CTRL"), "sk": s("LOCK#" + name)},
		UpdateExpression:         aws.String("SET expires = :gone"),
		ConditionExpression:      aws.String("#o = :owner"),
		ExpressionAttributeNames: map[string]string{"#o": "owner"},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":gone": s(""), ":owner": s(owner),
		},
	})
	if err != nil && !isConditionFailed(err) {
		return fmt.Errorf("dynamodb release lease %s: %w", name, err)
	}
	return nil
}

// Count returns the number of articles in a work partition last updated
// (or due) before `before`, with COUNT Queries on the work index (no item is
// returned).
func (st *Store) Count(ctx context.Context, partition string, before time.Time) (int, error) {
	total := 0
	var start map[string]types.AttributeValue
	for {
		out, err := st.api.Query(ctx, &dynamodb.QueryInput{
			TableName:              aws.String(st.table),
			IndexName:              aws.String(WorkIndex),
			KeyConditionExpression: aws.String("gsi2pk = :p AND gsi2sk < :before"),
			ExpressionAttributeValues: map[string]types.AttributeValue{
				":p": s(partition), ":before": s(timeKey(before)),
			},
			Select:            types.SelectCount,
			ExclusiveStartKey: start,
		})
		if err != nil {
			return total, fmt.Errorf("dynamodb count %s: %w", partition, err)
		}
		total += int(out.Count)
		if len(out.LastEvaluatedKey) == 0 {
			return total, nil
		}
		start = out.LastEvaluatedKey
	}
}
