package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// DefaultTolerance is the replay window used for senders whose signature
// carries a timestamp but that set no window of their own.
const DefaultTolerance = 5 * time.Minute

func hmacSHA256(key []byte, parts ...[]byte) []byte {
	m := hmac.New(sha256.New, key)
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(nil)
}

func within(now, t time.Time, tolerance time.Duration) error {
	if d := now.Sub(t); d > tolerance || d < -tolerance {
		return ErrStale
	}
	return nil
}

// VerifyHubSignature checks a GitHub-style X-Hub-Signature-256 header,
// "sha256=" and the hex HMAC-SHA256 of the body. It carries no timestamp:
// deliveries are told apart by X-GitHub-Delivery (or a body hash).
func VerifyHubSignature(h http.Header, body []byte, secret string) (string, error) {
	sig := Header(h, "X-Hub-Signature-256")
	if sig == "" {
		return "", fmt.Errorf("%w: X-Hub-Signature-256", ErrNoSignature)
	}
	hexSig, ok := strings.CutPrefix(sig, "sha256=")
	got, err := hex.DecodeString(hexSig)
	if !ok || err != nil {
		return "", ErrBadSignature
	}
	if !hmac.Equal(got, hmacSHA256([]byte(secret), body)) {
		return "", ErrBadSignature
	}
	id := Header(h, "X-GitHub-Delivery")
	if id == "" {
		id = bodyID(body)
	}
	return id, nil
}

// bodyID names a delivery by its body when the sender gives no id.
func bodyID(body []byte) string {
	sum := sha256.Sum256(body)
	return "sha256-" + hex.EncodeToString(sum[:12])
}

// VerifyWPWebhooks checks the WP Webhooks plugin's X-WP-Webhook-Signature:
// the base64 HMAC-SHA256 of the body. It carries no timestamp.
func VerifyWPWebhooks(h http.Header, body []byte, secret string) (string, error) {
	sig := Header(h, "X-WP-Webhook-Signature")
	if sig == "" {
		return "", fmt.Errorf("%w: X-WP-Webhook-Signature", ErrNoSignature)
	}
	got, err := base64.StdEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, hmacSHA256([]byte(secret), body)) {
		return "", ErrBadSignature
	}
	return bodyID(body), nil
}

// VerifyGhost checks X-Ghost-Signature: "sha256=<hex>, t=<ms>", the
// HMAC-SHA256 of the body followed by the timestamp's digits.
func VerifyGhost(h http.Header, body []byte, secret string, now time.Time, tolerance time.Duration) (string, error) {
	header := Header(h, "X-Ghost-Signature")
	if header == "" {
		return "", fmt.Errorf("%w: X-Ghost-Signature", ErrNoSignature)
	}
	var sig, ts string
	for _, part := range strings.Split(header, ",") {
		part = strings.TrimSpace(part)
		if v, ok := strings.CutPrefix(part, "sha256="); ok {
			sig = v
		} else if v, ok := strings.CutPrefix(part, "t="); ok {
			ts = v
		}
	}
	ms, err := strconv.ParseInt(ts, 10, 64)
	got, herr := hex.DecodeString(sig)
	if sig == "" || ts == "" || err != nil || herr != nil {
		return "", fmt.Errorf("%w: X-Ghost-Signature is incomplete", ErrBadSignature)
	}
	if err := within(now, time.UnixMilli(ms), tolerance); err != nil {
		return "", err
	}
	if !hmac.Equal(got, hmacSHA256([]byte(secret), body, []byte(ts))) {
		return "", ErrBadSignature
	}
	return bodyID(append(body, ts...)), nil
}

// VerifyContentful checks Contentful's request verification: the hex
// HMAC-SHA256 of METHOD, the registered path, the signed headers and the
// body. registeredPath is the path configured in Contentful, which the
// canonical request uses whatever path the request arrived on.
func VerifyContentful(method, registeredPath string, h http.Header, body []byte, secret string, now time.Time, ttl time.Duration) (string, error) {
	sig, signed, ts := Header(h, "X-Contentful-Signature"), Header(h, "X-Contentful-Signed-Headers"), Header(h, "X-Contentful-Timestamp")
	if sig == "" || signed == "" || ts == "" {
		return "", fmt.Errorf("%w: x-contentful-signature, -signed-headers and -timestamp are required", ErrNoSignature)
	}
	ms, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "", fmt.Errorf("%w: bad x-contentful-timestamp", ErrBadSignature)
	}
	if d := now.Sub(time.UnixMilli(ms)); d >= ttl || d < -ttl {
		return "", ErrStale
	}
	var names []string
	for _, n := range strings.Split(signed, ",") {
		if n = strings.ToLower(strings.TrimSpace(n)); n != "" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, n := range names {
		v := strings.TrimSpace(Header(h, n))
		if n == "x-contentful-signed-headers" {
			v = strings.Join(names, ",")
		}
		parts[i] = n + ":" + v
	}
	canonical := method + "\n" + registeredPath + "\n" + strings.Join(parts, ";") + "\n" + string(body)
	got, err := hex.DecodeString(sig)
	if err != nil || !hmac.Equal(got, hmacSHA256([]byte(secret), []byte(canonical))) {
		return "", ErrBadSignature
	}
	id := Header(h, "X-Contentful-Idempotency-Key")
	if id == "" {
		id = bodyID(body)
	}
	return id, nil
}

var sanityHeader = regexp.MustCompile(`^t=(\d+)[, ]+v1=([^, ]+)$`)

// VerifySanity checks sanity-webhook-signature: "t=<ms>,v1=<base64url>",
// the HMAC-SHA256 of "t.body".
func VerifySanity(h http.Header, body []byte, secret string, now time.Time, tolerance time.Duration) (string, error) {
	header := strings.TrimSpace(Header(h, "sanity-webhook-signature"))
	if header == "" {
		return "", fmt.Errorf("%w: sanity-webhook-signature", ErrNoSignature)
	}
	m := sanityHeader.FindStringSubmatch(header)
	if m == nil {
		return "", fmt.Errorf("%w: malformed sanity-webhook-signature", ErrBadSignature)
	}
	ms, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil || ms < 1609459200000 {
		return "", fmt.Errorf("%w: bad timestamp", ErrBadSignature)
	}
	if err := within(now, time.UnixMilli(ms), tolerance); err != nil {
		return "", err
	}
	got, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(m[2], "="))
	if err != nil || !hmac.Equal(got, hmacSHA256([]byte(secret), []byte(m[1]), []byte{'.'}, body)) {
		return "", ErrBadSignature
	}
	id := Header(h, "idempotency-key")
	if id == "" {
		id = bodyID(body)
	}
	return id, nil
}

// VerifyBearer checks "Authorization: Bearer <token>" in constant time
// (Strapi, Directus: senders that cannot sign).
func VerifyBearer(h http.Header, body []byte, token string) (string, error) {
	got, ok := strings.CutPrefix(Header(h, "Authorization"), "Bearer ")
	if !ok || got == "" {
		return "", fmt.Errorf("%w: Authorization: Bearer", ErrNoSignature)
	}
	a, b := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(token))
	if subtle.ConstantTimeCompare(a[:], b[:]) != 1 {
		return "", ErrBadSignature
	}
	return bodyID(body), nil
}
