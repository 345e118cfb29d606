package llm

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/whosaid/whosaid/internal/evaltest"
)

// requestTokens counts a chat request's input tokens: messages with their
// framing, plus the JSON schema, which the API also feeds the model.
func requestTokens(tok *Tokenizer, x *Extractor, text string) (total, article int) {
	paras := numbered(text)
	req := x.chatRequest(text, chunk{extract: paras})
	schema, _ := json.Marshal(replySchema)
	total = tok.CountMessages(req.Messages[0].Content, req.Messages[1].Content) + tok.Count(string(schema))
	return total, tok.Count(text)
}

// BenchmarkPromptOverhead reports, for the seed article, the tokens a
// request spends beyond the article text (instructions, schema, numbering,
// framing) and the request's total. Goal: overhead ≤ 600 tokens.
func BenchmarkPromptOverhead(b *testing.B) {
	raw, err := os.ReadFile(evaltest.File(b, "seed-article.txt"))
	if err != nil {
		b.Fatal(err)
	}
	x, err := New(Config{APIKey: "k"})
	if err != nil {
		b.Fatal(err)
	}
	var total, art int
	for b.Loop() {
		total, art = requestTokens(x.tok, x, string(raw))
	}
	b.ReportMetric(float64(total-art), "overhead-tokens")
	b.ReportMetric(float64(total), "request-tokens")
	b.ReportMetric(float64(art), "article-tokens")
}

// TestPromptOverheadBudget keeps the overhead of a short article within the
// 600-token goal.
func TestPromptOverheadBudget(t *testing.T) {
	x, err := New(Config{APIKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	total, art := requestTokens(x.tok, x, story)
	if total-art > 600 {
		t.Errorf("prompt overhead %d tokens, goal ≤ 600", total-art)
	}
	t.Logf("overhead %d tokens (request %d, article %d)", total-art, total, art)
}
