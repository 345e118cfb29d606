// Command ingest is the webhook function: POST /hooks/{cms}/{tenant}.
package main

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/whosaid/whosaid/internal/apigw"
	"github.com/whosaid/whosaid/internal/config"
	"github.com/whosaid/whosaid/internal/ingest"
	"github.com/whosaid/whosaid/internal/metrics"
	"github.com/whosaid/whosaid/internal/queue"
	"github.com/whosaid/whosaid/internal/secrets"
	"github.com/whosaid/whosaid/internal/store/dynamo"
	"github.com/whosaid/whosaid/internal/store/s3store"
)

func main() {
	cfg, awsCfg := config.Start("WHOSAID_BUCKET", "WHOSAID_TABLE", "WHOSAID_QUEUE_URL", "WHOSAID_SECRETS_PARAM")
	// Under `sam local` (env.json) the secrets may come without SSM;
	// otherwise through the Parameters and Secrets extension, which serves
	// invocations only: they are read at the first one, and again at the
	// next until a read succeeds.
	local, isLocal, err := secrets.FromLocalEnv()
	if err != nil {
		config.Fatal("webhook secrets", err)
	}
	ext := secrets.ExtensionFromEnv()
	tenants := secrets.NewLazy(func(ctx context.Context) (secrets.Tenants, error) {
		if isLocal {
			return local, nil
		}
		return secrets.Load(ctx, ext, cfg.SecretsParam)
	})
	h := ingest.New(
		s3store.New(s3store.NewClient(awsCfg), cfg.Bucket),
		dynamo.New(dynamodb.NewFromConfig(awsCfg), cfg.Table),
		queue.New(sqs.NewFromConfig(awsCfg), cfg.QueueURL, cfg.Bucket),
		tenants,
		ingest.WithMaxBody(cfg.MaxBody),
		ingest.WithMetrics(metrics.Default()),
	)
	lambda.Start(func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		if err := tenants.Ensure(ctx); err != nil {
			// Not the sender's fault: 503, and the CMS retries.
			slog.ErrorContext(ctx, "webhook secrets unavailable", "err", err)
			return apigw.Error(http.StatusServiceUnavailable, "webhook secrets unavailable, retry later"), nil
		}
		return h.Handle(ctx, req)
	})
}
