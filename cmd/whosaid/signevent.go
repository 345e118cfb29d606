package main

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/whosaid/whosaid/internal/cms"
)

// signatureHeaders are the headers every supported scheme signs with; all
// are dropped before an event is signed, so a re-signed event carries only
// the headers of the scheme that signed it.
var signatureHeaders = []string{
	"webhook-id", "webhook-timestamp", "webhook-signature",
	"x-hub-signature-256", "x-wp-webhook-signature", "x-ghost-signature", "sanity-webhook-signature",
	"authorization", "x-contentful-timestamp", "x-contentful-signed-headers", "x-contentful-signature",
}

// cmdSignEvent re-signs an HTTP API webhook event (events/ingest-*.json) at
// the current time the way its CMS signs, so it passes the replay window
// when given to `sam local invoke -e` or aws-lambda-rie.
func cmdSignEvent(args []string, stdout, stderr io.Writer) error {
	c := newCommand("sign-event", `Usage: whosaid sign-event [flags] EVENT.json > signed.json

Signs a webhook delivery, an API Gateway HTTP API event for
POST /hooks/{cms}/{tenant} such as events/ingest-*.json, at the current
time, the way its CMS signs: the {cms} path parameter, or --cms. The
signature headers of every other scheme are removed. Query, S3/SQS and
schedule events carry no signature and are refused.
`)
	fs := c.fs
	secret := fs.String("secret", os.Getenv("WHOSAID_WEBHOOK_SECRET"), "the tenant's webhook `secret`, in the form its CMS uses (default $WHOSAID_WEBHOOK_SECRET)")
	id := fs.String("id", "", "Standard Webhooks delivery `id` (default: keep the event's webhook-id, else a new one)")
	name := fs.String("cms", "", "sign as this `CMS` (default: the event's {cms} path parameter): "+strings.Join(cms.Names(), ", "))
	files, err := c.parse(args, stdout)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("want exactly one EVENT.json, got %d", len(files))
	}
	if *secret == "" {
		return usagef("--secret (or $WHOSAID_WEBHOOK_SECRET) is required")
	}
	raw, err := os.ReadFile(files[0])
	if err != nil {
		return usageError{err}
	}
	var ev events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(raw, &ev); err != nil {
		return usagef("%s is not an HTTP API event: %v", files[0], err)
	}
	method, path := ev.RequestContext.HTTP.Method, ev.RawPath
	if path == "" && method == "" {
		return usagef("%s is no HTTP API event (no rawPath, no requestContext.http): sign-event signs webhook deliveries only, such as events/ingest-*.json", files[0])
	}
	if method != "" && method != http.MethodPost || !strings.HasPrefix(path, "/hooks/") && ev.PathParameters["cms"] == "" {
		return usagef("%s is a %s %s event, not a webhook delivery: sign-event signs POST /hooks/{cms}/{tenant} events only (events/ingest-*.json); query events need no signature", files[0], method, path)
	}
	if *name == "" {
		*name = ev.PathParameters["cms"]
	}
	if *name == "" {
		*name = pathSegment(path, 1)
	}
	tenant := ev.PathParameters["tenant"]
	if tenant == "" {
		tenant = pathSegment(path, 2)
	}
	if err := checkSecret(*name, *secret); err != nil {
		return usagef("cannot sign as %s: %w", *name, err)
	}
	body := []byte(ev.Body)
	if ev.IsBase64Encoded {
		if body, err = base64.StdEncoding.DecodeString(ev.Body); err != nil {
			return usagef("event body is not valid base64")
		}
	}
	r := cms.Request{Method: http.MethodPost, Tenant: tenant, Header: http.Header{}, Body: body}
	keepID := ""
	for k, v := range ev.Headers {
		if strings.EqualFold(k, "webhook-id") {
			keepID = v
		}
	}
	headers := map[string]string{}
	for k, v := range ev.Headers {
		if isSignatureHeader(k) {
			continue
		}
		headers[k] = v
		r.Header.Set(k, v)
	}
	standard := *name == "generic" || *name == "arcxp"
	if *id != "" {
		keepID = *id
	}
	if standard && keepID != "" {
		r.Header.Set("webhook-id", keepID)
	}
	if err := cms.Sign(*name, &r, *secret, time.Now()); err != nil {
		return usageError{err}
	}
	for k := range r.Header {
		if isSignatureHeader(k) {
			headers[strings.ToLower(k)] = r.Header.Get(k)
		}
	}
	ev.Headers = headers
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(ev)
}

func isSignatureHeader(k string) bool {
	for _, h := range signatureHeaders {
		if strings.EqualFold(k, h) {
			return true
		}
	}
	return false
}

// pathSegment returns the i-th segment of a path ("/hooks/ghost/desk": 1 is
// "ghost"), or "".
func pathSegment(path string, i int) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if i < len(parts) {
		return parts[i]
	}
	return ""
}
