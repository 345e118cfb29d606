package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/whosaid/whosaid/internal/awstest/stack"
)

// coldStart starts bootstrap under a fresh aws-lambda-rie, invokes it once
// as soon as the emulator listens, and returns the time from process start
// to the first response, and the response.
func coldStart(t *testing.T, rie, bootstrap string, env map[string]string, payload []byte) (time.Duration, []byte) {
	t.Helper()
	var logs bytes.Buffer
	cmd, invokePort := rieCommand(rie, bootstrap, env, &logs)
	started := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatalf("start rie: %v", err)
	}
	defer func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("%s logs:\n%s", bootstrap, logs.String())
		}
	}()
	url := invokeURL(invokePort)
	for {
		resp, err := http.Post(url, "application/json", bytes.NewReader(payload))
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && len(b) > 0 {
				return time.Since(started), b
			}
			// The emulator answered before the function was ready (seen
			// with an empty body on a busy machine): ask again.
			err = fmt.Errorf("rie answered %d %q", resp.StatusCode, b)
		}
		if time.Since(started) > 20*time.Second {
			t.Fatalf("%s: rie did not answer: %v", bootstrap, err)
		}
		time.Sleep(time.Millisecond)
	}
}

// buildHello builds the hello-world function from testdata.
func buildHello(t *testing.T, root string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "hello", "bootstrap")
	cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-trimpath", "-o", out, "./internal/e2e/testdata/hello")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build hello: %v\n%s", err, b)
	}
	return out
}

// TestColdStarts measures, under the same aws-lambda-rie and in the same
// run, process start to first response of a hello-world aws-lambda-go
// function and of each function (summarize in offline and in LLM mode),
// and prints the medians and their ratios to hello-world. Nothing is
// asserted about time: the machine is shared. The first invocations:
// ingest gets a wrongly signed delivery (it reads the webhook secrets
// through the extension stand-in, then answers 401), summarize an empty
// batch (in LLM mode it reads the OpenAI key first), query an article and
// reprocess the nightly schedule (each with its DynamoDB calls to moto),
// analytics the stream record of an article the table does not hold (it
// reads the item, then the article's index in S3, and removes what the
// index would name).
// WHOSAID_COLDSTART_ROUNDS sets the rounds (default 5).
func TestColdStarts(t *testing.T) {
	root := repoRoot(t)
	rie := rieBinary(t, root)
	st := stack.New(t)
	bin := buildFunctions(t, root)
	hello := buildHello(t, root)
	env := functionEnv(t, st)
	_, err := st.SSM.PutParameter(context.Background(), &ssm.PutParameterInput{Name: aws.String("/whosaid/test/openai-key"),
		Type: ssmtypes.ParameterTypeSecureString, Value: aws.String("sk-test-not-a-key")})
	if err != nil {
		t.Fatal(err)
	}
	llmEnv := map[string]string{}
	for k, v := range env {
		llmEnv[k] = v
	}
	// No model is called by an empty batch; the base URL goes nowhere.
	llmEnv["WHOSAID_EXTRACTOR"], llmEnv["WHOSAID_OPENAI_KEY_PARAM"], llmEnv["OPENAI_BASE_URL"] = "llm", "/whosaid/test/openai-key", "http://127.0.0.1:9/v1"
	offlineEnv := map[string]string{}
	for k, v := range env {
		offlineEnv[k] = v
	}
	offlineEnv["WHOSAID_EXTRACTOR"] = "offline"

	type subject struct {
		name, bootstrap string
		env             map[string]string
		payload         []byte
		want            string // in the first response
	}
	subjects := []subject{
		{"hello-world", hello, env, []byte(`{}`), `"hello"`},
		{"ingest", filepath.Join(bin, "ingest", "bootstrap"), env, readEvent(t, root, "ingest-bad-signature.json"), `"statusCode":401`},
		{"summarize offline", filepath.Join(bin, "summarize", "bootstrap"), offlineEnv, []byte(`{"Records":[]}`), `"batchItemFailures"`},
		{"summarize llm", filepath.Join(bin, "summarize", "bootstrap"), llmEnv, []byte(`{"Records":[]}`), `"batchItemFailures"`},
		{"query", filepath.Join(bin, "query", "bootstrap"), env, readEvent(t, root, "query-article.json"), `"statusCode":404`},
		{"reprocess", filepath.Join(bin, "reprocess", "bootstrap"), env, readEvent(t, root, "reprocess-schedule.json"), `"complete":true`},
		{"analytics", filepath.Join(bin, "analytics", "bootstrap"), analyticsEnv(t, root, env), readEvent(t, root, "analytics-stream.json"), `"batchItemFailures":null`},
	}
	rounds := 5
	if n, err := strconv.Atoi(os.Getenv("WHOSAID_COLDSTART_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	times := make([][]time.Duration, len(subjects))
	for range rounds {
		for i, s := range subjects {
			d, out := coldStart(t, rie, s.bootstrap, s.env, s.payload)
			if !strings.Contains(string(out), s.want) {
				t.Fatalf("%s: first response %s, want %s in it", s.name, out, s.want)
			}
			times[i] = append(times[i], d)
		}
	}
	median := func(ds []time.Duration) time.Duration {
		s := slices.Clone(ds)
		slices.Sort(s)
		return s[len(s)/2]
	}
	floor := median(times[0])
	for i, s := range subjects {
		m := median(times[i])
		t.Logf("cold start %-18s median %6.1f ms, min %6.1f ms over %d rounds: %.2f× hello-world",
			s.name, ms(m), ms(slices.Min(times[i])), rounds, float64(m)/float64(floor))
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
