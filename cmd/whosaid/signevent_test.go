package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/whosaid/whosaid/internal/cms"
)

// eventsSecret is the test secret the committed events are signed with
// (events/README.md).
const eventsSecret = "whsec_d2hvc2FpZC10ZXN0LXNlY3JldC1ub3QtZm9yLXByb2R1Y3Rpb24="

func signEvent(t *testing.T, args ...string) (int, events.APIGatewayV2HTTPRequest, string) {
	t.Helper()
	code, out, stderr := runCLI(t, "", append([]string{"sign-event"}, args...)...)
	var ev events.APIGatewayV2HTTPRequest
	if code == 0 {
		if err := json.Unmarshal([]byte(out), &ev); err != nil {
			t.Fatalf("output is no event: %v\n%s", err, out)
		}
	}
	return code, ev, stderr
}

func TestSignEventVerifies(t *testing.T) {
	for _, name := range []string{"generic", "arcxp"} {
		code, ev, stderr := signEvent(t, "--secret", eventsSecret, "../../events/ingest-"+name+".json")
		if code != 0 {
			t.Fatalf("%s: exit %d %s", name, code, stderr)
		}
		a, _ := cms.Lookup(name)
		r := cms.Request{Method: "POST", Tenant: ev.PathParameters["tenant"], Header: http.Header{}, Body: []byte(ev.Body)}
		for k, v := range ev.Headers {
			r.Header.Set(k, v)
		}
		if _, err := a.Verify(r, eventsSecret, time.Now()); err != nil {
			t.Errorf("%s: the signed event does not verify: %v", name, err)
		}
	}
}

// TestSignEventReplacesOtherSchemes: signing the generic event as Sanity
// leaves no Standard Webhooks headers behind.
func TestSignEventReplacesOtherSchemes(t *testing.T) {
	code, ev, stderr := signEvent(t, "../../events/ingest-generic.json", "--cms", "sanity", "--secret", "sanity-secret")
	if code != 0 {
		t.Fatalf("exit %d %s", code, stderr)
	}
	if ev.Headers["sanity-webhook-signature"] == "" {
		t.Errorf("no Sanity signature: %v", ev.Headers)
	}
	for k := range ev.Headers {
		if strings.HasPrefix(k, "webhook-") {
			t.Errorf("old Standard Webhooks header %s left", k)
		}
	}
	if ev.Headers["content-type"] == "" {
		t.Errorf("non-signature headers lost: %v", ev.Headers)
	}
}

func TestSignEventRefuses(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"generic with a plain secret", []string{"--secret", "plain-secret", "../../events/ingest-generic.json"}, `cannot sign as generic: a Standard Webhooks secret starts with "whsec_"`},
		{"placeholder", []string{"--secret", "whsec_…", "../../events/ingest-generic.json"}, "placeholder"},
		{"short Contentful secret", []string{"--secret", "abcde", "../../events/ingest-contentful.json"}, "exactly 64 characters"},
		{"query event", []string{"--secret", eventsSecret, "../../events/query-article.json"}, "GET /articles/acme/generic/port-alder-pier event, not a webhook delivery"},
		{"S3 event", []string{"--secret", eventsSecret, "../../events/summarize-s3.json"}, "sign-event signs webhook deliveries only"},
		{"unknown CMS", []string{"--secret", "x-secret", "--cms", "joomla", "../../events/ingest-generic.json"}, `unknown CMS "joomla"`},
		{"no secret", []string{"../../events/ingest-generic.json"}, "--secret"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("WHOSAID_WEBHOOK_SECRET", "")
			code, _, stderr := signEvent(t, c.args...)
			if code != 2 || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %q, want 2 and %q", code, stderr, c.want)
			}
		})
	}
}
