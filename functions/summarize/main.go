// Command summarize is the SQS-triggered extraction function.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/whosaid/whosaid/internal/config"
	"github.com/whosaid/whosaid/internal/extractor"
	"github.com/whosaid/whosaid/internal/secrets"
	"github.com/whosaid/whosaid/internal/store/dynamo"
	"github.com/whosaid/whosaid/internal/store/s3store"
	"github.com/whosaid/whosaid/internal/summarize"
)

func main() {
	ctx := context.Background()
	cfg, awsCfg := config.Start("WHOSAID_BUCKET", "WHOSAID_TABLE")
	settings, err := extractor.FromEnv()
	if err != nil {
		config.Fatal("extractor settings", err)
	}
	// On Lambda the OpenAI key comes from an SSM SecureString, read once
	// through the Parameters and Secrets extension.
	if param := os.Getenv("WHOSAID_OPENAI_KEY_PARAM"); param != "" && settings.Mode != "offline" {
		key, err := secrets.ExtensionFromEnv().Parameter(ctx, param)
		switch {
		case err == nil:
			settings.LLM.APIKey = key
		case settings.Mode == "llm":
			config.Fatal("openai key", err)
		default:
			slog.Warn("no OpenAI key; using the offline extractor", "parameter", param, "err", err)
		}
	}
	x, err := extractor.New(settings)
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
