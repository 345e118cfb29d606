// Package secrets holds the webhook secrets of every CMS and tenant. They
// come from one SSM SecureString parameter holding JSON,
// {"<cms>": {"<tenant>": "<secret>"}}, read once per cold start through the
// AWS Parameters and Secrets Lambda Extension.
package secrets

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"syscall"
	"time"
)

// Tenants maps a CMS name and a tenant to its webhook secret.
type Tenants map[string]map[string]string

// Secret returns the secret of a tenant of a CMS.
func (t Tenants) Secret(cms, tenant string) (string, bool) {
	s, ok := t[cms][tenant]
	return s, ok && s != ""
}

// Parse reads the JSON form.
func Parse(b []byte) (Tenants, error) {
	var t Tenants
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("webhook secrets are not JSON of the form {\"cms\":{\"tenant\":\"secret\"}}: %w", err)
	}
	return t, nil
}

// Extension reads SSM parameters through the AWS Parameters and Secrets
// Lambda Extension: an HTTP server the extension layer runs beside the
// function on localhost, which fetches a parameter from SSM, decrypts it and
// caches it. The function links no SSM client, and a warm extension answers
// from its cache.
type Extension struct {
	// URL is the extension's address, http://localhost:2773 by default.
	URL string
	// Token authenticates the call: the function's AWS_SESSION_TOKEN.
	Token string
	// Client makes the calls; nil means a client with a 5 s timeout.
	Client *http.Client
	// Ready bounds how long a call waits for the extension to start
	// listening (it can still be starting when the function's init runs).
	Ready time.Duration
}

// ExtensionFromEnv returns the extension client as Lambda sets it up: the
// port from PARAMETERS_SECRETS_EXTENSION_HTTP_PORT (the extension's own
// setting, default 2773), the token from AWS_SESSION_TOKEN.
func ExtensionFromEnv() *Extension {
	port := os.Getenv("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT")
	if port == "" {
		port = "2773"
	}
	return &Extension{URL: "http://localhost:" + port, Token: os.Getenv("AWS_SESSION_TOKEN"), Ready: 2 * time.Second}
}

// Parameter reads a SecureString parameter, decrypted.
func (e *Extension) Parameter(ctx context.Context, name string) (string, error) {
	client := e.Client
	if client == nil {
		client = &http.Client{Timeout: 5 * time.Second}
	}
	u := e.URL + "/systemsmanager/parameters/get?" + url.Values{"name": {name}, "withDecryption": {"true"}}.Encode()
	var resp *http.Response
	for wait, deadline := 5*time.Millisecond, time.Now().Add(e.Ready); ; wait *= 2 {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return "", fmt.Errorf("read SSM parameter %s: %w", name, err)
		}
		req.Header.Set("X-Aws-Parameters-Secrets-Token", e.Token)
		resp, err = client.Do(req)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.ECONNREFUSED) || time.Now().Add(wait).After(deadline) {
			return "", fmt.Errorf("read SSM parameter %s through the Parameters and Secrets extension at %s: %w", name, e.URL, err)
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("read SSM parameter %s: %w", name, ctx.Err())
		case <-time.After(wait):
		}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", fmt.Errorf("read SSM parameter %s: %w", name, err)
	}
	if resp.StatusCode != http.StatusOK {
		// The extension's error bodies name the parameter and the
		// failure, never a value.
		return "", fmt.Errorf("read SSM parameter %s: the extension answered %d: %.200s", name, resp.StatusCode, strings.TrimSpace(string(body)))
	}
	var out struct {
		Parameter *struct{ Value *string }
	}
	if err := json.Unmarshal(body, &out); err != nil {
		return "", fmt.Errorf("read SSM parameter %s: the extension's answer is not GetParameter JSON: %w", name, err)
	}
	if out.Parameter == nil || out.Parameter.Value == nil {
		return "", fmt.Errorf("SSM parameter %s has no value", name)
	}
	return *out.Parameter.Value, nil
}

// Getter reads a decrypted parameter by name.
type Getter interface {
	Parameter(ctx context.Context, name string) (string, error)
}

// Load reads the tenants' secrets from the named parameter.
func Load(ctx context.Context, g Getter, name string) (Tenants, error) {
	v, err := g.Parameter(ctx, name)
	if err != nil {
		return nil, err
	}
	t, err := Parse([]byte(v))
	if err != nil {
		return nil, fmt.Errorf("SSM parameter %s: %w", name, err)
	}
	return t, nil
}
