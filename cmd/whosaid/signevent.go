package main

import (
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/whosaid/whosaid/internal/cms"
)

// cmdSignEvent re-signs an HTTP API webhook event (events/*.json) with
// Standard Webhooks headers at the current time, so it passes the replay
// window when given to `sam local invoke -e` or aws-lambda-rie.
func cmdSignEvent(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sign-event", flag.ContinueOnError)
	fs.SetOutput(stderr)
	secret := fs.String("secret", os.Getenv("WHOSAID_WEBHOOK_SECRET"), "the tenant's webhook `secret` (default $WHOSAID_WEBHOOK_SECRET)")
	id := fs.String("id", "", "Standard Webhooks delivery `id` (default: keep the event's webhook-id, else a new one)")
	name := fs.String("cms", "", "sign as this `CMS` (default: the event's {cms} path segment): "+strings.Join(cms.Names(), ", "))
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: whosaid sign-event --secret SECRET EVENT.json > signed.json\n\nSigns an API Gateway HTTP API webhook event at the current time, the way its CMS does.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usagef("want exactly one EVENT.json")
	}
	if *secret == "" {
		return usagef("--secret is required")
	}
	raw, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return usageError{err}
	}
	var ev events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(raw, &ev); err != nil {
		return usagef("%s is not an HTTP API event: %v", fs.Arg(0), err)
	}
	body := []byte(ev.Body)
	if ev.IsBase64Encoded {
		if body, err = base64.StdEncoding.DecodeString(ev.Body); err != nil {
			return usagef("event body is not valid base64")
		}
	}
	if ev.Headers == nil {
		ev.Headers = map[string]string{}
	}
	if *name == "" {
		*name = ev.PathParameters["cms"]
	}
	r := cms.Request{Method: http.MethodPost, Tenant: ev.PathParameters["tenant"], Header: http.Header{}, Body: body}
	for k, v := range ev.Headers {
		r.Header.Set(k, v)
	}
	if *id != "" {
		r.Header.Set("webhook-id", *id)
	}
	if err := cms.Sign(*name, &r, *secret, time.Now()); err != nil {
		return usageError{err}
	}
	for k := range r.Header {
		ev.Headers[strings.ToLower(k)] = r.Header.Get(k)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(ev)
}
