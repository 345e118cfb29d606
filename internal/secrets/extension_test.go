package secrets_test

import (
	"context"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/whosaid/whosaid/internal/awstest"
	"github.com/whosaid/whosaid/internal/secrets"
	"github.com/whosaid/whosaid/internal/secrets/secretstest"
)

func TestMain(m *testing.M) { os.Exit(awstest.Main(m)) }

func TestLoadThroughTheExtension(t *testing.T) {
	awstest.Reset(t)
	api := ssm.NewFromConfig(awstest.Config(t))
	ctx := context.Background()
	_, err := api.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/whosaid/t/secrets"), Type: ssmtypes.ParameterTypeSecureString,
		Value: aws.String(`{"ghost":{"desk":"s3cret"}}`)})
	if err != nil {
		t.Fatal(err)
	}
	srv := secretstest.Start(t, api, "session-token")
	t.Setenv("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", srv.Port)
	t.Setenv("AWS_SESSION_TOKEN", "session-token")
	ext := secrets.ExtensionFromEnv()
	tenants, err := secrets.Load(ctx, ext, "/whosaid/t/secrets")
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := tenants.Secret("ghost", "desk"); !ok || s != "s3cret" {
		t.Errorf("ghost/desk = %q %v", s, ok)
	}

	// A missing parameter and a wrong token are clear errors that never
	// carry a value.
	if _, err := ext.Parameter(ctx, "/whosaid/t/nothing"); err == nil || !strings.Contains(err.Error(), "/whosaid/t/nothing") {
		t.Errorf("missing parameter: %v", err)
	}
	bad := *ext
	bad.Token = "other"
	if _, err := bad.Parameter(ctx, "/whosaid/t/secrets"); err == nil || strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "403") {
		t.Errorf("wrong token: %v", err)
	}
	if srv.Calls() != 1 {
		t.Errorf("the stand-in answered %d reads, want 1", srv.Calls())
	}
}

func TestExtensionNotListening(t *testing.T) {
	// A port nobody listens on: the client waits up to Ready for the
	// extension, then fails naming it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ext := &secrets.Extension{URL: "http://" + addr, Token: "x", Ready: 20 * time.Millisecond}
	if _, err := ext.Parameter(context.Background(), "/p"); err == nil || !strings.Contains(err.Error(), "extension") {
		t.Errorf("err = %v", err)
	}
}

func TestExtensionStartsLate(t *testing.T) {
	// The extension is not listening at the first attempt (its first dial
	// is refused), then is: the read waits for it instead of failing the
	// cold start.
	awstest.Reset(t)
	api := ssm.NewFromConfig(awstest.Config(t))
	_, err := api.PutParameter(context.Background(), &ssm.PutParameterInput{Name: aws.String("/k"), Type: ssmtypes.ParameterTypeSecureString, Value: aws.String("v")})
	if err != nil {
		t.Fatal(err)
	}
	srv := secretstest.Start(t, api, "tok")
	dials := 0
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials++
		if dials == 1 {
			return nil, &net.OpError{Op: "dial", Net: network, Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	ext := &secrets.Extension{URL: srv.URL, Token: "tok", Ready: time.Minute, Client: &http.Client{Transport: tr}}
	v, err := ext.Parameter(context.Background(), "/k")
	if err != nil || v != "v" || dials != 2 {
		t.Fatalf("v = %q, %d dials, %v", v, dials, err)
	}
}
