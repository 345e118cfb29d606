package llm_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/extractor"
	"github.com/whosaid/whosaid/internal/llm"
	"github.com/whosaid/whosaid/internal/offline"
	"github.com/whosaid/whosaid/internal/pipeline"
	"github.com/whosaid/whosaid/internal/query"
	"github.com/whosaid/whosaid/internal/store/local"
)

// echoKey is the key the echoing server gives back in its 401.
const echoKey = "sk-proj-Echo0123456789abcdefSECRETkey"

// KeyEchoServer is an OpenAI-compatible server that refuses every key and
// quotes it back in its error message, as some proxies do.
func KeyEchoServer(t testing.TB) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":{"message":"Incorrect API key provided: ` + key + `. Your key ` + key + ` is not valid.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`))
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/v1"
}

// TestEchoedKeyIsNowhere: the server's message, which holds the key, reaches
// no log line, no stored record and no query response; the reason kept is
// the status and the error code.
func TestEchoedKeyIsNowhere(t *testing.T) {
	var logs bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(&logs, nil)))
	defer slog.SetDefault(prev)

	x, err := llm.New(llm.Config{APIKey: echoKey, BaseURL: KeyEchoServer(t), Model: "gpt-4o-mini", MaxAttempts: 2, InitialBackoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	store, err := local.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	text := "“The ferry runs all winter,” said Captain Rita Olsen."
	var seen []string

	// llm only: the article is FAILED with the reason.
	_, xerr := pipeline.New(store, store, x).Summarize(ctx, article.Article{Source: "local", ID: "llm", Text: text})
	if xerr == nil || !strings.Contains(xerr.Error(), "401") || !strings.Contains(xerr.Error(), "invalid_api_key") {
		t.Fatalf("err = %v, want the status and code", xerr)
	}
	seen = append(seen, xerr.Error())
	// auto: the offline fallback records why.
	fb := &extractor.Fallback{Primary: x, Backup: offline.New(offline.DefaultConfig())}
	res, err := pipeline.New(store, store, fb).Summarize(ctx, article.Article{Source: "local", ID: "auto", Text: text})
	if err != nil || !strings.Contains(res.Summary.Extractor.Fallback, "invalid_api_key") {
		t.Fatalf("fallback: %v %q", err, res.Summary.Extractor.Fallback)
	}
	q := query.New(store)
	for _, id := range []string{"llm", "auto"} {
		rec, err := store.GetRecord(ctx, article.LocalTenant, "local", id)
		if err != nil || rec == nil {
			t.Fatalf("record %s: %v", id, err)
		}
		seen = append(seen, rec.Error)
		if rec.Summary != nil {
			seen = append(seen, rec.Summary.Extractor.Fallback)
		}
		req := events.APIGatewayV2HTTPRequest{RawPath: "/articles/local/local/" + id}
		req.RequestContext.HTTP.Method = http.MethodGet
		resp, _ := q.Handle(ctx, req)
		seen = append(seen, resp.Body)
	}
	seen = append(seen, logs.String())
	for i, s := range seen {
		for _, part := range []string{echoKey, echoKey[8:24]} {
			if strings.Contains(s, part) {
				t.Errorf("output %d holds the key: %s", i, s)
			}
		}
	}
	if !strings.Contains(seen[len(seen)-2], "invalid_api_key") && !strings.Contains(seen[len(seen)-4], "invalid_api_key") {
		t.Errorf("the query responses do not say why: %q", seen)
	}
}

func TestReduce(t *testing.T) {
	for _, in := range []string{"token=abcd1234efgh", "Bearer sk-abcdefgh12345678", "api_key: hunter2hunter2", strings.Repeat("A1b2", 10)} {
		if got := llm.Reduce(llm.Permanent(errString(in))); strings.Contains(got, in) {
			t.Errorf("Reduce(%q) = %q", in, got)
		}
	}
	if got := llm.Reduce(llm.Permanent(errString("llm: the reply was stopped by the content filter"))); got != "llm: the reply was stopped by the content filter" {
		t.Errorf("plain reason changed: %q", got)
	}
}

type errString string

func (e errString) Error() string { return string(e) }
