// Package awstest runs adapter tests against moto_server, a local stand-in
// for S3, DynamoDB, SQS and SSM that speaks the real wire protocol. Main
// starts one moto_server per test binary on a free loopback port (or reuses
// MOTO_ENDPOINT) and points the AWS SDK at it through AWS_ENDPOINT_URL.
package awstest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
)

// Endpoint is the moto endpoint of this test binary, set by Main.
var Endpoint string

// Main starts moto (unless MOTO_ENDPOINT names a running one), runs the
// tests and stops it. Without moto_server the tests are skipped, unless CI
// or WHOSAID_REQUIRE_MOTO is set, where that is a failure.
func Main(m *testing.M) int {
	Endpoint = os.Getenv("MOTO_ENDPOINT")
	var stop func()
	if Endpoint == "" {
		var err error
		Endpoint, stop, err = startMoto()
		if err != nil {
			release()
			if os.Getenv("CI") != "" || os.Getenv("WHOSAID_REQUIRE_MOTO") != "" {
				fmt.Fprintf(os.Stderr, "FAIL: moto_server is required here: %v\n", err)
				return 1
			}
			fmt.Fprintf(os.Stderr, "SKIP: adapter tests need moto_server: %v\n", err)
			return 0
		}
	}
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": Endpoint, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
		"AWS_SESSION_TOKEN": "", "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1",
		"AWS_REQUEST_CHECKSUM_CALCULATION": "when_required", "AWS_RESPONSE_CHECKSUM_VALIDATION": "when_required",
		"AWS_PROFILE": "", "AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
	} {
		os.Setenv(k, v)
	}
	code := m.Run()
	if stop != nil {
		stop()
	}
	release()
	return code
}

// startMoto runs moto_server on a free 127.0.0.1 port and waits until it
// answers.
func startMoto() (string, func(), error) {
	path, err := exec.LookPath("moto_server")
	if err != nil {
		return "", nil, err
	}
	port, err := freePort()
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command(path, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("start moto_server: %w", err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	stop := func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	}
	endpoint := "http://127.0.0.1:" + strconv.Itoa(port)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return "", nil, fmt.Errorf("moto_server exited at start (port %d taken?)", port)
		default:
		}
		resp, err := http.Get(endpoint + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			return endpoint, stop, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	return "", nil, fmt.Errorf("moto_server did not answer on %s", endpoint)
}

// RepoRoot returns the module root: the first folder holding go.mod at or
// above the working directory.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("repo root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// FreePort returns a free TCP port on 127.0.0.1 that no other test process
// on this machine holds: test binaries run in parallel, and a port one of
// them probed free can be taken by another before its server binds it.
func FreePort() (int, error) { return freePort() }

func freePort() (int, error) {
	dir := filepath.Join(os.TempDir(), "whosaid-test-ports")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	for range 50 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		// Reserve it: the file's creation is atomic across processes. A
		// reservation older than an hour is a leftover of a killed run.
		f := filepath.Join(dir, strconv.Itoa(port))
		if st, err := os.Stat(f); err == nil && time.Since(st.ModTime()) > time.Hour {
			os.Remove(f)
		}
		fh, err := os.OpenFile(f, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err != nil {
			continue
		}
		fh.Close()
		reserved = append(reserved, f)
		return port, nil
	}
	return 0, fmt.Errorf("no free port found")
}

// reserved lists this process's port reservations, released by Main.
var reserved []string

func release() {
	for _, f := range reserved {
		os.Remove(f)
	}
}

// Config returns an AWS config for the moto endpoint, built the way
// production builds it: from the environment.
func Config(tb testing.TB) aws.Config {
	tb.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		tb.Fatalf("aws config: %v", err)
	}
	return cfg
}

// Reset clears every moto service.
func Reset(tb testing.TB) {
	tb.Helper()
	resp, err := http.Post(Endpoint+"/moto-api/reset", "application/json", nil)
	if err != nil {
		tb.Fatalf("reset moto: %v", err)
	}
	resp.Body.Close()
}

// Start runs a moto_server for one test of a package whose other tests need
// none (so it has no TestMain calling Main), points the AWS SDK at it for
// the rest of the test and stops it at the end. Without moto_server the
// test is skipped, unless CI or WHOSAID_REQUIRE_MOTO is set.
func Start(t *testing.T) string {
	t.Helper()
	endpoint, stop, err := startMoto()
	if err != nil {
		if os.Getenv("CI") != "" || os.Getenv("WHOSAID_REQUIRE_MOTO") != "" {
			t.Fatalf("moto_server is required here: %v", err)
		}
		t.Skipf("needs moto_server: %v", err)
	}
	t.Cleanup(stop)
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
		"AWS_SESSION_TOKEN": "", "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1",
		"AWS_PROFILE": "", "AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
	} {
		t.Setenv(k, v)
	}
	return endpoint
}
