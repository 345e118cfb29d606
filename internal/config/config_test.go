package config

import (
	"testing"
	"time"
)

func TestFromEnv(t *testing.T) {
	t.Setenv("WHOSAID_TABLE", "t")
	t.Setenv("WHOSAID_BUCKET", "")
	t.Setenv("WHOSAID_MAX_BODY", "2048")
	c, err := FromEnv("WHOSAID_TABLE")
	if err != nil || c.Table != "t" || c.MaxBody != 2048 || c.MaxReceive != 5 {
		t.Fatalf("config = %+v %v", c, err)
	}
	if _, err := FromEnv("WHOSAID_BUCKET"); err == nil {
		t.Error("a missing required variable was accepted")
	}
	t.Setenv("WHOSAID_MAX_BODY", "lots")
	if _, err := FromEnv(); err == nil {
		t.Error("a bad number was accepted")
	}
}

func TestAWSFromEnvironment(t *testing.T) {
	t.Setenv("AWS_REGION", "eu-west-1")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKID")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_SESSION_TOKEN", "token")
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:5000")
	cfg, err := AWS(t.Context())
	if err != nil || cfg.Region != "eu-west-1" || *cfg.BaseEndpoint != "http://127.0.0.1:5000" {
		t.Fatalf("cfg = %+v %v", cfg, err)
	}
	creds, err := cfg.Credentials.Retrieve(t.Context())
	if err != nil || creds.AccessKeyID != "AKID" || creds.SessionToken != "token" {
		t.Fatalf("credentials = %+v %v", creds, err)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	if _, err := AWS(t.Context()); err == nil {
		t.Error("missing credentials were accepted")
	}
}

func TestExtractBudget(t *testing.T) {
	t.Setenv("WHOSAID_EXTRACT_BUDGET", "")
	if c, err := FromEnv(); err != nil || c.ExtractBudget != 0 {
		t.Fatalf("default: %v %v", c.ExtractBudget, err)
	}
	t.Setenv("WHOSAID_EXTRACT_BUDGET", "20s")
	if c, err := FromEnv(); err != nil || c.ExtractBudget != 20*time.Second {
		t.Fatalf("20s: %v %v", c.ExtractBudget, err)
	}
	for _, bad := range []string{"20", "-1s", "soon"} {
		t.Setenv("WHOSAID_EXTRACT_BUDGET", bad)
		if _, err := FromEnv(); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}
