package llm

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/whosaid/whosaid/internal/article"
)

// TestCachedTokensRecordedAndPriced: the live path records the usage's
// cached_tokens and prices them at the cached rate.
func TestCachedTokensRecordedAndPriced(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		content, _ := json.Marshal(Reply{Summary: "A report.", Speakers: []ReplySpeaker{}, Quotes: []ReplyQuote{}})
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"id": "c", "object": "chat.completion", "model": "gpt-4o-mini",
			"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": string(content)}, "finish_reason": "stop"}},
			"usage": map[string]any{"prompt_tokens": 2000, "completion_tokens": 100, "total_tokens": 2100,
				"prompt_tokens_details": map[string]any{"cached_tokens": 1024}},
		})
	}))
	defer srv.Close()
	x, err := New(Config{APIKey: "k", BaseURL: srv.URL + "/v1", MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	s, err := x.Extract(context.Background(), article.Article{Source: "t", ID: "a", Text: "The council met on Monday."})
	if err != nil {
		t.Fatal(err)
	}
	u := s.Extractor.Usage
	if u.InputTokens != 2000 || u.CachedTokens != 1024 || u.OutputTokens != 100 {
		t.Fatalf("usage %+v", u)
	}
	want := (976*0.15 + 1024*0.075 + 100*0.60) / 1e6
	if math.Abs(s.Extractor.CostUSD-want) > 1e-12 {
		t.Fatalf("cost %v, want %v (cached input at half price)", s.Extractor.CostUSD, want)
	}
	if b := DefaultPrices().BatchCost("gpt-4o-mini", u); math.Abs(b-want/2) > 1e-12 {
		t.Fatalf("batch cost %v, want %v", b, want/2)
	}
}
