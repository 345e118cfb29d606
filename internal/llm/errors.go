package llm

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	openai "github.com/sashabaranov/go-openai"
)

// classified marks an error as worth retrying or not. It satisfies the
// pipeline's Retryable() bool convention, so the summarize function retries
// throttling and outages and records everything else as a failure.
//
// Its text is ours: whatever the upstream server said (a message that may
// echo the API key, a response body) is reduced to the HTTP status and the
// error code before the error is logged, stored or served.
type classified struct {
	err   error
	retry bool
}

func (c classified) Error() string   { return Reduce(c.err) }
func (c classified) Unwrap() error   { return c.err }
func (c classified) Retryable() bool { return c.retry }

// Retryable marks err as transient: throttling, a server error, a timeout.
func Retryable(err error) error { return classified{err, true} }

// Permanent marks err as final: retrying will not help.
func Permanent(err error) error { return classified{err, false} }

// IsRetryable reports whether err was marked transient.
func IsRetryable(err error) bool {
	var c classified
	return errors.As(err, &c) && c.retry
}

// Reduce returns err's text with every upstream message replaced by a short
// reason of our own ("HTTP 401, code invalid_api_key"), and anything that
// still looks like a credential redacted.
func Reduce(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	var api *openai.APIError
	if errors.As(err, &api) {
		msg = strings.ReplaceAll(msg, api.Error(), upstream(api.HTTPStatusCode, api.Code, api.Type))
	}
	var re *openai.RequestError
	if errors.As(err, &re) {
		msg = strings.ReplaceAll(msg, re.Error(), upstream(re.HTTPStatusCode, nil, ""))
	}
	return redact(msg)
}

// upstream describes an upstream error by what we can vouch for: its HTTP
// status and its error code or type, if they are plain identifiers.
func upstream(status int, code any, typ string) string {
	out := fmt.Sprintf("upstream HTTP %d", status)
	c, _ := code.(string)
	if c == "" {
		c = typ
	}
	if identifier.MatchString(c) {
		out += ", code " + c
	}
	return out
}

var (
	identifier = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`)
	// credential matches strings shaped like API keys and tokens: a known
	// prefix, or a long run of key characters.
	credential = regexp.MustCompile(`(?i)\b(sk-[A-Za-z0-9_-]{8,}|(bearer|api[-_ ]?key|token)[=: ]+\S+|[A-Za-z0-9_-]{32,})`)
)

func redact(s string) string { return credential.ReplaceAllString(s, "[redacted]") }
