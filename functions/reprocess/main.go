// Command reprocess is the scheduled function that re-enqueues failed,
// stuck and stale articles.
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/whosaid/whosaid/internal/config"
	"github.com/whosaid/whosaid/internal/extractor"
	"github.com/whosaid/whosaid/internal/metrics"
	"github.com/whosaid/whosaid/internal/queue"
	"github.com/whosaid/whosaid/internal/reprocess"
	"github.com/whosaid/whosaid/internal/store/dynamo"
)

func main() {
	cfg, awsCfg := config.Start("WHOSAID_BUCKET", "WHOSAID_TABLE", "WHOSAID_QUEUE_URL")
	settings, err := extractor.FromEnv()
	if err != nil {
		config.Fatal("extractor settings", err)
	}
	h := reprocess.New(
		dynamo.New(dynamodb.NewFromConfig(awsCfg), cfg.Table),
		queue.New(sqs.NewFromConfig(awsCfg), cfg.QueueURL, cfg.Bucket),
		extractor.CurrentHash(settings, os.Getenv("WHOSAID_OPENAI_KEY_PARAM") != ""),
		reprocess.WithMetrics(metrics.Default()),
	)
	lambda.Start(h.Handle)
}
