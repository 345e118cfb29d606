// Command ingest is the webhook function: POST /hooks/{cms}/{tenant}.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/whosaid/whosaid/internal/config"
	"github.com/whosaid/whosaid/internal/ingest"
	"github.com/whosaid/whosaid/internal/queue"
	"github.com/whosaid/whosaid/internal/secrets"
	"github.com/whosaid/whosaid/internal/store/dynamo"
	"github.com/whosaid/whosaid/internal/store/s3store"
)

func main() {
	ctx := context.Background()
	cfg, awsCfg := config.Start("WHOSAID_BUCKET", "WHOSAID_TABLE", "WHOSAID_QUEUE_URL", "WHOSAID_SECRETS_PARAM")
	// Under `sam local` (env.json) the secrets may come without SSM.
	tenants, local, err := secrets.FromLocalEnv()
	if !local {
		tenants, err = secrets.Load(ctx, ssm.NewFromConfig(awsCfg), cfg.SecretsParam)
	}
	if err != nil {
		config.Fatal("webhook secrets", err)
	}
	h := ingest.New(
		s3store.New(s3store.NewClient(awsCfg), cfg.Bucket),
		dynamo.New(dynamodb.NewFromConfig(awsCfg), cfg.Table),
		queue.New(sqs.NewFromConfig(awsCfg), cfg.QueueURL, cfg.Bucket),
		tenants,
		ingest.WithMaxBody(cfg.MaxBody),
	)
	lambda.Start(h.Handle)
}
