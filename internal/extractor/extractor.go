// Package extractor picks the who-said-what extractor from the settings
// shared by the CLI and the Lambda functions: the LLM extractor when a key is
// configured (falling back to the offline one when it fails, in auto mode),
// else the offline extractor.
package extractor

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/llm"
	"github.com/whosaid/whosaid/internal/offline"
	"github.com/whosaid/whosaid/internal/pipeline"
)

// Settings choose and configure the extractor.
type Settings struct {
	// Mode is auto, llm or offline (WHOSAID_EXTRACTOR).
	Mode string
	// LLM configures the LLM extractor; its APIKey decides auto.
	LLM llm.Config
}

// FromEnv reads OPENAI_API_KEY, OPENAI_BASE_URL, WHOSAID_MODEL,
// WHOSAID_PRICES and WHOSAID_EXTRACTOR.
func FromEnv() (Settings, error) {
	prices, err := llm.ParsePrices(os.Getenv("WHOSAID_PRICES"))
	if err != nil {
		return Settings{}, fmt.Errorf("WHOSAID_PRICES: %w", err)
	}
	mode := os.Getenv("WHOSAID_EXTRACTOR")
	if mode == "" {
		mode = "auto"
	}
	return Settings{Mode: mode, LLM: llm.Config{
		APIKey: os.Getenv("OPENAI_API_KEY"), BaseURL: os.Getenv("OPENAI_BASE_URL"),
		Model: os.Getenv("WHOSAID_MODEL"), Prices: prices, Azure: os.Getenv("OPENAI_API_TYPE") == "azure",
		QuoteRefs: os.Getenv("WHOSAID_QUOTE_REFS") == "1",
	}}, nil
}

// New returns the extractor the settings name.
func New(s Settings) (pipeline.Extractor, error) {
	off := offline.New(offline.DefaultConfig())
	switch s.Mode {
	case "offline":
		return off, nil
	case "llm":
		x, err := llm.New(s.LLM)
		if err != nil {
			return nil, fmt.Errorf("extractor llm: %w", err)
		}
		return x, nil
	case "auto", "":
		if s.LLM.APIKey == "" {
			return off, nil
		}
		x, err := llm.New(s.LLM)
		if err != nil {
			return nil, fmt.Errorf("extractor auto: %w", err)
		}
		return &Fallback{Primary: x, Backup: off}, nil
	}
	return nil, fmt.Errorf("unknown extractor %q (want auto, llm or offline)", s.Mode)
}

// Fallback runs Primary and, when it fails, Backup, recording why. A result
// of the backup carries the backup's config hash, so the reprocessor sees it
// as stale and tries the primary again later.
type Fallback struct {
	Primary, Backup pipeline.Extractor
}

// Name is the primary's name.
func (f *Fallback) Name() string { return f.Primary.Name() }

// ConfigHash is the primary's: what a current result is made with.
func (f *Fallback) ConfigHash() string { return f.Primary.ConfigHash() }

// Extract tries the primary, then the backup.
func (f *Fallback) Extract(ctx context.Context, a article.Article) (article.Summary, error) {
	s, err := f.Primary.Extract(ctx, a)
	if err == nil {
		return s, nil
	}
	if ctx.Err() != nil {
		return s, err
	}
	slog.WarnContext(ctx, "primary extractor failed; falling back", "primary", f.Primary.Name(), "err", err)
	b, berr := f.Backup.Extract(ctx, a)
	if berr != nil {
		return b, fmt.Errorf("%w; fallback: %v", err, berr)
	}
	b.Extractor.Fallback = err.Error()
	b.Extractor.Usage = s.Extractor.Usage
	return b, nil
}

// CurrentHash is the config hash a current result has under these settings,
// computed without a key: the LLM's when the LLM is configured (llm mode, or
// auto with a key available), else the offline extractor's.
func CurrentHash(s Settings, keyConfigured bool) string {
	if s.Mode == "llm" || ((s.Mode == "auto" || s.Mode == "") && (keyConfigured || s.LLM.APIKey != "")) {
		return llm.HashFor(s.LLM)
	}
	return offline.New(offline.DefaultConfig()).ConfigHash()
}
