// Command reprocess is the scheduled function that sweeps failed, stale or
// all articles into the summarize queue (or, for large sweeps, the OpenAI
// Batch API), continues open sweeps and finishes submitted batches.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"sync"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/batch"
	"github.com/whosaid/whosaid/internal/config"
	"github.com/whosaid/whosaid/internal/extractor"
	"github.com/whosaid/whosaid/internal/llm"
	"github.com/whosaid/whosaid/internal/metrics"
	"github.com/whosaid/whosaid/internal/queue"
	"github.com/whosaid/whosaid/internal/reprocess"
	"github.com/whosaid/whosaid/internal/secrets"
	"github.com/whosaid/whosaid/internal/store/dynamo"
	"github.com/whosaid/whosaid/internal/store/s3store"
)

// envInt reads an integer setting (def when unset or unreadable).
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

func main() {
	cfg, awsCfg := config.Start("WHOSAID_BUCKET", "WHOSAID_TABLE", "WHOSAID_QUEUE_URL")
	settings, err := extractor.FromEnv()
	if err != nil {
		config.Fatal("extractor settings", err)
	}
	param := os.Getenv("WHOSAID_OPENAI_KEY_PARAM")
	records := dynamo.New(dynamodb.NewFromConfig(awsCfg), cfg.Table)
	s3c := s3store.NewClient(awsCfg)
	texts := s3store.New(s3c, cfg.Bucket)
	live := queue.New(sqs.NewFromConfig(awsCfg), cfg.QueueURL, cfg.Bucket)
	hash := extractor.CurrentHash(settings, param != "")
	model := settings.LLM.Model
	if model == "" {
		model = llm.DefaultModel
	}
	prefix, err := llm.StaticPrefixTokens(settings.LLM)
	if err != nil {
		config.Fatal("tokenizer", err)
	}
	prices := settings.LLM.Prices
	opts := []reprocess.Option{
		reprocess.WithMetrics(metrics.Default()),
		reprocess.WithRate(envInt("WHOSAID_REPROCESS_ARTICLES_PER_MINUTE", 0), envInt("WHOSAID_REPROCESS_TOKENS_PER_MINUTE", 0), 0),
		reprocess.WithAttempts(envInt("WHOSAID_REPROCESS_MAX_ATTEMPTS", 0), 0),
		reprocess.WithEstimator(&reprocess.Estimator{
			Model:        model,
			Live:         func(u article.Usage) float64 { return prices.Cost(model, u) },
			Batch:        func(u article.Usage) float64 { return prices.BatchCost(model, u) },
			PrefixTokens: prefix,
			OutputRatio:  reprocess.OutputRatio(settings.LLM.QuoteRefs),
			Size: func(ctx context.Context, it article.WorkItem) (int, error) {
				out, err := s3c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(cfg.Bucket), Key: aws.String(article.TextKey(it.Tenant, it.Source, it.ID, it.Revision))})
				if err != nil {
					return 0, err
				}
				return int(aws.ToInt64(out.ContentLength)), nil
			},
		}),
	}
	// The Batch API needs the OpenAI key: an SSM SecureString read through
	// the Parameters and Secrets extension at the first invocation.
	batchMin := envInt("WHOSAID_BATCH_MIN", reprocess.DefaultBatchMin)
	useBatch := param != "" && settings.Mode != "offline" && batchMin > 0
	ext := secrets.ExtensionFromEnv()
	var (
		mu sync.Mutex
		x  *llm.Extractor
	)
	extractorFor := func(ctx context.Context) (*llm.Extractor, error) {
		mu.Lock()
		defer mu.Unlock()
		if x != nil {
			return x, nil
		}
		key, err := ext.Parameter(ctx, param)
		if err != nil {
			return nil, fmt.Errorf("openai key: %w", err)
		}
		s := settings.LLM
		s.APIKey = key
		built, err := llm.New(s)
		if err != nil {
			return nil, err
		}
		x = built
		return x, nil
	}
	lambda.Start(func(ctx context.Context, in reprocess.Input) (reprocess.Output, error) {
		o := opts
		if useBatch && !in.DryRun && (in.Mode == reprocess.ModeStale || in.Mode == reprocess.ModeAll || in.Mode == reprocess.ModeResume) {
			x, err := extractorFor(ctx)
			if err != nil {
				slog.WarnContext(ctx, "Batch API unavailable; sweeping live", "err", err)
			} else {
				sub := batch.NewSubmitter(x.Client(), x, texts, records, envInt("WHOSAID_BATCH_ARTICLES", 0), nil)
				poller := batch.NewPoller(x.Client(), x, texts, records, live)
				o = append(o, reprocess.WithBatch(sub, batchMin, func(ctx context.Context) (map[string]int, error) {
					r, err := poller.Poll(ctx)
					return map[string]int{"open": r.Open, "finished": r.Finished, "stored": r.Stored, "retried": r.Retried, "skipped": r.Skipped}, err
				}))
			}
		}
		return reprocess.New(records, live, hash, o...).Handle(ctx, in)
	})
}
