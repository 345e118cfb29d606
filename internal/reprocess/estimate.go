package reprocess

import (
	"context"
	"log/slog"
	"strings"

	"github.com/whosaid/whosaid/internal/article"
)

// Estimator prices a sweep before anything is spent.
type Estimator struct {
	// Model names the model priced.
	Model string
	// Live and Batch price a usage at the live and the Batch API rate.
	Live, Batch func(article.Usage) float64
	// Size returns the text bytes of an article (an S3 HEAD, a file's
	// size); nil assumes DefaultArticleBytes for every article.
	Size func(ctx context.Context, it article.WorkItem) (int, error)
	// PrefixTokens is the static prefix of every request (instructions and
	// schema); the provider caches a prefix of 1,024 tokens or more, so it
	// is counted as cached input from then on.
	PrefixTokens int
	// OutputRatio is the output tokens per input token of article text.
	OutputRatio float64
	// Sample bounds the articles whose size is read (the rest are assumed
	// to have the sample's mean size).
	Sample int
}

// Estimate is a dry run's result.
type Estimate struct {
	Mode     string `json:"mode"`
	Model    string `json:"model"`
	Articles int    `json:"articles"`
	// Current counts the articles an all sweep walks that are done with
	// the current configuration: summarize skips them, so they are not
	// priced.
	Current  int            `json:"current"`
	ByReason map[string]int `json:"by_reason"`
	// Sampled articles had their size read; MeanBytes is their mean.
	Sampled   int `json:"sampled"`
	MeanBytes int `json:"mean_bytes"`
	// Tokens of the whole sweep (CachedTokens is part of InputTokens).
	InputTokens  int64   `json:"input_tokens"`
	CachedTokens int64   `json:"cached_tokens"`
	OutputTokens int64   `json:"output_tokens"`
	LiveUSD      float64 `json:"live_usd"`
	BatchUSD     float64 `json:"batch_usd"`
}

// Estimation defaults.
const (
	// DefaultArticleBytes is the size assumed when sizes cannot be read.
	DefaultArticleBytes = 5000
	// BytesPerToken is the mean UTF-8 bytes per token of news prose.
	BytesPerToken = 4
	// DefaultOutputRatio is the output tokens per token of article text
	// when the reply copies every quotation, PointedOutputRatio when it
	// points at them (WHOSAID_QUOTE_REFS=1): measured on the development
	// texts with a local server answering with their annotated quotations
	// (814 and 309 output tokens for about 930 tokens of text).
	DefaultOutputRatio = 0.85
	PointedOutputRatio = 0.33
	// DefaultSample is the articles sampled for their size.
	DefaultSample = 200
	// minCachedPrefix is the shortest prefix the provider caches.
	minCachedPrefix = 1024
	// perArticleOverhead covers paragraph numbers and the message framing.
	perArticleOverhead = 40
)

// Estimate counts the articles a sweep of mode would take now and prices
// them, live and by batch. Nothing is enqueued or written.
func (h *Handler) Estimate(ctx context.Context, mode string) (Estimate, error) {
	if err := validMode(mode); err != nil {
		return Estimate{}, err
	}
	e := h.estimator
	if e == nil {
		e = &Estimator{}
	}
	ratio := e.OutputRatio
	if ratio <= 0 {
		ratio = DefaultOutputRatio
	}
	sample := e.Sample
	if sample <= 0 {
		sample = DefaultSample
	}
	now := h.now()
	parts, err := h.partitions(ctx, mode, now, now)
	if err != nil {
		return Estimate{}, err
	}
	est := Estimate{Mode: mode, Model: e.Model, ByReason: map[string]int{}}
	var sampledBytes int64
	for _, p := range parts {
		n, err := h.store.Count(ctx, p.key, p.before)
		if err != nil {
			return est, err
		}
		if n == 0 {
			continue
		}
		est.ByReason[p.name] = n
		if strings.HasPrefix(p.name, currentPrefix) {
			est.Current += n // done with this configuration: skipped, free
			continue
		}
		est.Articles += n
		if e.Size == nil || est.Sampled >= sample {
			continue
		}
		items, _, err := h.store.Work(ctx, p.key, p.before, sample-est.Sampled, "")
		if err != nil {
			return est, err
		}
		for _, it := range items {
			size, err := e.Size(ctx, it)
			if err != nil {
				// A missing text fails at once, at no cost: not sampled.
				slog.WarnContext(ctx, "reprocess estimate: no size", "tenant", it.Tenant, "source", it.Source, "id", it.ID, "err", err)
				continue
			}
			sampledBytes += int64(size)
			est.Sampled++
		}
	}
	est.MeanBytes = DefaultArticleBytes
	if est.Sampled > 0 {
		est.MeanBytes = int(sampledBytes / int64(est.Sampled))
	}
	textTokens := int64(est.MeanBytes/BytesPerToken + perArticleOverhead)
	n := int64(est.Articles)
	est.InputTokens = n * (textTokens + int64(e.PrefixTokens))
	if e.PrefixTokens >= minCachedPrefix && n > 1 {
		est.CachedTokens = (n - 1) * int64(e.PrefixTokens)
	}
	est.OutputTokens = int64(float64(n*textTokens) * ratio)
	u := article.Usage{InputTokens: int(est.InputTokens), CachedTokens: int(est.CachedTokens), OutputTokens: int(est.OutputTokens)}
	if e.Live != nil {
		est.LiveUSD = e.Live(u)
	}
	if e.Batch != nil {
		est.BatchUSD = e.Batch(u)
	}
	return est, nil
}

// OutputRatio is DefaultOutputRatio, or PointedOutputRatio when the model
// points at quotations.
func OutputRatio(pointed bool) float64 {
	if pointed {
		return PointedOutputRatio
	}
	return DefaultOutputRatio
}
