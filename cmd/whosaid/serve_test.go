package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/cms"
	"github.com/whosaid/whosaid/internal/offline"
	"github.com/whosaid/whosaid/internal/query"
	"github.com/whosaid/whosaid/internal/secrets"
	"github.com/whosaid/whosaid/internal/store/local"
	"github.com/whosaid/whosaid/internal/summarize"
)

// TestServe runs the local server and sends it what a CMS would: signed
// deliveries from two CMSs, a bad signature, an unknown CMS; then reads the
// summaries and the speaker's quotes back once summarized in the background.
func TestServe(t *testing.T) {
	var logs syncBuffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo})))
	t.Cleanup(func() { slog.SetDefault(prev) })
	store, err := local.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	const secret = "whsec_c2VydmUtdGVzdC1zZWNyZXQtMDEyMzQ1Njc4OQ=="
	tenants := secrets.Tenants{"generic": {"desk": secret}, "ghost": {"desk": secret}}
	srv := newServer(store, tenants, summarize.New(store, store, offline.New(offline.DefaultConfig()), 3), 1<<20)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.run(ctx, l) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("shutdown: %v", err)
		}
	}()
	base := "http://" + l.Addr().String()

	post := func(name, path string, body string, headers map[string]string, sign bool) (int, string) {
		t.Helper()
		r := cms.Request{Method: "POST", Tenant: "desk", Header: http.Header{}, Body: []byte(body)}
		for k, v := range headers {
			r.Header.Set(k, v)
		}
		if sign {
			if err := cms.Sign(name, &r, secret, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		req, _ := http.NewRequest("POST", base+path, bytes.NewReader(r.Body))
		req.Header = r.Header
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	generic := `{"type":"article.published","data":{"id":"pier","title":"Pier","body":{"format":"html","value":"<p>Harbour Master Ines Varga inspected the pier.</p><p>“The storm took half the railings,” she said.</p>"}}}`
	if code, body := post("generic", "/hooks/generic/desk", generic, nil, true); code != 202 || !strings.Contains(body, `"accepted"`) {
		t.Fatalf("generic: %d %s", code, body)
	}
	ghostBody := `{"post":{"current":{"id":"g1","title":"Ferry","status":"published","html":"<p>“The ferry runs all winter,” said Captain Rita Olsen.</p>","updated_at":"2026-11-20T10:05:00.000Z"}}}`
	if code, body := post("ghost", "/hooks/ghost/desk/post.published", ghostBody, nil, true); code != 202 {
		t.Fatalf("ghost: %d %s", code, body)
	}
	if code, _ := post("generic", "/hooks/generic/desk", generic, map[string]string{"webhook-id": "x", "webhook-timestamp": "1", "webhook-signature": "v1,AAAA"}, false); code != 401 {
		t.Errorf("bad signature: %d", code)
	}
	if code, _ := post("generic", "/hooks/joomla/desk", generic, nil, true); code != 404 {
		t.Errorf("unknown CMS: %d", code)
	}

	get := func(path string) (int, []byte) {
		code, _, b := getAccept(t, base+path, "")
		return code, b
	}
	var s article.Summary
	// a guard against a hang, not a speed requirement
	deadline := time.Now().Add(2 * time.Minute)
	for {
		code, b := get("/articles/desk/generic/pier")
		if code == 200 {
			if err := json.Unmarshal(b, &s); err != nil {
				t.Fatal(err)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no summary after 2 minutes: %d %s", code, b)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(s.Quotes) != 1 || s.Speakers[0].Name != "Ines Varga" || s.Article.Title != "Pier" {
		t.Fatalf("summary = %+v", s)
	}
	for time.Now().Before(deadline) {
		if code, _ := get("/articles/desk/ghost/g1"); code == 200 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	code, b := get("/speakers/desk/Rita%20Olsen/quotes?limit=5")
	var page query.SpeakerPage
	if code != 200 || json.Unmarshal(b, &page) != nil || len(page.Quotes) != 1 || page.Quotes[0].ID != "g1" {
		t.Fatalf("speaker quotes: %d %s", code, b)
	}

	// A browser gets the review page, an API client JSON.
	code, ctype, b := getAccept(t, base+"/articles/desk/generic/pier", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	if code != 200 || !strings.HasPrefix(ctype, "text/html") || strings.Count(string(b), `<mark class="q `) != len(s.Quotes) || !strings.Contains(string(b), "Ines Varga") {
		t.Errorf("browser: %d %s\n%.400s", code, ctype, b)
	}
	for _, accept := range []string{"", "*/*", "application/json", "application/json, text/html;q=0.5"} {
		if code, ctype, b := getAccept(t, base+"/articles/desk/generic/pier", accept); code != 200 || ctype != "application/json" || json.Unmarshal(b, &s) != nil {
			t.Errorf("Accept %q: %d %s", accept, code, ctype)
		}
	}
	if code, ctype, b := getAccept(t, base+"/articles/desk/generic/nothing", "text/html"); code != 404 || !strings.HasPrefix(ctype, "text/html") || !strings.Contains(string(b), "no such article") {
		t.Errorf("browser, unknown article: %d %s %s", code, ctype, b)
	}

	// one log line per delivery, with the answer, CMS, tenant, article and
	// revision; one per summary, written just after the summary is stored
	// (so it may come a moment after the article is served)
	for strings.Count(logs.String(), `"msg":"summarized"`) < 2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	deliveries, summaries := 0, 0
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var l map[string]any
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		switch l["msg"] {
		case "delivery":
			deliveries++
			if l["answer"] == float64(202) && (l["cms"] == nil || l["tenant"] != "desk" || l["article"] == "" || l["revision"] == "") {
				t.Errorf("delivery line lacks fields: %s", line)
			}
		case "summarized":
			summaries++
		}
		if strings.Contains(line, "railings") {
			t.Errorf("article text in the logs: %s", line)
		}
	}
	if deliveries != 4 || summaries != 2 {
		t.Errorf("%d delivery and %d summary lines, want 4 and 2:\n%s", deliveries, summaries, logs.String())
	}
}

// getAccept GETs url with an Accept header and returns the status, the
// content type and the body.
func getAccept(t *testing.T, url, accept string) (int, string, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), b
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeRefusesBadSecrets: serve checks every configured secret at start
// and refuses to start, naming each problem and never a secret.
func TestServeRefusesBadSecrets(t *testing.T) {
	good := "whsec_" + base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	file := writeFile(t, "secrets.json", `{"generic":{"desk":"whsec_…","ok":"`+good+`"},"ghots":{"desk":"a-secret"},"contentful":{"desk":"abcde"},"ghost":{"desk":"fine-secret"}}`)
	code, out, stderr := runCLI(t, "", "serve", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir(), "--secrets", file)
	if code != 2 || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	for _, want := range []string{"refusing to start", `generic tenant "desk"`, `unknown CMS "ghots"`, `contentful tenant "desk": a Contentful secret is exactly 64 characters`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "abcde") || strings.Contains(stderr, good) || strings.Contains(stderr, "fine-secret") {
		t.Errorf("a secret is printed:\n%s", stderr)
	}
	t.Setenv("WHOSAID_WEBHOOK_SECRETS", `{"generic":{"desk":"not-whsec"}}`)
	if code, _, stderr := runCLI(t, "", "serve", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir()); code != 2 || !strings.Contains(stderr, "WHOSAID_WEBHOOK_SECRETS") || !strings.Contains(stderr, `starts with "whsec_"`) {
		t.Errorf("from the environment: exit %d %q", code, stderr)
	}
}

func TestCheckSecret(t *testing.T) {
	key := func(n int) string { return "whsec_" + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, n)) }
	for _, c := range []struct {
		cms, secret string
		ok          bool
	}{
		{"generic", key(24), true}, {"arcxp", key(64), true}, {"generic", key(16), false}, {"generic", key(65), false},
		{"generic", "whsec_…", false}, {"generic", "plain-secret", false}, {"generic", "whsec_!!!", false},
		{"contentful", strings.Repeat("aZ09-_", 10) + "abcd", true}, {"contentful", "short", false}, {"contentful", strings.Repeat("a", 65), false},
		{"ghost", "ghost-secret", true}, {"ghost", "", false}, {"ghost", "has space", false}, {"sanity", "s3cr3t", true},
		{"strapi", "token-123", true}, {"wordpress", "wp-secret", true}, {"github", "gh-secret", true}, {"joomla", "x", false},
	} {
		if err := checkSecret(c.cms, c.secret); (err == nil) != c.ok {
			t.Errorf("checkSecret(%s, %q) = %v, want ok=%v", c.cms, c.secret, err, c.ok)
		}
	}
}
