// Command query serves summaries and speaker quotes over the HTTP API.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/whosaid/whosaid/internal/config"
	"github.com/whosaid/whosaid/internal/metrics"
	"github.com/whosaid/whosaid/internal/query"
	"github.com/whosaid/whosaid/internal/store/dynamo"
)

func main() {
	cfg, awsCfg := config.Start("WHOSAID_TABLE")
	h := query.New(dynamo.New(dynamodb.NewFromConfig(awsCfg), cfg.Table)).WithMetrics(metrics.Default())
	lambda.Start(h.Handle)
}
