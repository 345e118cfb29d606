// Package config reads the Lambda functions' settings from the environment
// (template.yaml sets them) and builds the AWS clients once per cold start.
package config

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/logging"

	"github.com/whosaid/whosaid/internal/correlation"
)

// Config holds the settings of every function; each reads what it needs.
type Config struct {
	Bucket       string // WHOSAID_BUCKET
	Table        string // WHOSAID_TABLE
	QueueURL     string // WHOSAID_QUEUE_URL
	SecretsParam string // WHOSAID_SECRETS_PARAM: SSM SecureString with the webhook secrets
	MaxBody      int    // WHOSAID_MAX_BODY: largest webhook body in bytes
	MaxReceive   int    // WHOSAID_MAX_RECEIVE: the summarize queue's maxReceiveCount
	// ExtractBudget bounds one article's extraction in summarize
	// (WHOSAID_EXTRACT_BUDGET, a Go duration such as "20s"); 0 derives it
	// from the invocation's deadline.
	ExtractBudget time.Duration
}

// FromEnv reads the configuration; required lists the variables the calling
// function cannot run without.
func FromEnv(required ...string) (Config, error) {
	c := Config{
		Bucket: os.Getenv("WHOSAID_BUCKET"), Table: os.Getenv("WHOSAID_TABLE"), QueueURL: os.Getenv("WHOSAID_QUEUE_URL"),
		SecretsParam: os.Getenv("WHOSAID_SECRETS_PARAM"),
		MaxBody:      1 << 20, MaxReceive: 5,
	}
	for name, dst := range map[string]*int{"WHOSAID_MAX_BODY": &c.MaxBody, "WHOSAID_MAX_RECEIVE": &c.MaxReceive} {
		if v := os.Getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				return c, fmt.Errorf("%s must be a positive number, got %q", name, v)
			}
			*dst = n
		}
	}
	if v := os.Getenv("WHOSAID_EXTRACT_BUDGET"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return c, fmt.Errorf("WHOSAID_EXTRACT_BUDGET must be a positive duration such as 20s, got %q", v)
		}
		c.ExtractBudget = d
	}
	for _, name := range required {
		if os.Getenv(name) == "" {
			return c, fmt.Errorf("%s is not set", name)
		}
	}
	return c, nil
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// AWS builds the AWS configuration from the environment Lambda provides
// (AWS_REGION and the function role's AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), plus AWS_ENDPOINT_URL and the
// checksum settings for local stand-ins. It reads nothing else: no shared
// config files, SSO or instance metadata, which keeps every function's
// binary several megabytes smaller than config.LoadDefaultConfig would.
func AWS(_ context.Context) (aws.Config, error) {
	region := envOr("AWS_REGION", os.Getenv("AWS_DEFAULT_REGION"))
	key, secret := os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY")
	if region == "" || key == "" || secret == "" {
		return aws.Config{}, fmt.Errorf("AWS_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set (Lambda sets them)")
	}
	cfg := aws.Config{
		Region:      region,
		Credentials: aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(key, secret, os.Getenv("AWS_SESSION_TOKEN"))),
		Logger:      logging.Nop{},
	}
	if ep := os.Getenv("AWS_ENDPOINT_URL"); ep != "" {
		cfg.BaseEndpoint = aws.String(ep)
	}
	if n, err := strconv.Atoi(os.Getenv("AWS_MAX_ATTEMPTS")); err == nil && n > 0 {
		cfg.RetryMaxAttempts = n
	}
	if os.Getenv("AWS_REQUEST_CHECKSUM_CALCULATION") == "when_required" {
		cfg.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
	}
	if os.Getenv("AWS_RESPONSE_CHECKSUM_VALIDATION") == "when_required" {
		cfg.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	}
	return cfg, nil
}

// Start sets up a function's cold start: JSON logging, the configuration
// (required names the variables it cannot run without) and the AWS
// configuration. It exits on failure, so Lambda retries the init.
func Start(required ...string) (Config, aws.Config) {
	Logging()
	cfg, err := FromEnv(required...)
	if err != nil {
		Fatal("config", err)
	}
	awsCfg, err := AWS(context.Background())
	if err != nil {
		Fatal("aws", err)
	}
	return cfg, awsCfg
}

// Logging sends JSON logs through the Lambda log handler, with request ids
// and the correlation id of the delivery being worked on.
func Logging() {
	slog.SetDefault(slog.New(correlation.NewHandler(lambdacontext.NewLogHandler())))
}

// Fatal logs an init failure and exits; Lambda retries the init.
func Fatal(what string, err error) {
	slog.Error("init failed", "step", what, "err", err)
	os.Exit(1)
}
