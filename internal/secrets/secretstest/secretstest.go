// Package secretstest is a local stand-in for the AWS Parameters and
// Secrets Lambda Extension, for tests: an HTTP server that answers
// /systemsmanager/parameters/get?name=…&withDecryption=true, authenticated by
// the X-Aws-Parameters-Secrets-Token header, from an SSM endpoint (moto's),
// with the extension's JSON (GetParameter's output) and error statuses.
package secretstest

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// Server is a running stand-in.
type Server struct {
	// URL is http://127.0.0.1:PORT; Port is PORT, for
	// PARAMETERS_SECRETS_EXTENSION_HTTP_PORT.
	URL, Port string
	// Token is the session token calls must present.
	Token string
	calls atomic.Int64
}

// Calls returns how many parameter reads the stand-in has answered.
func (s *Server) Calls() int { return int(s.calls.Load()) }

// Start serves parameters from api on a free loopback port until the test
// ends; calls must carry token.
func Start(tb testing.TB, api *ssm.Client, token string) *Server {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("extension stand-in: %v", err)
	}
	s := &Server{URL: "http://" + ln.Addr().String(), Port: strconv.Itoa(ln.Addr().(*net.TCPAddr).Port), Token: token}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /systemsmanager/parameters/get", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Aws-Parameters-Secrets-Token") != token || token == "" {
			http.Error(w, "forbidden: missing or wrong X-Aws-Parameters-Secrets-Token", http.StatusForbidden)
			return
		}
		name := r.URL.Query().Get("name")
		if name == "" {
			http.Error(w, "name is required", http.StatusBadRequest)
			return
		}
		dec, _ := strconv.ParseBool(r.URL.Query().Get("withDecryption"))
		out, err := api.GetParameter(r.Context(), &ssm.GetParameterInput{Name: aws.String(name), WithDecryption: aws.Bool(dec)})
		var nf *ssmtypes.ParameterNotFound
		switch {
		case errors.As(err, &nf):
			http.Error(w, "an error occurred (ParameterNotFound) when referencing Secrets Manager: parameter "+name+" not found", http.StatusBadRequest)
			return
		case err != nil:
			http.Error(w, "internal error: "+err.Error(), http.StatusInternalServerError)
			return
		}
		s.calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"Parameter": out.Parameter, "ResultMetadata": map[string]any{}})
	})
	srv := &http.Server{Handler: mux}
	go func() { _ = srv.Serve(ln) }()
	tb.Cleanup(func() { _ = srv.Close() })
	return s
}
