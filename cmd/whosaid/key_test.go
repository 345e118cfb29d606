package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestCLIOutputHoldsNoEchoedKey: an OpenAI-compatible server that quotes
// the key in its 401 cannot make the CLI print it.
func TestCLIOutputHoldsNoEchoedKey(t *testing.T) {
	const key = "sk-proj-CliEcho0123456789abcdefSECRET"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		got := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		_, _ = w.Write([]byte(`{"error":{"message":"Incorrect API key provided: ` + got + `","type":"invalid_request_error","code":"invalid_api_key"}}`))
	}))
	defer srv.Close()
	t.Setenv("OPENAI_API_KEY", key)
	t.Setenv("OPENAI_BASE_URL", srv.URL+"/v1")
	file := writeFile(t, "pier.txt", story)
	for _, mode := range []string{"llm", "auto"} {
		var out, errb bytes.Buffer
		code := run(context.Background(), []string{"summarize", "--extractor", mode, "--data-dir", t.TempDir(), file}, strings.NewReader(""), &out, &errb)
		all := out.String() + errb.String()
		if strings.Contains(all, key) || strings.Contains(all, key[8:24]) {
			t.Errorf("%s: the output holds the key (exit %d): %s", mode, code, all)
		}
		if !strings.Contains(all, "invalid_api_key") {
			t.Errorf("%s: the output does not say why (exit %d): %s", mode, code, all)
		}
	}
}
