// Command analytics keeps the source-analytics Parquet files in S3 in step
// with the article records: triggered by the table's stream on article
// items, it writes, replaces or removes an article's rows. Invoked with
// {"backfill": true} it exports the summaries stored before the stream.
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/whosaid/whosaid/internal/analytics"
	"github.com/whosaid/whosaid/internal/config"
	"github.com/whosaid/whosaid/internal/metrics"
	"github.com/whosaid/whosaid/internal/store/dynamo"
	"github.com/whosaid/whosaid/internal/store/s3store"
)

func main() {
	cfg, awsCfg := config.Start("WHOSAID_BUCKET", "WHOSAID_TABLE")
	s3c := s3store.NewClient(awsCfg)
	exp := analytics.NewExporter(s3c, cfg.Bucket, s3store.New(s3c, cfg.Bucket), analytics.Options{Gender: analytics.GenderFromEnv(os.Getenv("WHOSAID_GENDER"))})
	store := dynamo.New(dynamodb.NewFromConfig(awsCfg), cfg.Table)
	h := analytics.NewStreamHandler(store, exp).WithMetrics(metrics.Default())
	lambda.Start(h.Dispatch(store))
}
