package llm

import (
	"context"
	"errors"
	"fmt"

	openai "github.com/sashabaranov/go-openai"

	"github.com/whosaid/whosaid/internal/article"
)

// Requests returns the chat requests the live path would send for an
// article, one per chunk, for the Batch API: the same model, instructions,
// strict schema and limits, the static prefix (instructions, then the
// schema in the response format) first and byte-identical in every request,
// so the provider's prompt cache serves it.
func (x *Extractor) Requests(a article.Article) ([]openai.ChatCompletionRequest, error) {
	paras := numbered(a.Text)
	if len(paras) == 0 {
		return nil, Permanent(errors.New("llm: the article has no text"))
	}
	var out []openai.ChatCompletionRequest
	for _, c := range x.chunks(a.Text, paras, x.cfg.ChunkTokens) {
		out = append(out, x.chatRequest(a.Text, c))
	}
	return out, nil
}

// PrefixTokens is the size in tokens of the static prefix of every request
// (the instructions and the schema).
func (x *Extractor) PrefixTokens() int {
	prompt, schema := systemPrompt, replySchema
	if x.cfg.QuoteRefs {
		prompt, schema = systemPromptRefs, replyRefsSchema
	}
	js, _ := schema.MarshalJSON()
	return x.tok.CountMessages(prompt) + x.tok.Count(string(js))
}

// Complete turns the Batch API's responses to an article's Requests (in
// the same order) into its summary, through the same checks, grounding and
// merge as the live path, priced at the batch rate. A reply that was cut
// off, refused or off the schema is an error: the caller retries the
// article live, where the chunk is split or the model asked again.
func (x *Extractor) Complete(ctx context.Context, a article.Article, resps []openai.ChatCompletionResponse) (article.Summary, error) {
	paras := numbered(a.Text)
	chunks := x.chunks(a.Text, paras, x.cfg.ChunkTokens)
	if len(paras) == 0 || len(resps) != len(chunks) {
		return article.Summary{}, fmt.Errorf("llm: %d batch responses for %d chunks (the article or the settings changed)", len(resps), len(chunks))
	}
	var usage article.Usage
	replies := make([]chunkReply, 0, len(resps))
	for i, resp := range resps {
		usage.InputTokens += resp.Usage.PromptTokens
		usage.OutputTokens += resp.Usage.CompletionTokens
		if d := resp.Usage.PromptTokensDetails; d != nil {
			usage.CachedTokens += d.CachedTokens
		}
		if len(resp.Choices) == 0 {
			return article.Summary{}, fmt.Errorf("llm: batch response %d has no choices", i)
		}
		reply, verr, err := x.parseChoice(resp.Choices[0], a.Text)
		if err == nil && verr != nil {
			err = fmt.Errorf("llm: batch reply %d does not follow the schema: %w", i, verr)
		}
		if err != nil {
			return article.Summary{}, err
		}
		replies = append(replies, chunkReply{reply: reply})
	}
	return x.finish(ctx, a, paras, replies, usage, x.cfg.Prices.BatchCost(x.cfg.Model, usage))
}

// Prices returns the extractor's price table.
func (x *Extractor) Prices() PriceTable { return x.cfg.Prices }

// Client returns the extractor's API client (for the Batch API's files and
// batches).
func (x *Extractor) Client() *openai.Client { return x.client }

// StaticPrefixTokens is PrefixTokens for an extractor with cfg, without
// building one (no key needed): for cost estimates.
func StaticPrefixTokens(cfg Config) (int, error) {
	cfg.defaults()
	tok, err := NewTokenizer(cfg.Model)
	if err != nil {
		return 0, err
	}
	return (&Extractor{cfg: cfg, tok: tok}).PrefixTokens(), nil
}
