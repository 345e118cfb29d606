package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
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
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	var s article.Summary
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, b := get("/articles/desk/generic/pier")
		if code == 200 {
			if err := json.Unmarshal(b, &s); err != nil {
				t.Fatal(err)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no summary after 10 s: %d %s", code, b)
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
}
