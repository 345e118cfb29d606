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

// labelKeys are the fields that name a section or tag object: Ghost and
// Strapi use name, Sanity title, Arc XP tags text.
var labelKeys = []string{"name", "title", "label", "text"}

// labels reads section or tag names from a payload value: a string, an
// object naming one (see labelKeys), a list of either, or an object of
// them keyed by slug (the WP Webhooks taxonomies), in slug order. Empty
// names and repeats are left out.
func labels(v any) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	one := func(x any) {
		switch x := x.(type) {
		case string:
			add(x)
		case map[string]any:
			for _, k := range labelKeys {
				if s, _ := x[k].(string); strings.TrimSpace(s) != "" {
					add(s)
					return
				}
			}
		}
	}
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			one(x)
		}
	case map[string]any:
		named := false
		for _, k := range labelKeys {
			if _, ok := v[k].(string); ok {
				named = true
			}
		}
		if named {
			one(v)
			break
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			one(v[k])
		}
	default:
		one(v)
	}
	return out
}

// label returns the first of labels(v), or "".
func label(v any) string {
	if l := labels(v); len(l) > 0 {
		return l[0]
	}
	return ""
}
