package webhook

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Vectors from ../shared/reference/cms-webhooks.md §7 (official ones from
// the vendors' own tests where they exist).
func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i < len(kv); i += 2 {
		h[kv[i]] = []string{kv[i+1]} // as sent: any case
	}
	return h
}

func TestHubSignature(t *testing.T) {
	body := []byte(`{"post":{"current":{"id":"1"}}}`)
	good := "sha256=54d8bd7dab8b4411087ba1ccc935bc23ab97a2073d7064fc107a0235e571c2e9"
	if _, err := VerifyHubSignature(hdr("x-hub-signature-256", good), body, "gh-secret"); err != nil {
		t.Fatalf("vector: %v", err)
	}
	cases := map[string]struct {
		h      http.Header
		body   []byte
		secret string
		want   error
	}{
		"wrong secret":  {hdr("X-Hub-Signature-256", good), body, "other", ErrBadSignature},
		"tampered body": {hdr("X-Hub-Signature-256", good), append([]byte{}, strings.Replace(string(body), "1", "2", 1)...), "gh-secret", ErrBadSignature},
		"truncated":     {hdr("X-Hub-Signature-256", good[:30]), body, "gh-secret", ErrBadSignature},
		"no prefix":     {hdr("X-Hub-Signature-256", good[7:]), body, "gh-secret", ErrBadSignature},
		"missing":       {hdr(), body, "gh-secret", ErrNoSignature},
	}
	for name, c := range cases {
		if _, err := VerifyHubSignature(c.h, c.body, c.secret); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
}

func TestWPWebhooks(t *testing.T) {
	body := []byte(`{"post":{"current":{"id":"1"}}}`)
	good := "f14/XUdz6KAJqMdWevMxxGilddDCArF8GFbgYlpdARM="
	if _, err := VerifyWPWebhooks(hdr("X-WP-Webhook-Signature", good), body, "wp-secret"); err != nil {
		t.Fatalf("vector: %v", err)
	}
	if _, err := VerifyWPWebhooks(hdr("X-WP-Webhook-Signature", good), body, "nope"); !errors.Is(err, ErrBadSignature) {
		t.Errorf("wrong secret: %v", err)
	}
	if _, err := VerifyWPWebhooks(hdr(), body, "wp-secret"); !errors.Is(err, ErrNoSignature) {
		t.Errorf("missing: %v", err)
	}
}

func TestGhost(t *testing.T) {
	body := []byte(`{"post":{"current":{"id":"1"}}}`)
	good := "sha256=dc5ebdf86fc46045a3d900e32ec4f62dac5656a479a82d3c1fbd5b38ae56eb3f, t=1700000000000"
	now := time.UnixMilli(1700000000000)
	if _, err := VerifyGhost(hdr("X-Ghost-Signature", good), body, "ghost-secret", now, DefaultTolerance); err != nil {
		t.Fatalf("vector: %v", err)
	}
	cases := map[string]struct {
		h      http.Header
		now    time.Time
		secret string
		want   error
	}{
		"wrong secret":    {hdr("X-Ghost-Signature", good), now, "x", ErrBadSignature},
		"late":            {hdr("X-Ghost-Signature", good), now.Add(DefaultTolerance + time.Second), "ghost-secret", ErrStale},
		"early":           {hdr("X-Ghost-Signature", good), now.Add(-DefaultTolerance - time.Second), "ghost-secret", ErrStale},
		"no timestamp":    {hdr("X-Ghost-Signature", strings.Split(good, ",")[0]), now, "ghost-secret", ErrBadSignature},
		"other timestamp": {hdr("X-Ghost-Signature", strings.Replace(good, "t=1700000000000", "t=1700000000001", 1)), now, "ghost-secret", ErrBadSignature},
		"missing":         {hdr(), now, "ghost-secret", ErrNoSignature},
	}
	for name, c := range cases {
		if _, err := VerifyGhost(c.h, body, c.secret, c.now, DefaultTolerance); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
}

func TestContentful(t *testing.T) {
	body := []byte(`{"sys":{"id":"x"}}`)
	secret := strings.Repeat("a", 64)
	h := hdr("X-Contentful-Signed-Headers", "x-contentful-signed-headers,x-contentful-timestamp,x-contentful-topic",
		"X-Contentful-Timestamp", "1700000000000", "X-Contentful-Topic", "ContentManagement.Entry.publish",
		"X-Contentful-Signature", "9ed649ccd53a58578dca156954a947dafe2eafe44143482b4651a56cb2a8e1a8")
	now := time.UnixMilli(1700000001000)
	if _, err := VerifyContentful("POST", "/hooks/contentful/acme", h, body, secret, now, DefaultTolerance); err != nil {
		t.Fatalf("vector: %v", err)
	}
	if _, err := VerifyContentful("POST", "/hooks/contentful/other", h, body, secret, now, DefaultTolerance); !errors.Is(err, ErrBadSignature) {
		t.Errorf("other path: %v", err)
	}
	if _, err := VerifyContentful("POST", "/hooks/contentful/acme", h, []byte(`{"sys":{"id":"y"}}`), secret, now, DefaultTolerance); !errors.Is(err, ErrBadSignature) {
		t.Errorf("tampered: %v", err)
	}
	if _, err := VerifyContentful("POST", "/hooks/contentful/acme", h, body, secret, now.Add(10*time.Minute), DefaultTolerance); !errors.Is(err, ErrStale) {
		t.Errorf("stale: %v", err)
	}
	h2 := h.Clone()
	h2["X-Contentful-Topic"] = []string{"ContentManagement.Entry.delete"}
	if _, err := VerifyContentful("POST", "/hooks/contentful/acme", h2, body, secret, now, DefaultTolerance); !errors.Is(err, ErrBadSignature) {
		t.Errorf("changed signed header: %v", err)
	}
	if _, err := VerifyContentful("POST", "/hooks/contentful/acme", hdr(), body, secret, now, DefaultTolerance); !errors.Is(err, ErrNoSignature) {
		t.Errorf("missing: %v", err)
	}
}

func TestSanity(t *testing.T) {
	vectors := []struct{ secret, t, body, header string }{
		{"test", "1633519811129", `{"_id":"resume"}`, "t=1633519811129,v1=tLa470fx7qkLLEcMOcEUFuBbRSkGujyskxrNXcoh0N0"},
		{"try-me", "1633518820676", `{"title":"GROQ-Hooks are neat"}`, "t=1633518820676,v1=e7C9h2sfbFfc4V7TEz7PSOp4IoNzl0UdVsBV-1wgdeA"},
	}
	for _, v := range vectors {
		now := time.UnixMilli(mustInt(v.t))
		if _, err := VerifySanity(hdr("sanity-webhook-signature", v.header), []byte(v.body), v.secret, now, DefaultTolerance); err != nil {
			t.Fatalf("vector %s: %v", v.secret, err)
		}
		if _, err := VerifySanity(hdr("sanity-webhook-signature", v.header), []byte(v.body+" "), v.secret, now, DefaultTolerance); !errors.Is(err, ErrBadSignature) {
			t.Errorf("tampered: %v", err)
		}
		if _, err := VerifySanity(hdr("sanity-webhook-signature", v.header), []byte(v.body), v.secret, now.Add(time.Hour), DefaultTolerance); !errors.Is(err, ErrStale) {
			t.Errorf("stale: %v", err)
		}
		if _, err := VerifySanity(hdr("sanity-webhook-signature", v.header[:20]), []byte(v.body), v.secret, now, DefaultTolerance); !errors.Is(err, ErrBadSignature) {
			t.Errorf("truncated: %v", err)
		}
	}
}

func TestBearer(t *testing.T) {
	if _, err := VerifyBearer(hdr("authorization", "Bearer s3cret-token"), nil, "s3cret-token"); err != nil {
		t.Fatal(err)
	}
	for _, h := range []http.Header{hdr("Authorization", "Bearer nope"), hdr("Authorization", "s3cret-token"), hdr()} {
		if _, err := VerifyBearer(h, nil, "s3cret-token"); err == nil {
			t.Errorf("%v accepted", h)
		}
	}
}

func mustInt(s string) int64 {
	var n int64
	for _, c := range s {
		n = n*10 + int64(c-'0')
	}
	return n
}
