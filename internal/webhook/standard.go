// Package webhook verifies and parses CMS webhook deliveries: the signature
// schemes, the replay windows and the payload formats that carry articles.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Verification errors. Each means the delivery is rejected with 401.
var (
	// ErrNoSignature means a signature header is missing or empty.
	ErrNoSignature = errors.New("missing signature")
	// ErrBadSignature means no signature matched the body.
	ErrBadSignature = errors.New("signature does not match")
	// ErrStale means the delivery's timestamp is outside the replay window.
	ErrStale = errors.New("timestamp outside the replay window")
	// ErrBadSecret means the configured secret is unusable.
	ErrBadSecret = errors.New("webhook secret is malformed")
)

// StandardTolerance is the replay window of Standard Webhooks.
const StandardTolerance = 5 * time.Minute

// standardKey decodes a Standard Webhooks secret ("whsec_" + base64).
func standardKey(secret string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil || len(key) == 0 {
		return nil, ErrBadSecret
	}
	return key, nil
}

// VerifyStandard checks a Standard Webhooks delivery (webhook-id,
// webhook-timestamp, webhook-signature) against the raw body and returns the
// delivery id. Any "v1,<base64>" entry of the signature list may match, so
// keys can rotate.
func VerifyStandard(h http.Header, body []byte, secret string, now time.Time, tolerance time.Duration) (string, error) {
	key, err := standardKey(secret)
	if err != nil {
		return "", err
	}
	id, ts, sigs := Header(h, "webhook-id"), Header(h, "webhook-timestamp"), Header(h, "webhook-signature")
	if id == "" || ts == "" || sigs == "" {
		return "", fmt.Errorf("%w: webhook-id, webhook-timestamp and webhook-signature are required", ErrNoSignature)
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "", fmt.Errorf("%w: bad webhook-timestamp", ErrBadSignature)
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return "", ErrStale
	}
	expected := standardMAC(key, id, ts, body)
	for _, entry := range strings.Fields(sigs) {
		version, sig, ok := strings.Cut(entry, ",")
		if !ok || version != "v1" {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(sig)
		if err != nil {
			continue
		}
		if hmac.Equal(got, expected) {
			return id, nil
		}
	}
	return "", ErrBadSignature
}

// Header returns the first value of the named header, whatever the case of
// the stored key: API Gateway's HTTP API lower-cases names, REST APIs and
// tests keep the sender's case.
func Header(h http.Header, name string) string {
	if v := h.Get(name); v != "" {
		return v
	}
	for k, v := range h {
		if len(v) > 0 && strings.EqualFold(k, name) {
			return v[0]
		}
	}
	return ""
}

func standardMAC(key []byte, id, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id))
	m.Write([]byte{'.'})
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// SignStandard returns the Standard Webhooks headers for a delivery: what a
// sender (or a test, or "whosaid sign-event") puts on the request.
func SignStandard(secret, id string, ts time.Time, body []byte) (map[string]string, error) {
	key, err := standardKey(secret)
	if err != nil {
		return nil, err
	}
	t := strconv.FormatInt(ts.Unix(), 10)
	return map[string]string{
		"webhook-id":        id,
		"webhook-timestamp": t,
		"webhook-signature": "v1," + base64.StdEncoding.EncodeToString(standardMAC(key, id, t, body)),
	}, nil
}
