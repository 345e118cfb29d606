// Package toxiproxy runs Toxiproxy (github.com/Shopify/toxiproxy), a TCP
// fault proxy, for tests: clients of the stores connect through a proxy, and
// a test adds latency, connection resets, timeouts or cut-off responses
// between the code under test and the real (stand-in) service.
//
// The server binary comes from WHOSAID_TOXIPROXY, or bin/toxiproxy/server
// in the repository, installed there with `go install` from the Go module
// proxy when missing (`make test` installs it first). It is driven through
// its HTTP API.
package toxiproxy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/awstest"
)

// Module is the Go module version of the server installed.
const Module = "github.com/Shopify/toxiproxy/v2/cmd/server@v2.5.0"

// Server is a running toxiproxy server.
type Server struct{ api string }

// Proxy forwards a local port to an upstream address.
type Proxy struct {
	srv  *Server
	name string
	// URL is http://127.0.0.1:{listen port}, to use as a client endpoint.
	URL string
}

// Toxic is one fault: Type is latency, reset_peer, timeout, limit_data,
// bandwidth or slow_close; Stream is "downstream" (server → client, the
// default) or "upstream"; Attributes are the type's settings.
type Toxic struct {
	Name       string         `json:"name"`
	Type       string         `json:"type"`
	Stream     string         `json:"stream,omitempty"`
	Toxicity   float64        `json:"toxicity"`
	Attributes map[string]any `json:"attributes"`
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// Start runs a toxiproxy server for the test; it stops when the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	binOnce.Do(func() { binPath, binErr = binary() })
	if binErr != nil {
		tb.Fatalf("toxiproxy: %v", binErr)
	}
	port, err := awstest.FreePort()
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(binPath, "-host", "127.0.0.1", "-port", strconv.Itoa(port))
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start toxiproxy: %v", err)
	}
	tb.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	s := &Server{api: "http://127.0.0.1:" + strconv.Itoa(port)}
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(s.api + "/version"); err == nil {
			resp.Body.Close()
			return s
		}
	}
	tb.Fatalf("toxiproxy did not answer on %s: %s", s.api, logs.String())
	return nil
}

// Proxy creates a proxy named name to the host:port of upstream (a URL or
// an address).
func (s *Server) Proxy(tb testing.TB, name, upstream string) *Proxy {
	tb.Helper()
	if u, err := url.Parse(upstream); err == nil && u.Host != "" {
		upstream = u.Host
	}
	port, err := awstest.FreePort()
	if err != nil {
		tb.Fatal(err)
	}
	listen := "127.0.0.1:" + strconv.Itoa(port)
	s.call(tb, http.MethodPost, "/proxies", map[string]any{"name": name, "listen": listen, "upstream": upstream, "enabled": true})
	return &Proxy{srv: s, name: name, URL: "http://" + listen}
}

// Add adds a toxic to the proxy (toxicity 1 unless set).
func (p *Proxy) Add(tb testing.TB, t Toxic) {
	tb.Helper()
	if t.Toxicity == 0 {
		t.Toxicity = 1
	}
	if t.Stream == "" {
		t.Stream = "downstream"
	}
	if t.Name == "" {
		t.Name = t.Type + "_" + t.Stream
	}
	p.srv.call(tb, http.MethodPost, "/proxies/"+p.name+"/toxics", t)
}

// Remove removes a toxic by name.
func (p *Proxy) Remove(tb testing.TB, name string) {
	tb.Helper()
	p.srv.call(tb, http.MethodDelete, "/proxies/"+p.name+"/toxics/"+name, nil)
}

// Reset removes every toxic of every proxy and re-enables them.
func (s *Server) Reset(tb testing.TB) {
	tb.Helper()
	s.call(tb, http.MethodPost, "/reset", nil)
}

func (s *Server) call(tb testing.TB, method, path string, body any) {
	tb.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, s.api+path, rd)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("toxiproxy %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		var msg bytes.Buffer
		_, _ = msg.ReadFrom(resp.Body)
		tb.Fatalf("toxiproxy %s %s: %d %s", method, path, resp.StatusCode, msg.String())
	}
}

// binary returns the server binary, installing it with go install when it
// is missing.
func binary() (string, error) {
	if p := os.Getenv("WHOSAID_TOXIPROXY"); p != "" {
		return p, nil
	}
	root, err := awstest.RepoRoot()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, "bin", "toxiproxy")
	bin := filepath.Join(dir, "server")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		return "", errors.New("the toxiproxy server is not installed and go is not in PATH")
	}
	cmd := exec.Command(goBin, "install", Module)
	cmd.Env = append(os.Environ(), "GOBIN="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go install %s: %v: %s", Module, err, out)
	}
	return bin, nil
}

// Addr is the host:port of an endpoint URL.
func Addr(endpoint string) string {
	if u, err := url.Parse(endpoint); err == nil && u.Host != "" {
		return u.Host
	}
	return endpoint
}
