package correlation

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
)

func TestCleanAndOrNew(t *testing.T) {
	for in, want := range map[string]string{
		"msg_2Kd8":                    "msg_2Kd8",
		"wp-42-1764400000-updated":    "wp-42-1764400000-updated",
		"":                            "",
		"has space":                   "",
		`quote"d`:                     "",
		"tab\there":                   "",
		"caf\u00e9":                   "",
		strings.Repeat("a", MaxLen):   strings.Repeat("a", MaxLen),
		strings.Repeat("a", MaxLen+1): "",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
	if got := OrNew("evt-1"); got != "evt-1" {
		t.Errorf("OrNew kept %q", got)
	}
	a, b := OrNew("bad id"), New()
	if len(a) != 32 || len(b) != 32 || a == b || Clean(a) != a {
		t.Errorf("new ids %q %q: want two different 32-digit ids", a, b)
	}
}

func TestHandlerAddsTheIDOfTheContext(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(NewHandler(slog.NewJSONHandler(&buf, nil))).With("fn", "ingest")
	ctx := With(context.Background(), "evt-7")
	log.InfoContext(ctx, "with id")
	log.Info("without context")
	log.InfoContext(context.Background(), "no id")
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, m)
	}
	if len(lines) != 3 || lines[0][Key] != "evt-7" || lines[0]["fn"] != "ingest" {
		t.Fatalf("first line %v: want correlation_id evt-7 and the With attribute", lines)
	}
	for _, l := range lines[1:] {
		if _, ok := l[Key]; ok {
			t.Errorf("line without an id in its context got one: %v", l)
		}
	}
	if From(context.Background()) != "" || From(ctx) != "evt-7" {
		t.Error("From does not read what With stored")
	}
}
