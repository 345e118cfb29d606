// Package cms holds one adapter per content management system: how its
// webhook deliveries are signed and checked, and where the article lives in
// its payload. The ingest function picks the adapter by the {cms} segment of
// the URL, never by sniffing headers.
package cms

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/whosaid/whosaid/internal/webhook"
)

// Request is a webhook delivery as received.
type Request struct {
	// Method is the HTTP method.
	Method string
	// Tenant is the {tenant} path segment.
	Tenant string
	// Event is the optional {event} path segment (Ghost: one URL per event).
	Event string
	// Header holds the request headers.
	Header http.Header
	// Body is the raw body, as signed.
	Body []byte
}

// Adapter verifies and reads one CMS's deliveries.
type Adapter interface {
	// Verify checks the delivery's signature and replay window with the
	// tenant's secret and returns a delivery id.
	Verify(r Request, secret string, now time.Time) (string, error)
	// Parse maps the payload to an article delivery.
	Parse(r Request) (webhook.Delivery, error)
}

var adapters = map[string]Adapter{
	"generic":    standard{webhook.ParseGeneric},
	"github":     github{},
	"ghost":      ghost{},
	"wordpress":  wordpress{},
	"contentful": contentful{},
	"sanity":     sanity{},
	"strapi":     strapi{},
	"arcxp":      standard{parseArc},
}

// Lookup returns the adapter of a CMS.
func Lookup(name string) (Adapter, bool) {
	a, ok := adapters[name]
	return a, ok
}

// Names lists the supported CMSs.
func Names() []string {
	var out []string
	for n := range adapters {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// standard is whosaid's own scheme: Standard Webhooks signatures with a
// payload parser (our generic format, or Arc XP events forwarded by IFX).
type standard struct {
	parse func([]byte) (webhook.Delivery, error)
}

func (s standard) Verify(r Request, secret string, now time.Time) (string, error) {
	return webhook.VerifyStandard(r.Header, r.Body, secret, now, webhook.StandardTolerance)
}

func (s standard) Parse(r Request) (webhook.Delivery, error) { return s.parse(r.Body) }

// github accepts our generic format signed GitHub-style
// (X-Hub-Signature-256), for senders that can only sign the body.
type github struct{}

func (github) Verify(r Request, secret string, _ time.Time) (string, error) {
	return webhook.VerifyHubSignature(r.Header, r.Body, secret)
}

func (github) Parse(r Request) (webhook.Delivery, error) { return webhook.ParseGeneric(r.Body) }

// malformed wraps a payload error.
func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", webhook.ErrMalformed, fmt.Sprintf(format, args...))
}

// decode reads a JSON object payload.
func decode(body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return malformed("%v", err)
	}
	return nil
}

// parseTime reads the time formats CMSs send; zero when empty or unknown.
func parseTime(s string) *time.Time {
	s = strings.TrimSpace(s)
	if s == "" || s == "0000-00-00 00:00:00" {
		return nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			t = t.UTC()
			return &t
		}
	}
	return nil
}

// rawJSON keeps a JSON value as its text.
func rawJSON(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}
