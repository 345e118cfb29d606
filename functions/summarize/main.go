// Command summarize is the SQS-triggered extraction function.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/whosaid/whosaid/internal/config"
	"github.com/whosaid/whosaid/internal/extractor"
	"github.com/whosaid/whosaid/internal/metrics"
	"github.com/whosaid/whosaid/internal/secrets"
	"github.com/whosaid/whosaid/internal/store/dynamo"
	"github.com/whosaid/whosaid/internal/store/s3store"
	"github.com/whosaid/whosaid/internal/summarize"
)

func main() {
	cfg, awsCfg := config.Start("WHOSAID_BUCKET", "WHOSAID_TABLE")
	settings, err := extractor.FromEnv()
	if err != nil {
		config.Fatal("extractor settings", err)
	}
	texts := s3store.New(s3store.NewClient(awsCfg), cfg.Bucket)
	records := dynamo.New(dynamodb.NewFromConfig(awsCfg), cfg.Table)
	build := func(settings extractor.Settings) (*summarize.Handler, error) {
		x, err := extractor.New(settings)
		if err != nil {
			return nil, err
		}
		return summarize.New(texts, records, x, cfg.MaxReceive, summarize.WithBudget(cfg.ExtractBudget), summarize.WithMetrics(metrics.Default())), nil
	}
	param := os.Getenv("WHOSAID_OPENAI_KEY_PARAM")
	if param == "" || settings.Mode == "offline" {
		h, err := build(settings)
		if err != nil {
			config.Fatal("extractor", err)
		}
		lambda.Start(h.Handle)
		return
	}
	// On Lambda the OpenAI key is an SSM SecureString, read through the
	// Parameters and Secrets extension, which serves invocations only: the
	// extractor is built at the first invocation (and retried at the next
	// while the key cannot be read in llm mode).
	ext := secrets.ExtensionFromEnv()
	var (
		mu sync.Mutex
		h  *summarize.Handler
	)
	handler := func(ctx context.Context) (*summarize.Handler, error) {
		mu.Lock()
		defer mu.Unlock()
		if h != nil {
			return h, nil
		}
		s := settings
		key, err := ext.Parameter(ctx, param)
		switch {
		case err == nil:
			s.LLM.APIKey = key
		case s.Mode == "llm":
			return nil, fmt.Errorf("openai key: %w", err)
		default:
			slog.WarnContext(ctx, "no OpenAI key; using the offline extractor", "parameter", param, "err", err)
		}
		built, err := build(s)
		if err != nil {
			return nil, fmt.Errorf("extractor: %w", err)
		}
		h = built
		return h, nil
	}
	lambda.Start(func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		h, err := handler(ctx)
		if err != nil {
			// The whole batch goes back to the queue.
			slog.ErrorContext(ctx, "summarize unavailable", "err", err)
			return events.SQSEventResponse{}, err
		}
		return h.Handle(ctx, ev)
	})
}
