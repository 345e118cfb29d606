package extractor

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/llm"
	"github.com/whosaid/whosaid/internal/offline"
)

const text = "“The ferry runs all winter,” said Captain Rita Olsen."

func TestModes(t *testing.T) {
	off := offline.New(offline.DefaultConfig())
	for _, tt := range []struct {
		s    Settings
		name string
	}{
		{Settings{Mode: "offline", LLM: llm.Config{APIKey: "k"}}, "offline"},
		{Settings{Mode: "auto"}, "offline"},
		{Settings{Mode: "auto", LLM: llm.Config{APIKey: "k"}}, "llm"},
		{Settings{Mode: "llm", LLM: llm.Config{APIKey: "k"}}, "llm"},
	} {
		x, err := New(tt.s)
		if err != nil || x.Name() != tt.name {
			t.Errorf("%+v: %v %v", tt.s.Mode, x, err)
		}
	}
	if _, err := New(Settings{Mode: "llm"}); err == nil {
		t.Error("llm without a key must fail")
	}
	if _, err := New(Settings{Mode: "magic"}); err == nil {
		t.Error("unknown mode accepted")
	}
	if CurrentHash(Settings{Mode: "auto"}, false) != off.ConfigHash() || CurrentHash(Settings{Mode: "auto"}, true) != llm.HashFor(llm.Config{}) {
		t.Error("current hash does not follow the configured extractor")
	}
}

// TestAutoFallsBack: when the LLM fails for good, auto answers with the
// offline extractor, records why, and marks the result with the offline
// config hash so it counts as stale.
func TestAutoFallsBack(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}`))
	}))
	defer srv.Close()
	x, err := New(Settings{Mode: "auto", LLM: llm.Config{APIKey: "k", BaseURL: srv.URL + "/v1", InitialBackoff: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := x.Extract(context.Background(), article.Article{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 || s.Extractor.Name != "offline" || !strings.Contains(s.Extractor.Fallback, "insufficient_quota") {
		t.Fatalf("calls %d extractor %+v", calls, s.Extractor)
	}
	if s.Extractor.ConfigHash == x.ConfigHash() || len(s.Quotes) != 1 {
		t.Fatalf("fallback result hash %q (current %q), %d quotes", s.Extractor.ConfigHash, x.ConfigHash(), len(s.Quotes))
	}
}
