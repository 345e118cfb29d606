// Package e2e runs the five Lambda functions as deployed: the real
// bootstrap binaries, built for this machine, under aws-lambda-rie (what
// `sam local invoke` runs), invoked with every events/*.json, against moto.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/whosaid/whosaid/internal/analytics"
	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest"
	"github.com/whosaid/whosaid/internal/awstest/stack"
	"github.com/whosaid/whosaid/internal/cms"
	"github.com/whosaid/whosaid/internal/evaltest"
	"github.com/whosaid/whosaid/internal/metrics"
	"github.com/whosaid/whosaid/internal/query"
	"github.com/whosaid/whosaid/internal/reprocess"
	"github.com/whosaid/whosaid/internal/secrets/secretstest"
	"github.com/whosaid/whosaid/internal/webhook"
)

func TestMain(m *testing.M) { os.Exit(awstest.Main(m)) }

// repoRoot finds the module root.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := awstest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// rieBinary returns aws-lambda-rie, or skips (fails under CI).
func rieBinary(t *testing.T, root string) string {
	t.Helper()
	for _, p := range []string{os.Getenv("WHOSAID_RIE"), filepath.Join(root, "bin", "aws-lambda-rie")} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("aws-lambda-rie is missing: `make test` installs it into bin/")
	}
	t.Skip("aws-lambda-rie not installed (run `make tools`)")
	return ""
}

// buildFunctions builds every function's bootstrap for this machine.
func buildFunctions(t *testing.T, root string) string {
	t.Helper()
	out := t.TempDir()
	for _, fn := range []string{"ingest", "summarize", "reprocess", "query", "analytics"} {
		cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-trimpath", "-o", filepath.Join(out, fn, "bootstrap"), "./functions/"+fn)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", fn, err, b)
		}
	}
	return out
}

// functionEnv is the environment template.yaml gives the functions, on the
// stand-ins: moto, and the Parameters and Secrets extension's stand-in
// serving moto's SSM parameters.
func functionEnv(t *testing.T, st *stack.Stack) map[string]string {
	t.Helper()
	ext := secretstest.Start(t, st.SSM, "e2e-session-token")
	return map[string]string{
		"WHOSAID_BUCKET": stack.Bucket, "WHOSAID_TABLE": stack.Table, "WHOSAID_QUEUE_URL": st.QueueURL,
		"WHOSAID_SECRETS_PARAM": stack.SecretsParam, "WHOSAID_MAX_RECEIVE": strconv.Itoa(stack.MaxReceive),
		"WHOSAID_EXTRACTOR": "auto", "AWS_LAMBDA_FUNCTION_TIMEOUT": "30", "AWS_LAMBDA_LOG_FORMAT": "JSON",
		"AWS_SESSION_TOKEN": ext.Token, "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT": ext.Port,
	}
}

// function is one bootstrap running under aws-lambda-rie.
type function struct {
	name    string
	url     string
	started time.Time // process start
	invoked bool
	logs    *lockedBuffer // what the function wrote (its logs and EMF lines)
}

// lockedBuffer is a buffer the function's output is copied into while the
// test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// rieCommand is aws-lambda-rie serving bootstrap on free ports with env
// added to the test's environment, in a process group of its own (for
// the kill); it returns the command and the invoke port.
func rieCommand(rie, bootstrap string, env map[string]string, out io.Writer) (*exec.Cmd, int) {
	invokePort, _ := awstest.FreePort()
	apiPort, _ := awstest.FreePort()
	cmd := exec.Command(rie,
		"--runtime-interface-emulator-address", "127.0.0.1:"+strconv.Itoa(invokePort),
		"--runtime-api-address", "127.0.0.1:"+strconv.Itoa(apiPort),
		bootstrap)
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return cmd, invokePort
}

// invokeURL is the emulator's invoke endpoint on port.
func invokeURL(port int) string {
	return fmt.Sprintf("http://127.0.0.1:%d/2015-03-31/functions/function/invocations", port)
}

func startFunction(t *testing.T, rie, bootstrap, name string, env map[string]string) *function {
	t.Helper()
	logs := &lockedBuffer{}
	cmd, invokePort := rieCommand(rie, bootstrap, env, logs)
	started := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatalf("start rie: %v", err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("%s logs:\n%s", name, logs.String())
		}
	})
	f := &function{name: name, started: started, logs: logs, url: invokeURL(invokePort)}
	for deadline := time.Now().Add(10 * time.Second); ; {
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", invokePort))
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: rie did not listen", name)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return f
}

// invoke posts a payload and returns the function's result. The RIE
// answers 200 even for errors, so the body is judged.
func (f *function) invoke(t *testing.T, payload []byte) []byte {
	t.Helper()
	resp, err := http.Post(f.url, "application/json", bytes.NewReader(payload))
	if err != nil {
		t.Fatalf("invoke %s: %v", f.name, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if !f.invoked {
		// Started cold and invoked at once: process start to first response.
		f.invoked = true
		t.Logf("cold start %s: %v from process start to first response", f.name, time.Since(f.started).Round(time.Millisecond))
	}
	var fnErr struct {
		ErrorType    string `json:"errorType"`
		ErrorMessage string `json:"errorMessage"`
	}
	if json.Unmarshal(b, &fnErr) == nil && fnErr.ErrorType != "" {
		t.Fatalf("%s returned an error: %s: %s", f.name, fnErr.ErrorType, fnErr.ErrorMessage)
	}
	return b
}

func (f *function) http(t *testing.T, payload []byte) events.APIGatewayV2HTTPResponse {
	t.Helper()
	var r events.APIGatewayV2HTTPResponse
	if err := json.Unmarshal(f.invoke(t, payload), &r); err != nil {
		t.Fatalf("%s: not an HTTP response: %v", f.name, err)
	}
	return r
}

func readEvent(t *testing.T, root, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "events", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// resign signs an HTTP API event's body at the current time.
func resign(t *testing.T, raw []byte, mutate func(*events.APIGatewayV2HTTPRequest)) []byte {
	t.Helper()
	var ev events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(raw, &ev); err != nil {
		t.Fatal(err)
	}
	if mutate != nil {
		mutate(&ev)
	}
	h, err := webhook.SignStandard(stack.TestSecret, ev.Headers["webhook-id"], time.Now(), []byte(ev.Body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		ev.Headers[k] = v
	}
	b, _ := json.Marshal(ev)
	return b
}

// pump moves the messages now on the summarize queue into summarize
// invocations, as the SQS event source mapping does, and returns how many.
func pump(t *testing.T, st *stack.Stack, summarize *function) int {
	t.Helper()
	total := 0
	for {
		out, err := st.SQS.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(st.QueueURL), MaxNumberOfMessages: 5,
			MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameAll},
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Messages) == 0 {
			return total
		}
		var ev events.SQSEvent
		for _, m := range out.Messages {
			ev.Records = append(ev.Records, events.SQSMessage{MessageId: *m.MessageId, ReceiptHandle: *m.ReceiptHandle, Body: *m.Body, Attributes: m.Attributes, EventSource: "aws:sqs"})
		}
		payload, _ := json.Marshal(ev)
		var resp events.SQSEventResponse
		if err := json.Unmarshal(summarize.invoke(t, payload), &resp); err != nil {
			t.Fatal(err)
		}
		if len(resp.BatchItemFailures) != 0 {
			t.Fatalf("summarize reported failures: %+v", resp.BatchItemFailures)
		}
		for _, m := range out.Messages {
			_, _ = st.SQS.DeleteMessage(context.Background(), &sqs.DeleteMessageInput{QueueUrl: aws.String(st.QueueURL), ReceiptHandle: m.ReceiptHandle})
		}
		total += len(out.Messages)
	}
}

func TestPipelineUnderRIE(t *testing.T) {
	root := repoRoot(t)
	rie := rieBinary(t, root)
	st := stack.New(t)
	bin := buildFunctions(t, root)
	env := functionEnv(t, st)
	// Each function starts right before its first invocation, so the
	// logged cold start is process start to first response.
	start := func(name string) *function {
		return startFunction(t, rie, filepath.Join(bin, name, "bootstrap"), name, env)
	}
	ingest := start("ingest")

	// A wrong signature is refused (sent as it is: re-signing would fix it).
	if r := ingest.http(t, readEvent(t, root, "ingest-bad-signature.json")); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("bad signature: %d %s", r.StatusCode, r.Body)
	}
	st.Drain(t)
	summarize, q, reproc := start("summarize"), (*function)(nil), (*function)(nil)

	// The sample webhook, signed now.
	r := ingest.http(t, resign(t, readEvent(t, root, "ingest-generic.json"), nil))
	if r.StatusCode != http.StatusAccepted {
		t.Fatalf("ingest: %d %s", r.StatusCode, r.Body)
	}
	if n := pump(t, st, summarize); n != 1 {
		t.Fatalf("the bucket announced %d texts, want 1", n)
	}
	// The committed summarize event names the same text: a duplicate, a no-op.
	var sqsResp events.SQSEventResponse
	if err := json.Unmarshal(summarize.invoke(t, readEvent(t, root, "summarize-s3.json")), &sqsResp); err != nil || len(sqsResp.BatchItemFailures) != 0 {
		t.Fatalf("summarize-s3.json: %+v %v", sqsResp, err)
	}
	q = start("query")
	r = q.http(t, readEvent(t, root, "query-article.json"))
	var sum article.Summary
	if r.StatusCode != 200 || json.Unmarshal([]byte(r.Body), &sum) != nil {
		t.Fatalf("query article: %d %s", r.StatusCode, r.Body)
	}
	if sum.Article.Title != "Storm leaves Port Alder pier without railings" || len(sum.Quotes) < 3 {
		t.Fatalf("summary = %+v", sum)
	}
	r = q.http(t, readEvent(t, root, "query-speaker.json"))
	var page query.SpeakerPage
	if r.StatusCode != 200 || json.Unmarshal([]byte(r.Body), &page) != nil || len(page.Quotes) < 2 {
		t.Fatalf("query speaker: %d %s", r.StatusCode, r.Body)
	}
	// The table's stream, filtered to article items, announces the
	// summarized article: its rows land in S3 as Parquet.
	an := startFunction(t, rie, filepath.Join(bin, "analytics", "bootstrap"), "analytics", analyticsEnv(t, root, env))
	gender := map[string]string{}
	for _, row := range checkAnalytics(t, st, an, readEvent(t, root, "analytics-stream.json"), sum) {
		gender[row.SpeakerName] = row.SpeakerGender
	}
	// "she said" in the text the function read from S3, with the
	// template's WHOSAID_GENDER on.
	if gender["Ines Varga"] != analytics.GenderFemale {
		t.Errorf("analytics rows: speakers and genders %v, want Ines Varga female", gender)
	}
	checkBackfill(t, st, an, readEvent(t, root, "analytics-backfill.json"))
	reproc = start("reprocess")
	var out reprocess.Output
	if err := json.Unmarshal(reproc.invoke(t, readEvent(t, root, "reprocess-schedule.json")), &out); err != nil || !out.Complete || out.Enqueued != 0 {
		t.Fatalf("reprocess: %+v %v", out, err)
	}
	// Every function's metrics, as CloudWatch would read them from its log.
	for _, c := range []struct {
		f      *function
		metric string
		dims   map[string]string
		least  float64
	}{
		{ingest, metrics.Deliveries, map[string]string{"CMS": "generic", "Status": "202"}, 1},
		{ingest, metrics.Deliveries, map[string]string{"CMS": "generic", "Status": "401"}, 1},
		{summarize, metrics.Summaries, map[string]string{"Outcome": "done"}, 1},
		{summarize, metrics.Summaries, map[string]string{"Outcome": "skipped"}, 1},
		{summarize, metrics.Quotations, map[string]string{"Extractor": "offline"}, 3},
		{reproc, metrics.Enqueued, nil, 0},
		{q, metrics.Queries, map[string]string{"Route": "articles", "Status": "200"}, 1},
		{an, metrics.AnalyticsSyncs, map[string]string{"Outcome": "synced"}, 1},
	} {
		// The output reaches the test through aws-lambda-rie's pipe, a
		// little after the invocation's answer: wait for it (generously).
		var got float64
		var n int
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			pts, err := metrics.Parse(strings.NewReader(c.f.logs.String()))
			if err != nil {
				t.Fatalf("%s: %v", c.f.name, err)
			}
			if got, n = metrics.Sum(pts, c.metric, c.dims); (n > 0 && got >= c.least) || time.Now().After(deadline) {
				break
			}
		}
		if n == 0 || got < c.least {
			t.Errorf("%s: %s%v = %v over %d EMF points, want at least %v", c.f.name, c.metric, c.dims, got, n, c.least)
		}
	}

	// One webhook per CMS, each signed as that CMS signs, all the way to
	// the query API.
	files, _ := filepath.Glob(filepath.Join(root, "events", "ingest-*.json"))
	for _, file := range files {
		name := filepath.Base(file)
		if name == "ingest-bad-signature.json" || name == "ingest-generic.json" {
			continue
		}
		raw := readEvent(t, root, name)
		var ev events.APIGatewayV2HTTPRequest
		if err := json.Unmarshal(raw, &ev); err != nil {
			t.Fatal(err)
		}
		req := cms.Request{Method: "POST", Tenant: ev.PathParameters["tenant"], Header: http.Header{}, Body: []byte(ev.Body)}
		for k, v := range ev.Headers {
			req.Header.Set(k, v)
		}
		if err := cms.Sign(ev.PathParameters["cms"], &req, stack.TestSecret, time.Now()); err != nil {
			t.Fatal(err)
		}
		for k := range req.Header {
			ev.Headers[strings.ToLower(k)] = req.Header.Get(k)
		}
		payload, _ := json.Marshal(ev)
		r := ingest.http(t, payload)
		var acc struct{ Source, ID, Status string }
		if r.StatusCode != http.StatusAccepted || json.Unmarshal([]byte(r.Body), &acc) != nil || acc.Status != "accepted" {
			t.Fatalf("%s: %d %s", name, r.StatusCode, r.Body)
		}
		if n := pump(t, st, summarize); n != 1 {
			t.Fatalf("%s: %d texts announced, want 1", name, n)
		}
		get, _ := json.Marshal(events.APIGatewayV2HTTPRequest{RawPath: "/articles/" + ev.PathParameters["tenant"] + "/" + acc.Source + "/" + acc.ID})
		r = q.http(t, get)
		var s article.Summary
		if r.StatusCode != 200 || json.Unmarshal([]byte(r.Body), &s) != nil {
			t.Fatalf("%s: query %d %s", name, r.StatusCode, r.Body)
		}
		speakers := map[string]bool{}
		for _, qt := range s.Quotes {
			speakers[s.SpeakerByID(qt.Speaker).Name] = true
		}
		if !speakers["Ines Varga"] || s.Article.Title != "Port Alder ferry returns" {
			t.Errorf("%s: title %q, speakers %v; want Ines Varga quoted", name, s.Article.Title, speakers)
		}
	}

	// The seed article, all the way: webhook → text in S3 → message on the
	// queue → summary and quote items in DynamoDB → the query API.
	t.Run("seed", func(t *testing.T) {
		seed, err := os.ReadFile(evaltest.File(t, "seed-article.txt"))
		if err != nil {
			t.Fatal(err)
		}
		payload, _ := json.Marshal(map[string]any{"type": "article.published", "data": map[string]any{
			"source": "generic", "id": "seed", "title": "Seed", "updated_at": time.Now().UTC().Format(time.RFC3339),
			"body": map[string]string{"format": "text", "value": string(seed)},
		}})
		r := ingest.http(t, resign(t, readEvent(t, root, "ingest-generic.json"), func(ev *events.APIGatewayV2HTTPRequest) {
			ev.Body, ev.Headers["webhook-id"] = string(payload), "msg_seed"
		}))
		var acc struct{ Revision string }
		if r.StatusCode != http.StatusAccepted || json.Unmarshal([]byte(r.Body), &acc) != nil || acc.Revision != article.Revision(string(seed)) {
			t.Fatalf("ingest seed: %d %s", r.StatusCode, r.Body)
		}
		if n := pump(t, st, summarize); n != 1 {
			t.Fatalf("%d messages for the seed, want 1", n)
		}
		req, _ := json.Marshal(events.APIGatewayV2HTTPRequest{RawPath: "/articles/acme/generic/seed", PathParameters: map[string]string{"tenant": "acme", "source": "generic", "id": "seed"}})
		r = q.http(t, req)
		var s article.Summary
		if r.StatusCode != 200 || json.Unmarshal([]byte(r.Body), &s) != nil {
			t.Fatalf("query seed: %d %s", r.StatusCode, r.Body)
		}
		if err := s.Validate(string(seed)); err != nil {
			t.Fatal(err)
		}
		quoted := 0
		for _, qt := range s.Quotes {
			if qt.Kind == article.KindIndirect {
				continue
			}
			quoted++
			if name := s.SpeakerByID(qt.Speaker).Name; name != "Melania Trump" {
				t.Errorf("%.40q attributed to %q", qt.Text, name)
			}
		}
		if quoted != 12 {
			t.Errorf("%d quotations, want 12", quoted)
		}
		req, _ = json.Marshal(events.APIGatewayV2HTTPRequest{RawPath: "/speakers/acme/Melania%20Trump/quotes", QueryStringParameters: map[string]string{"limit": "100"}})
		r = q.http(t, req)
		var page query.SpeakerPage
		if r.StatusCode != 200 || json.Unmarshal([]byte(r.Body), &page) != nil {
			t.Fatalf("speaker query: %d %s", r.StatusCode, r.Body)
		}
		direct := 0
		for _, qt := range page.Quotes {
			if qt.ID == "seed" && qt.Kind != article.KindIndirect {
				direct++
			}
		}
		if direct != 12 {
			t.Errorf("the query API returns %d quotations by Melania Trump, want 12", direct)
		}
	})
}
