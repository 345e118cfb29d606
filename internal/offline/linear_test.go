package offline

import (
	"flag"
	"os"
	"testing"
)

// TestMain runs every test of the package with verifyIndexes on, so each
// indexed entity lookup made by any test (the scenarios, the seed, the dev
// set, the generated inputs) is checked against a scan of the whole table.
// Benchmarks run without it.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f == nil || f.Value.String() == "" {
		verifyIndexes = true
	}
	os.Exit(m.Run())
}
