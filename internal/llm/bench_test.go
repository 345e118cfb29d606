package llm

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/evaltest"
	"github.com/whosaid/whosaid/internal/offline"
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

// BenchmarkMergeWithEvidence measures the checks of the model's claims
// (grounding, quotation marks, instruction text, evidence, flags) on a
// long article: the invented terminal story twelve times over, with every
// scripted claim about every copy. The offline cross-check runs once,
// outside the loop; BenchmarkOfflineSameArticle gives its cost to compare.
func BenchmarkMergeWithEvidence(b *testing.B) {
	text, replies := longTerminal()
	off, err := offline.New(offline.DefaultConfig()).Extract(context.Background(), article.Article{Text: text})
	if err != nil {
		b.Fatal(err)
	}
	paras := numbered(text)
	var s article.Summary
	for b.Loop() {
		s = merge(text, paras, replies, &off)
	}
	b.ReportMetric(float64(len(s.Quotes)), "quotes")
	b.ReportMetric(float64(len(text)), "bytes")
}

// BenchmarkOfflineSameArticle is the offline extractor on the same text.
func BenchmarkOfflineSameArticle(b *testing.B) {
	text, _ := longTerminal()
	x := offline.New(offline.DefaultConfig())
	for b.Loop() {
		if _, err := x.Extract(context.Background(), article.Article{Text: text}); err != nil {
			b.Fatal(err)
		}
	}
}

func longTerminal() (string, []chunkReply) {
	text := strings.Repeat(terminal+"\n\n", 12)
	text = strings.TrimSpace(text)
	var script []fakeClaim
	for _, c := range terminalClaims() {
		script = append(script, c.c)
	}
	var replies []chunkReply
	var paras []fakePara
	for _, p := range numbered(text) {
		paras = append(paras, fakePara{n: p.n, text: text[p.start:p.end]})
	}
	for i := 0; i < len(paras); i += 12 {
		replies = append(replies, chunkReply{reply: play(script, paras[i:min(i+12, len(paras))])})
	}
	return text, replies
}
