package cms

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/whosaid/whosaid/internal/webhook"
)

// Sign sets the headers with which the named CMS signs r at time at: what
// `whosaid sign-event` and the tests use to make deliveries. For WordPress
// it signs as the WP Webhooks plugin; Contentful signs the conventional
// path /hooks/contentful/{tenant} with the topic header already on r.
func Sign(name string, r *Request, secret string, at time.Time) error {
	if r.Header == nil {
		r.Header = http.Header{}
	}
	mac := func(parts ...string) []byte {
		m := hmac.New(sha256.New, []byte(secret))
		for _, p := range parts {
			m.Write([]byte(p))
		}
		return m.Sum(nil)
	}
	switch name {
	case "generic", "arcxp":
		id := webhook.Header(r.Header, "webhook-id")
		if id == "" {
			id = fmt.Sprintf("msg_%d", at.UnixNano())
		}
		h, err := webhook.SignStandard(secret, id, at, r.Body)
		if err != nil {
			return err
		}
		for k, v := range h {
			r.Header.Set(k, v)
		}
	case "github":
		r.Header.Set("X-Hub-Signature-256", "sha256="+hex.EncodeToString(mac(string(r.Body))))
	case "wordpress":
		r.Header.Set("X-WP-Webhook-Signature", base64.StdEncoding.EncodeToString(mac(string(r.Body))))
	case "ghost":
		t := strconv.FormatInt(at.UnixMilli(), 10)
		r.Header.Set("X-Ghost-Signature", "sha256="+hex.EncodeToString(mac(string(r.Body), t))+", t="+t)
	case "sanity":
		t := strconv.FormatInt(at.UnixMilli(), 10)
		r.Header.Set("sanity-webhook-signature", "t="+t+",v1="+base64.RawURLEncoding.EncodeToString(mac(t+"."+string(r.Body))))
	case "strapi":
		r.Header.Set("Authorization", "Bearer "+secret)
	case "contentful":
		r.Header.Set("X-Contentful-Timestamp", strconv.FormatInt(at.UnixMilli(), 10))
		names := []string{"x-contentful-signed-headers", "x-contentful-timestamp", "x-contentful-topic"}
		sort.Strings(names)
		r.Header.Set("X-Contentful-Signed-Headers", strings.Join(names, ","))
		parts := make([]string, len(names))
		for i, n := range names {
			v := strings.TrimSpace(r.Header.Get(n))
			if n == "x-contentful-signed-headers" {
				v = strings.Join(names, ",")
			}
			parts[i] = n + ":" + v
		}
		method := r.Method
		if method == "" {
			method = http.MethodPost
		}
		canonical := method + "\n/hooks/contentful/" + r.Tenant + "\n" + strings.Join(parts, ";") + "\n" + string(r.Body)
		r.Header.Set("X-Contentful-Signature", hex.EncodeToString(mac(canonical)))
	default:
		return fmt.Errorf("unknown CMS %q", name)
	}
	return nil
}
