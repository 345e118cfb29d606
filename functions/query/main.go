// Command query serves summaries and speaker quotes over the HTTP API.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/whosaid/whosaid/internal/config"
	"github.com/whosaid/whosaid/internal/query"
	"github.com/whosaid/whosaid/internal/store/dynamo"
)

func main() {
	config.Logging()
	ctx := context.Background()
	cfg, err := config.FromEnv("WHOSAID_TABLE")
	if err != nil {
		config.Fatal("config", err)
	}
	awsCfg, err := config.AWS(ctx)
	if err != nil {
		config.Fatal("aws", err)
	}
	lambda.Start(query.New(dynamo.New(dynamodb.NewFromConfig(awsCfg), cfg.Table)).Handle)
}
