// Package correlation carries one id per article delivery through the
// functions' logs: ingest takes the delivery's webhook id (or makes a new
// one), sends it with the summarize message, and summarize logs it with the
// summary, so one search finds every line about a delivery. The id travels
// in the context; the log handler of NewHandler adds it to every line
// logged with a context (slog.InfoContext and the like).
package correlation

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
)

// Key is the name of the id in log lines and of the SQS message attribute
// that carries it.
const Key = "correlation_id"

// MaxLen is the longest id kept; a longer webhook id is replaced.
const MaxLen = 128

type ctxKey struct{}

// New returns a fresh random id (32 hex digits).
func New() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Clean returns id when it is a usable correlation id (1 to MaxLen
// printable ASCII characters without spaces or quotes), else "".
func Clean(id string) string {
	if id == "" || len(id) > MaxLen {
		return ""
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c <= ' ' || c >= 0x7f || c == '"' || c == '\\' {
			return ""
		}
	}
	return id
}

// OrNew returns Clean(id), or a new id when id is not usable.
func OrNew(id string) string {
	if c := Clean(id); c != "" {
		return c
	}
	return New()
}

// With returns ctx carrying id.
func With(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, ctxKey{}, id)
}

// From returns the id ctx carries, "" when none.
func From(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

// NewHandler wraps a log handler so that every record logged with a
// context carrying an id gets the attribute correlation_id.
func NewHandler(h slog.Handler) slog.Handler { return handler{h} }

type handler struct{ slog.Handler }

// Handle adds the context's id to the record.
func (h handler) Handle(ctx context.Context, r slog.Record) error {
	if id := From(ctx); id != "" {
		r = r.Clone()
		r.AddAttrs(slog.String(Key, id))
	}
	return h.Handler.Handle(ctx, r)
}

// WithAttrs keeps the wrapper around the derived handler.
func (h handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return handler{h.Handler.WithAttrs(attrs)}
}

// WithGroup keeps the wrapper around the derived handler.
func (h handler) WithGroup(name string) slog.Handler { return handler{h.Handler.WithGroup(name)} }
