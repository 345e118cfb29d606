package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/whosaid/whosaid/internal/awstest"
)

// TestBinarySizes builds ingest and summarize exactly as SAM deploys them
// (make build-<LogicalId>: linux/arm64, stripped, the Makefile's flags) and
// holds each to 10 MB, so a dependency that drags unused code into a
// function fails here rather than in the next release's cold starts.
func TestBinarySizes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two arm64 binaries")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make not installed")
	}
	root, err := awstest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	const limit = 10_000_000
	for _, logical := range []string{"IngestFunction", "SummarizeFunction"} {
		dir := t.TempDir()
		cmd := exec.Command("make", "-s", "build-"+logical, "ARTIFACTS_DIR="+dir)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("make build-%s: %v\n%s", logical, err, out)
		}
		st, err := os.Stat(filepath.Join(dir, "bootstrap"))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d bytes (limit %d)", logical, st.Size(), limit)
		if st.Size() > limit {
			t.Errorf("%s is %d bytes, over %d: see `make sizes` and the README's Lean functions", logical, st.Size(), limit)
		}
	}
}
