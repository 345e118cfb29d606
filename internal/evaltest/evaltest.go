// Package evaltest finds the project's internal evaluation data for tests.
// The data lives in ../shared/eval beside the checkout (or where
// WHOSAID_EVAL_DIR points) and never in the repository; tests that need it
// skip with a clear message when it is absent, as in a user's fresh clone.
package evaltest

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the evaluation data folder, or skips the test.
func Dir(tb testing.TB) string {
	tb.Helper()
	if d := os.Getenv("WHOSAID_EVAL_DIR"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		tb.Fatalf("getwd: %v", err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			eval := filepath.Join(filepath.Dir(d), "shared", "eval")
			if _, err := os.Stat(eval); err != nil {
				tb.Skipf("evaluation data not found at %s (internal data, not shipped with the repository)", eval)
			}
			return eval
		}
		if filepath.Dir(d) == d {
			tb.Skip("evaluation data not found: no go.mod above the test")
		}
	}
}

// File returns the path of a file in the evaluation folder, or skips.
func File(tb testing.TB, name string) string {
	tb.Helper()
	p := filepath.Join(Dir(tb), name)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("evaluation file %s not found", p)
	}
	return p
}
