// Package dynalite starts dynalite, a second DynamoDB implementation (Node.js,
// from npm), for tests. moto's DynamoDB does not serialise conditional
// writes; dynalite does, so ordering and concurrency tests that pass on both
// can be trusted.
//
// The package is installed with npm into the repository's .run/dynalite
// folder (gitignored) when it is not there yet; `make test` installs it
// first. Without node the tests that need it are skipped with a message,
// unless WHOSAID_REQUIRE_DYNALITE=1, which turns the skip into a failure.
package dynalite

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/awstest"
)

// Version is the dynalite release installed.
const Version = "4.0.0"

var (
	installOnce sync.Once
	installErr  error
	installDir  string
)

// Start runs a dynalite server for the test on a free port and returns its
// endpoint URL; it stops when the test ends.
func Start(tb testing.TB) string {
	tb.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		unavailable(tb, "node is not installed (dynalite runs on Node.js)")
	}
	installOnce.Do(func() { installDir, installErr = install() })
	if installErr != nil {
		unavailable(tb, installErr.Error())
	}
	port, err := awstest.FreePort()
	if err != nil {
		tb.Fatal(err)
	}
	cli := filepath.Join(installDir, "node_modules", "dynalite", "cli.js")
	cmd := exec.Command(node, cli, "--host", "127.0.0.1", "--port", strconv.Itoa(port),
		"--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start dynalite: %v", err)
	}
	tb.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	addr := "127.0.0.1:" + strconv.Itoa(port)
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "http://" + addr
		}
	}
	tb.Fatalf("dynalite did not listen on %s: %s", addr, logs.String())
	return ""
}

func unavailable(tb testing.TB, why string) {
	tb.Helper()
	if os.Getenv("WHOSAID_REQUIRE_DYNALITE") == "1" {
		tb.Fatalf("dynalite unavailable: %s", why)
	}
	tb.Skipf("dynalite unavailable, so this test ran on moto only: %s (make test installs it)", why)
}

// install returns the folder holding node_modules/dynalite, installing the
// package there with npm when it is missing.
func install() (string, error) {
	root, err := awstest.RepoRoot()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, ".run", "dynalite")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "dynalite", "cli.js")); err == nil {
		return dir, nil
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return "", errors.New("dynalite is not installed and npm is not available")
	}
	out, err := exec.Command(npm, "install", "--no-audit", "--no-fund", "--prefix", dir, "dynalite@"+Version).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("npm install dynalite: %v: %s", err, out)
	}
	return dir, nil
}
