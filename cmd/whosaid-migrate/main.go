// Command whosaid-migrate moves the articles a deployment stored before
// tenants (ART#{source}#{id}, text/{source}/{id}/…) under one tenant, once:
//
//	WHOSAID_TABLE=… WHOSAID_BUCKET=… whosaid-migrate --tenant my-newsroom [--dry-run]
//
// It uses the usual AWS credentials (profile, SSO, environment) and needs
// dynamodb:Scan, Query, GetItem, UpdateItem, DeleteItem, BatchWriteItem on the table and
// s3:GetObject, s3:PutObject on the bucket. Each moved text is summarized
// again by the deployed functions.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/whosaid/whosaid/internal/migrate"
	"github.com/whosaid/whosaid/internal/store/s3store"
)

func main() {
	tenant := flag.String("tenant", "", "the `tenant` that owns every legacy article (required)")
	dry := flag.Bool("dry-run", false, "list what would move, write nothing")
	flag.Parse()
	table, bucket := os.Getenv("WHOSAID_TABLE"), os.Getenv("WHOSAID_BUCKET")
	if *tenant == "" || table == "" || bucket == "" || flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: WHOSAID_TABLE=… WHOSAID_BUCKET=… whosaid-migrate --tenant TENANT [--dry-run]")
		os.Exit(2)
	}
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "whosaid-migrate: aws config:", err)
		os.Exit(1)
	}
	rep, err := migrate.Run(ctx, migrate.Config{
		DynamoDB: dynamodb.NewFromConfig(cfg), S3: s3store.NewClient(cfg), Table: table, Bucket: bucket, Tenant: *tenant, DryRun: *dry,
		Log: func(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) },
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "whosaid-migrate:", err)
		os.Exit(1)
	}
	fmt.Printf("moved %d, withdrawn %d, text missing %d (left PENDING; the reprocessor records them FAILED)\n", rep.Moved, rep.Withdrawn, rep.MissingText)
}
