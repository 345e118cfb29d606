package config

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/whosaid/whosaid/internal/correlation"
)

// TestLoggingCarriesRequestAndCorrelationIDs checks the functions' logger:
// a line logged with an invocation's context names its Lambda request id
// and the correlation id of the delivery.
func TestLoggingCarriesRequestAndCorrelationIDs(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, prev := os.Stdout, slog.Default()
	os.Stdout = w
	Logging()
	os.Stdout = stdout
	t.Cleanup(func() { slog.SetDefault(prev) })

	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "req-7f3a"})
	slog.InfoContext(correlation.With(ctx, "evt_77"), "delivery stored", "status", "accepted")
	_ = w.Close()
	out, _ := io.ReadAll(r)
	for _, want := range []string{"req-7f3a", "evt_77", correlation.Key, "delivery stored"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("log line %q lacks %q", out, want)
		}
	}
}
