// Command summarize is the SQS-triggered extraction function.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/whosaid/whosaid/internal/config"
	"github.com/whosaid/whosaid/internal/extractor"
	"github.com/whosaid/whosaid/internal/store/dynamo"
	"github.com/whosaid/whosaid/internal/store/s3store"
	"github.com/whosaid/whosaid/internal/summarize"
)

func main() {
	config.Logging()
	ctx := context.Background()
	cfg, err := config.FromEnv("WHOSAID_BUCKET", "WHOSAID_TABLE")
	if err != nil {
		config.Fatal("config", err)
	}
	awsCfg, err := config.AWS(ctx)
	if err != nil {
		config.Fatal("aws", err)
	}
	x, err := extractor.New(cfg.Extractor)
	if err != nil {
		config.Fatal("extractor", err)
	}
	h := summarize.New(
		s3store.New(s3store.NewClient(awsCfg), cfg.Bucket),
		dynamo.New(dynamodb.NewFromConfig(awsCfg), cfg.Table),
		x, cfg.MaxReceive,
	)
	lambda.Start(h.Handle)
}
