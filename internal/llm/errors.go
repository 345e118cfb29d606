package llm

import "errors"

// classified marks an error as worth retrying or not. It satisfies the
// pipeline's Retryable() bool convention, so the summarize function retries
// throttling and outages and records everything else as a failure.
type classified struct {
	err   error
	retry bool
}

func (c classified) Error() string   { return c.err.Error() }
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
