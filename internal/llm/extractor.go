// Package llm extracts who said what through a language model behind any
// OpenAI-compatible Chat Completions API (OpenAI, Azure OpenAI, vLLM,
// Ollama…), with a strict JSON schema. The model proposes; our code
// disposes: every quotation is located in the article by our own grounding,
// with our own offsets, and one that cannot be found is dropped and counted,
// never stored. The model's quotes are merged with the offline extractor's.
package llm

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/cenkalti/backoff/v5"
	openai "github.com/sashabaranov/go-openai"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/offline"
)

// DefaultModel is used when WHOSAID_MODEL is not set.
const DefaultModel = "gpt-4o-mini"

// AzureAPIVersion is the Azure OpenAI API version used: the first GA
// version with structured outputs.
const AzureAPIVersion = "2024-10-21"

// Config holds the LLM extractor's settings.
type Config struct {
	// APIKey authenticates to the API (OPENAI_API_KEY).
	APIKey string
	// BaseURL selects an OpenAI-compatible server (OPENAI_BASE_URL); an
	// Azure OpenAI resource URL (…openai.azure.com) switches to Azure.
	BaseURL string
	// Model is the model, or for Azure the deployment (WHOSAID_MODEL).
	Model string
	// Azure selects Azure OpenAI (OPENAI_API_TYPE=azure); a BaseURL on
	// openai.azure.com selects it too.
	Azure bool
	// ChunkTokens bounds the article tokens sent in one request; longer
	// articles are split by paragraphs.
	ChunkTokens int
	// OverlapTokens bounds the earlier paragraphs sent as context with each
	// chunk after the first, so pronouns and surnames resolve.
	OverlapTokens int
	// MaxOutputTokens bounds each reply.
	MaxOutputTokens int
	// MaxAttempts bounds the tries of one request on retryable errors.
	MaxAttempts int
	// Prices turns token usage into dollars.
	Prices PriceTable
	// HTTPClient overrides the HTTP client (tests, proxies).
	HTTPClient *http.Client
	// InitialBackoff is the first retry delay (default 1 s).
	InitialBackoff time.Duration
	// QuoteRefs has the model point at each quotation (paragraph, first
	// and last words) instead of copying it, which our code turns back
	// into the exact text before the usual grounding
	// (WHOSAID_QUOTE_REFS=1); it is part of the config hash.
	QuoteRefs bool
}

func (c *Config) defaults() {
	if c.Model == "" {
		c.Model = DefaultModel
	}
	if c.ChunkTokens <= 0 {
		c.ChunkTokens = 6000
	}
	if c.OverlapTokens < 0 {
		c.OverlapTokens = 0
	} else if c.OverlapTokens == 0 {
		c.OverlapTokens = 400
	}
	if c.MaxOutputTokens <= 0 {
		c.MaxOutputTokens = 8000
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 5
	}
	if c.InitialBackoff <= 0 {
		c.InitialBackoff = time.Second
	}
	if c.Prices == nil {
		c.Prices = DefaultPrices()
	}
}

// Extractor is the LLM extractor. It is safe for concurrent use.
type Extractor struct {
	cfg     Config
	client  *openai.Client
	tok     *Tokenizer
	offline *offline.Extractor
	hash    string
}

// New returns an extractor; it fails without an API key.
func New(cfg Config) (*Extractor, error) {
	if cfg.APIKey == "" {
		return nil, errors.New("llm: OPENAI_API_KEY is not set")
	}
	cfg.defaults()
	var oc openai.ClientConfig
	if cfg.Azure || strings.Contains(cfg.BaseURL, ".openai.azure.com") {
		oc = openai.DefaultAzureConfig(cfg.APIKey, cfg.BaseURL)
		oc.APIVersion = AzureAPIVersion
	} else {
		oc = openai.DefaultConfig(cfg.APIKey)
		if cfg.BaseURL != "" {
			oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
		}
	}
	if cfg.HTTPClient != nil {
		oc.HTTPClient = cfg.HTTPClient
	}
	tok, err := NewTokenizer(cfg.Model)
	if err != nil {
		return nil, err
	}
	return &Extractor{cfg: cfg, client: openai.NewClientWithConfig(oc), tok: tok, offline: offline.New(offline.DefaultConfig()), hash: HashFor(cfg)}, nil
}

// EvidenceVersion changes whenever the checks of the model's claims
// (evidence, quotation marks, instruction text, their lexicons) change in a
// way that changes output; it is part of the config hash.
const EvidenceVersion = "1"

// HashFor returns the config hash an extractor with cfg has, without
// building one (no key needed): model, prompt and schema versions, the
// evidence checks, the offline cross-check's rules and the chunking
// settings.
func HashFor(cfg Config) string {
	cfg.defaults()
	settings, _ := json.Marshal(struct {
		Model, Prompt, Schema, Offline, Evidence string
		Chunk, Overlap, MaxOut                   int
	}{cfg.Model, PromptVersion, SchemaVersion, offline.New(offline.DefaultConfig()).ConfigHash(), EvidenceVersion, cfg.ChunkTokens, cfg.OverlapTokens, cfg.MaxOutputTokens})
	if cfg.QuoteRefs {
		// Only then, so that every existing hash stays as it was.
		settings = append(settings, []byte(",refs")...)
	}
	sum := sha256.Sum256(settings)
	return "llm:" + hex.EncodeToString(sum[:8])
}

// Name returns "llm".
func (x *Extractor) Name() string { return "llm" }

// ConfigHash covers the model, prompt and schema versions and the settings.
func (x *Extractor) ConfigHash() string { return x.hash }

// Model returns the configured model.
func (x *Extractor) Model() string { return x.cfg.Model }

// Extract asks the model for the article's quotations, chunk by chunk,
// grounds every one in the text, and merges them with the offline
// extractor's.
func (x *Extractor) Extract(ctx context.Context, a article.Article) (article.Summary, error) {
	paras := numbered(a.Text)
	if len(paras) == 0 {
		return article.Summary{}, Permanent(errors.New("llm: the article has no text"))
	}
	var replies []chunkReply
	var usage article.Usage
	for _, c := range x.chunks(a.Text, paras, x.cfg.ChunkTokens) {
		rs, u, err := x.extractChunk(ctx, a.Text, c, x.cfg.ChunkTokens)
		usage.InputTokens += u.InputTokens
		usage.OutputTokens += u.OutputTokens
		usage.CachedTokens += u.CachedTokens
		if err != nil {
			return article.Summary{}, err
		}
		replies = append(replies, rs...)
	}
	return x.finish(ctx, a, paras, replies, usage, x.cfg.Prices.Cost(x.cfg.Model, usage))
}

// finish grounds and merges the replies with the offline extractor's
// result; the live path and the Batch API's results both end here.
func (x *Extractor) finish(ctx context.Context, a article.Article, paras []paragraph, replies []chunkReply, usage article.Usage, cost float64) (article.Summary, error) {
	off, err := x.offline.Extract(ctx, a)
	if err != nil {
		return article.Summary{}, fmt.Errorf("llm: offline cross-check: %w", err)
	}
	s := merge(a.Text, paras, replies, &off)
	s.Article = a
	s.Article.Text = ""
	s.Extractor.Name, s.Extractor.Model, s.Extractor.ConfigHash = x.Name(), x.cfg.Model, x.hash
	s.Extractor.Usage = usage
	s.Extractor.CostUSD = cost
	if err := s.Validate(a.Text); err != nil {
		return article.Summary{}, fmt.Errorf("llm: inconsistent result: %w", err)
	}
	return s, nil
}

// chunk is a run of paragraphs to extract from, with earlier ones as context.
type chunk struct {
	context, extract []paragraph
}

// chunkReply is one chunk's reply.
type chunkReply struct {
	reply Reply
}

func numbered(text string) []paragraph {
	ps := offline.Paragraphs(text)
	out := make([]paragraph, len(ps))
	for i, p := range ps {
		out[i] = paragraph{n: i + 1, start: p[0], end: p[1]}
	}
	return out
}

// chunks splits the paragraphs under a token budget; each chunk after the
// first carries the paragraphs before it, up to the overlap budget, as
// context. A paragraph over the budget is a chunk of its own.
func (x *Extractor) chunks(text string, paras []paragraph, budget int) []chunk {
	var out []chunk
	var cur []paragraph
	used := 0
	flush := func() {
		if len(cur) == 0 {
			return
		}
		out = append(out, chunk{extract: cur})
		cur, used = nil, 0
	}
	for _, p := range paras {
		n := x.tok.Count(text[p.start:p.end]) + 4
		if used+n > budget && len(cur) > 0 {
			flush()
		}
		cur = append(cur, p)
		used += n
	}
	flush()
	for i := 1; i < len(out); i++ {
		first := out[i].extract[0].n - 1 // index of the first extract paragraph
		spent := 0
		for j := first - 1; j >= 0; j-- {
			n := x.tok.Count(text[paras[j].start:paras[j].end]) + 4
			if spent+n > x.cfg.OverlapTokens {
				break
			}
			spent += n
			out[i].context = append([]paragraph{paras[j]}, out[i].context...)
		}
	}
	return out
}

// minChunkTokens is the smallest budget a truncated reply is split down to.
const minChunkTokens = 300

// extractChunk runs one chunk; a reply cut off by the output limit is
// retried as two smaller chunks.
func (x *Extractor) extractChunk(ctx context.Context, text string, c chunk, budget int) ([]chunkReply, article.Usage, error) {
	reply, usage, err := x.request(ctx, text, c)
	if !errors.Is(err, errTruncated) {
		if err != nil {
			return nil, usage, err
		}
		return []chunkReply{{reply: reply}}, usage, nil
	}
	half := budget / 2
	if len(c.extract) < 2 || half < minChunkTokens {
		return nil, usage, Permanent(fmt.Errorf("llm: the reply was cut off by the output limit even for the smallest chunk (paragraphs %d–%d)", c.extract[0].n, c.extract[len(c.extract)-1].n))
	}
	slog.WarnContext(ctx, "llm reply truncated; splitting the chunk", "paragraphs", len(c.extract))
	mid := len(c.extract) / 2
	parts := []chunk{{context: c.context, extract: c.extract[:mid]}, {context: c.extract[max(0, mid-1):mid], extract: c.extract[mid:]}}
	var out []chunkReply
	for _, p := range parts {
		rs, u, err := x.extractChunk(ctx, text, p, half)
		usage.InputTokens += u.InputTokens
		usage.OutputTokens += u.OutputTokens
		usage.CachedTokens += u.CachedTokens
		if err != nil {
			return nil, usage, err
		}
		out = append(out, rs...)
	}
	return out, usage, nil
}

// errTruncated means the reply hit the output limit.
var errTruncated = errors.New("llm: reply truncated")

// Request builds the chat request for a chunk (exported for the overhead
// benchmark through PromptTokens).
func (x *Extractor) chatRequest(text string, c chunk) openai.ChatCompletionRequest {
	prompt, schema := systemPrompt, replySchema
	if x.cfg.QuoteRefs {
		prompt, schema = systemPromptRefs, replyRefsSchema
	}
	return openai.ChatCompletionRequest{
		Model: x.cfg.Model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: prompt},
			{Role: openai.ChatMessageRoleUser, Content: userMessage(text, c.context, c.extract)},
		},
		ResponseFormat: &openai.ChatCompletionResponseFormat{
			Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
				Name: "who_said_what", Schema: schema, Strict: true,
			},
		},
		Temperature:         0,
		MaxCompletionTokens: x.cfg.MaxOutputTokens,
	}
}

// request sends one chunk, retrying what is worth retrying, and checks the
// reply against the schema; invalid JSON is retried once with the error fed
// back to the model.
func (x *Extractor) request(ctx context.Context, text string, c chunk) (Reply, article.Usage, error) {
	req := x.chatRequest(text, c)
	var usage article.Usage
	var reply Reply
	for fix := 0; ; fix++ {
		resp, err := x.send(ctx, req)
		usage.InputTokens += resp.Usage.PromptTokens
		usage.OutputTokens += resp.Usage.CompletionTokens
		if d := resp.Usage.PromptTokensDetails; d != nil {
			usage.CachedTokens += d.CachedTokens
		}
		if err != nil {
			return reply, usage, err
		}
		if len(resp.Choices) == 0 {
			return reply, usage, Retryable(errors.New("llm: reply has no choices"))
		}
		ch := resp.Choices[0]
		var verr error
		reply, verr, err = x.parseChoice(ch, text)
		if err != nil {
			return reply, usage, err
		}
		if verr == nil {
			return reply, usage, nil
		}
		if fix == 1 {
			return reply, usage, Permanent(fmt.Errorf("llm: the reply does not follow the schema after a retry: %w", verr))
		}
		sum := sha256.Sum256([]byte(ch.Message.Content))
		slog.WarnContext(ctx, "llm reply failed validation; asking again", "err", verr, "bytes", len(ch.Message.Content), "sha256", hex.EncodeToString(sum[:6]))
		req.Messages = append(req.Messages,
			openai.ChatCompletionMessage{Role: openai.ChatMessageRoleAssistant, Content: ch.Message.Content},
			openai.ChatCompletionMessage{Role: openai.ChatMessageRoleUser, Content: "That reply is not valid for the schema (" + verr.Error() + "). Reply again with only JSON that follows the schema."},
		)
	}
}

// parseChoice reads a reply: err for a refusal, a cut-off or filtered
// reply; verr when the content does not follow the schema (worth asking
// again once). The live path and the Batch API's results both go through it.
func (x *Extractor) parseChoice(ch openai.ChatCompletionChoice, text string) (reply Reply, verr, err error) {
	if ch.Message.Refusal != "" {
		return reply, nil, Permanent(fmt.Errorf("llm: the model refused: %.200s", ch.Message.Refusal))
	}
	if ch.FinishReason == openai.FinishReasonLength {
		return reply, nil, errTruncated
	}
	if ch.FinishReason == openai.FinishReasonContentFilter {
		return reply, nil, Permanent(errors.New("llm: the reply was stopped by the content filter"))
	}
	if x.cfg.QuoteRefs {
		var refs ReplyRefs
		if verr = replyRefsSchema.Unmarshal(ch.Message.Content, &refs); verr == nil {
			reply = resolveRefs(text, refs)
		}
	} else {
		verr = replySchema.Unmarshal(ch.Message.Content, &reply)
	}
	if verr == nil {
		verr = checkReply(&reply)
	}
	return reply, verr, nil
}

// checkReply checks what the schema cannot: kinds and paragraph numbers.
func checkReply(r *Reply) error {
	for i, q := range r.Quotes {
		switch article.Kind(q.Kind) {
		case article.KindDirect, article.KindPartial, article.KindIndirect:
		default:
			return fmt.Errorf("quotes[%d].kind %q is not direct, partial or indirect", i, q.Kind)
		}
	}
	return nil
}

// send makes one chat call with exponential backoff and jitter on
// retryable errors, within the context's deadline.
func (x *Extractor) send(ctx context.Context, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	b := backoff.NewExponentialBackOff()
	b.InitialInterval = x.cfg.InitialBackoff
	b.MaxInterval = 30 * time.Second
	b.RandomizationFactor = 0.5
	opts := []backoff.RetryOption{backoff.WithBackOff(b), backoff.WithMaxTries(uint(x.cfg.MaxAttempts))}
	if dl, ok := ctx.Deadline(); ok {
		opts = append(opts, backoff.WithMaxElapsedTime(time.Until(dl)))
	}
	attempt := 0
	resp, err := backoff.Retry(ctx, func() (openai.ChatCompletionResponse, error) {
		attempt++
		resp, err := x.client.CreateChatCompletion(ctx, req)
		if err == nil {
			return resp, nil
		}
		err = classify(err)
		if !IsRetryable(err) {
			return resp, backoff.Permanent(err)
		}
		slog.WarnContext(ctx, "llm request failed; will retry", "attempt", attempt, "err", err)
		return resp, err
	}, opts...)
	if err != nil {
		if ctx.Err() != nil {
			return resp, Retryable(fmt.Errorf("llm: %w", ctx.Err()))
		}
		return resp, err
	}
	return resp, nil
}

// classify turns a client error into a retryable or permanent one, with a
// clear reason.
func classify(err error) error {
	var api *openai.APIError
	if errors.As(err, &api) {
		code, _ := api.Code.(string)
		switch {
		case code == "insufficient_quota":
			return Permanent(fmt.Errorf("llm: the API account has no quota left (insufficient_quota): check billing: %w", err))
		case api.HTTPStatusCode == http.StatusTooManyRequests, api.HTTPStatusCode == http.StatusRequestTimeout,
			api.HTTPStatusCode == http.StatusConflict, api.HTTPStatusCode >= 500:
			return Retryable(fmt.Errorf("llm: %w", err))
		case api.HTTPStatusCode == http.StatusUnauthorized || api.HTTPStatusCode == http.StatusForbidden:
			return Permanent(fmt.Errorf("llm: the API key was refused: %w", err))
		default:
			return Permanent(fmt.Errorf("llm: request rejected: %w", err))
		}
	}
	var re *openai.RequestError
	if errors.As(err, &re) {
		if re.HTTPStatusCode == http.StatusTooManyRequests || re.HTTPStatusCode >= 500 {
			return Retryable(fmt.Errorf("llm: %w", err))
		}
		return Permanent(fmt.Errorf("llm: request rejected: %w", err))
	}
	if errors.Is(err, context.Canceled) {
		return Permanent(err)
	}
	// Network failures and timeouts.
	return Retryable(fmt.Errorf("llm: %w", err))
}
