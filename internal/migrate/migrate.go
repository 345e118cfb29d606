// Package migrate moves articles stored before tenants (ART#{source}#{id},
// text/{source}/{id}/…) to the tenant-scoped layout, once.
//
// For each legacy article item it records the article under the tenant the
// operator names (as ingest would: PENDING at its revision, or withdrawn),
// copies the text to text/{tenant}/{source}/{id}/{revision}.txt (whose
// ObjectCreated event summarizes it again), and deletes the legacy item and
// its quote items. Running it again finds nothing left to move.
package migrate

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/store/dynamo"
)

// DynamoDB is the part of the DynamoDB client the migration uses.
type DynamoDB interface {
	dynamo.API
	Scan(ctx context.Context, in *dynamodb.ScanInput, opts ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error)
	DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error)
}

// S3 is the part of the S3 client the migration uses.
type S3 interface {
	CopyObject(ctx context.Context, in *s3.CopyObjectInput, opts ...func(*s3.Options)) (*s3.CopyObjectOutput, error)
}

// Config names what to migrate and where.
type Config struct {
	DynamoDB DynamoDB
	S3       S3
	Table    string
	Bucket   string
	// Tenant owns every legacy article (before tenants, all articles of a
	// deployment belonged to whoever had a secret).
	Tenant string
	// DryRun lists what would move without writing.
	DryRun bool
	// Log, when set, is told about each article.
	Log func(format string, args ...any)
}

// Report counts what a run did.
type Report struct {
	Moved, Withdrawn, MissingText int
}

// Run migrates every legacy article item.
func Run(ctx context.Context, c Config) (Report, error) {
	var rep Report
	if err := article.CheckKeyPart("tenant", c.Tenant, article.MaxTenantBytes); err != nil {
		return rep, err
	}
	logf := c.Log
	if logf == nil {
		logf = func(string, ...any) {}
	}
	st := dynamo.New(c.DynamoDB, c.Table)
	var start map[string]types.AttributeValue
	for {
		page, err := c.DynamoDB.Scan(ctx, &dynamodb.ScanInput{
			TableName:                 aws.String(c.Table),
			FilterExpression:          aws.String("sk = :summary AND begins_with(pk, :art) AND attribute_not_exists(tenant)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":summary": str("SUMMARY"), ":art": str("ART#")},
			ExclusiveStartKey:         start,
			ConsistentRead:            aws.Bool(true),
		})
		if err != nil {
			return rep, fmt.Errorf("scan legacy articles: %w", err)
		}
		for _, it := range page.Items {
			if err := move(ctx, c, st, it, &rep, logf); err != nil {
				return rep, err
			}
		}
		if page.LastEvaluatedKey == nil {
			return rep, nil
		}
		start = page.LastEvaluatedKey
	}
}

func move(ctx context.Context, c Config, st *dynamo.Store, it map[string]types.AttributeValue, rep *Report, logf func(string, ...any)) error {
	source, id, rev := get(it, "source"), get(it, "id"), get(it, "revision")
	pk := get(it, "pk")
	if source == "" || id == "" {
		return fmt.Errorf("legacy item %q has no source or id attribute", pk)
	}
	u := article.Update{Tenant: c.Tenant, Source: source, ID: id, Revision: rev, Title: get(it, "title"), URL: get(it, "url")}
	if t, err := time.Parse(time.RFC3339Nano, get(it, "cms_updated")); err == nil {
		u.CMSUpdated = t
	}
	if n, err := strconv.ParseInt(num(it, "arrival"), 10, 64); err == nil {
		u.Arrival = time.Unix(0, n)
	}
	if t, err := time.Parse(time.RFC3339Nano, get(it, "published_at")); err == nil {
		u.PublishedAt = &t
	}
	withdrawn := article.Status(get(it, "status")) == article.StatusWithdrawn || rev == ""
	logf("%s/%s revision %s withdrawn=%v -> tenant %s", source, id, rev, withdrawn, c.Tenant)
	if c.DryRun {
		return nil
	}
	if withdrawn {
		if _, err := st.Withdraw(ctx, u); err != nil {
			return err
		}
		rep.Withdrawn++
	} else {
		// The record first, so summarize finds the revision the copy
		// announces.
		if _, err := st.BeginRevision(ctx, u); err != nil {
			return err
		}
		_, err := c.S3.CopyObject(ctx, &s3.CopyObjectInput{
			Bucket:     aws.String(c.Bucket),
			CopySource: aws.String(c.Bucket + "/" + encodeKey(legacyTextKey(source, id, rev))),
			Key:        aws.String(article.TextKey(c.Tenant, source, id, rev)),
		})
		var ae smithy.APIError
		switch {
		case errors.As(err, &ae) && (ae.ErrorCode() == "NoSuchKey" || ae.ErrorCode() == "NotFound"):
			rep.MissingText++ // left PENDING: the reprocessor records it FAILED
		case err != nil:
			return fmt.Errorf("copy text of %s/%s: %w", source, id, err)
		default:
			rep.Moved++
		}
	}
	return deleteLegacy(ctx, c, pk)
}

// deleteLegacy deletes a legacy article item and its quote items.
func deleteLegacy(ctx context.Context, c Config, pk string) error {
	var start map[string]types.AttributeValue
	for {
		page, err := c.DynamoDB.Query(ctx, &dynamodb.QueryInput{
			TableName:                 aws.String(c.Table),
			KeyConditionExpression:    aws.String("pk = :pk"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(pk)},
			ProjectionExpression:      aws.String("pk, sk"),
			ExclusiveStartKey:         start,
		})
		if err != nil {
			return fmt.Errorf("list legacy items of %q: %w", pk, err)
		}
		for _, k := range page.Items {
			if _, err := c.DynamoDB.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(c.Table), Key: k}); err != nil {
				return fmt.Errorf("delete legacy item %q: %w", pk, err)
			}
		}
		if page.LastEvaluatedKey == nil {
			return nil
		}
		start = page.LastEvaluatedKey
	}
}

// legacyTextKey is the text key before tenants: text/{source}/{id}/{revision}.txt.
func legacyTextKey(source, id, rev string) string {
	return "text/" + url.PathEscape(source) + "/" + url.PathEscape(id) + "/" + url.PathEscape(rev) + ".txt"
}

// encodeKey URL-encodes an object key for CopySource, segment by segment.
func encodeKey(key string) string {
	parts := strings.Split(key, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

func str(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }

func get(it map[string]types.AttributeValue, k string) string {
	if v, ok := it[k].(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

func num(it map[string]types.AttributeValue, k string) string {
	if v, ok := it[k].(*types.AttributeValueMemberN); ok {
		return strings.TrimSpace(v.Value)
	}
	return ""
}
