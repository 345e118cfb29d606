package e2e

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"gopkg.in/yaml.v3"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest"
	"github.com/whosaid/whosaid/internal/awstest/stack"
	"github.com/whosaid/whosaid/internal/cms"
	"github.com/whosaid/whosaid/internal/reprocess"
)

// samLocalEndpoint is the AWS stand-in's address in env.json, as a
// function in sam local's container reaches the host.
const samLocalEndpoint = "http://host.docker.internal:5000"

// templateVariables returns, per function of template.yaml, the environment
// variables it declares (its own and the Globals'): the only ones
// `sam local --env-vars` can set.
func templateVariables(t *testing.T, root string) map[string]map[string]bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("template.yaml: %v", err)
	}
	// child returns the value of key in a mapping node, or nil.
	child := func(n *yaml.Node, key string) *yaml.Node {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				return n.Content[i+1]
			}
		}
		return nil
	}
	path := func(n *yaml.Node, keys ...string) *yaml.Node {
		for _, k := range keys {
			n = child(n, k)
		}
		return n
	}
	keys := func(n *yaml.Node) []string {
		var out []string
		if n != nil && n.Kind == yaml.MappingNode {
			for i := 0; i < len(n.Content); i += 2 {
				out = append(out, n.Content[i].Value)
			}
		}
		return out
	}
	root0 := doc.Content[0]
	global := keys(path(root0, "Globals", "Function", "Environment", "Variables"))
	out := map[string]map[string]bool{}
	resources := child(root0, "Resources")
	for _, name := range keys(resources) {
		r := child(resources, name)
		if ty := child(r, "Type"); ty == nil || ty.Value != "AWS::Serverless::Function" {
			continue
		}
		vars := map[string]bool{}
		for _, v := range append(global, keys(path(r, "Properties", "Environment", "Variables"))...) {
			vars[v] = true
		}
		out[name] = vars
	}
	if len(out) == 0 {
		t.Fatal("template.yaml declares no functions")
	}
	return out
}

// TestSamconfigNamesTemplateParameters: every parameter samconfig.toml
// overrides is a parameter of the template, and its local runs use env.json.
func TestSamconfigNamesTemplateParameters(t *testing.T) {
	root := repoRoot(t)
	b, err := os.ReadFile(filepath.Join(root, "samconfig.toml"))
	if err != nil {
		t.Fatal(err)
	}
	var tmpl struct {
		Parameters map[string]any `yaml:"Parameters"`
	}
	tb, err := os.ReadFile(filepath.Join(root, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(tb, &doc); err != nil {
		t.Fatal(err)
	}
	// the template's !Ref and !Sub tags do not matter for its parameter names
	for i := 0; i+1 < len(doc.Content[0].Content); i += 2 {
		if doc.Content[0].Content[i].Value == "Parameters" {
			if err := doc.Content[0].Content[i+1].Decode(&tmpl.Parameters); err != nil {
				t.Fatal(err)
			}
		}
	}
	found := 0
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if v, ok := strings.CutPrefix(line, "parameter_overrides = "); ok {
			v, _ = strconv.Unquote(v)
			for _, kv := range strings.Fields(v) {
				name, _, _ := strings.Cut(kv, "=")
				found++
				if _, ok := tmpl.Parameters[name]; !ok {
					t.Errorf("samconfig.toml overrides %s, which is no parameter of template.yaml", name)
				}
			}
		}
	}
	if found == 0 {
		t.Error("samconfig.toml overrides no parameter")
	}
	if strings.Count(string(b), `env_vars = "env.json"`) != 2 {
		t.Error("samconfig.toml: sam local invoke and start-api should both use env.json")
	}
}

// loadEnvJSON reads env.json: function logical ID → variable → value.
func loadEnvJSON(t *testing.T, root string) map[string]map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "env.json"))
	if err != nil {
		t.Fatal(err)
	}
	var env map[string]map[string]string
	if err := json.Unmarshal(b, &env); err != nil {
		t.Fatalf("env.json: %v", err)
	}
	return env
}

// TestEnvJSONNamesTemplateVariables: sam local applies an env.json entry
// only to a function of the template that declares the variable, and drops
// the rest without a word; so every key must name both.
func TestEnvJSONNamesTemplateVariables(t *testing.T) {
	root := repoRoot(t)
	declared := templateVariables(t, root)
	env := loadEnvJSON(t, root)
	for fn, vars := range env {
		tv, ok := declared[fn]
		if !ok {
			t.Errorf("env.json: %s is no function of template.yaml", fn)
			continue
		}
		for v := range vars {
			if !tv[v] {
				t.Errorf("env.json: %s.%s is not declared in the template's Environment, so sam local would ignore it", fn, v)
			}
		}
	}
	var fns []string
	for fn := range declared {
		fns = append(fns, fn)
		if _, ok := env[fn]; !ok {
			t.Errorf("env.json has no entry for %s", fn)
		}
	}
	sort.Strings(fns)
	t.Logf("functions: %v", fns)
}

// localEnv turns a function's env.json entry into the environment
// aws-lambda-rie gives it here: the stand-in's address replaced by this
// test's moto, AWS_SAM_LOCAL set as sam local sets it, and the template's
// other variables at their deployed defaults (an SSM name that moto does
// not hold, so a function that read SSM for its secrets would fail).
func localEnv(t *testing.T, entry map[string]string) map[string]string {
	t.Helper()
	env := map[string]string{
		"AWS_SAM_LOCAL": "true", "AWS_LAMBDA_FUNCTION_TIMEOUT": "30", "AWS_LAMBDA_LOG_FORMAT": "JSON",
		"WHOSAID_SECRETS_PARAM": "/whosaid/prod/webhook-secrets", "WHOSAID_EXTRACTOR": "auto", "WHOSAID_MAX_RECEIVE": "5",
		"WHOSAID_BUCKET": "not-set-by-env-json", "WHOSAID_TABLE": "not-set-by-env-json", "WHOSAID_QUEUE_URL": "not-set-by-env-json",
	}
	for k, v := range entry {
		env[k] = strings.ReplaceAll(v, samLocalEndpoint, awstest.Endpoint)
	}
	if env["AWS_ENDPOINT_URL"] != awstest.Endpoint {
		t.Fatalf("env.json: AWS_ENDPOINT_URL %q, want %s", entry["AWS_ENDPOINT_URL"], samLocalEndpoint)
	}
	return env
}

// TestEnvJSONUnderRIE runs every function under aws-lambda-rie with only
// env.json's variables pointing it at the stand-in (the RIE's own
// AWS_ENDPOINT_URL is replaced) and the webhook secrets from env.json, not
// SSM: a delivery per CMS is accepted, summarized and served, and the
// stream record of the sample article puts its rows in S3 as Parquet.
func TestEnvJSONUnderRIE(t *testing.T) {
	root := repoRoot(t)
	rie := rieBinary(t, root)
	st := stack.New(t)
	bin := buildFunctions(t, root)
	envs := loadEnvJSON(t, root)
	for fn, want := range map[string]string{"IngestFunction": st.QueueURL, "ReprocessFunction": st.QueueURL} {
		if got := localEnv(t, envs[fn])["WHOSAID_QUEUE_URL"]; got != want {
			t.Errorf("env.json %s: queue %s, the walkthrough's queue is %s", fn, got, want)
		}
	}
	for fn, e := range envs {
		if e["WHOSAID_BUCKET"] != stack.Bucket || e["WHOSAID_TABLE"] != stack.Table {
			t.Errorf("env.json %s: bucket %q table %q, want %s and %s", fn, e["WHOSAID_BUCKET"], e["WHOSAID_TABLE"], stack.Bucket, stack.Table)
		}
	}
	// The RIE's own environment must not point the functions anywhere.
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
	start := func(name, logical string) *function {
		return startFunction(t, rie, filepath.Join(bin, name, "bootstrap"), name, localEnv(t, envs[logical]))
	}
	var secrets map[string]map[string]string
	if err := json.Unmarshal([]byte(envs["IngestFunction"]["WHOSAID_WEBHOOK_SECRETS"]), &secrets); err != nil {
		t.Fatalf("env.json WHOSAID_WEBHOOK_SECRETS: %v", err)
	}
	ingest := start("ingest", "IngestFunction")
	files, _ := filepath.Glob(filepath.Join(root, "events", "ingest-*.json"))
	accepted := 0
	for _, file := range files {
		if strings.HasSuffix(file, "bad-signature.json") {
			continue
		}
		var ev events.APIGatewayV2HTTPRequest
		if err := json.Unmarshal(readEvent(t, root, filepath.Base(file)), &ev); err != nil {
			t.Fatal(err)
		}
		name, tenant := ev.PathParameters["cms"], ev.PathParameters["tenant"]
		secret := secrets[name][tenant]
		if secret == "" {
			t.Errorf("env.json gives no secret for %s tenant %s", name, tenant)
			continue
		}
		r := cms.Request{Method: http.MethodPost, Tenant: tenant, Header: http.Header{}, Body: []byte(ev.Body)}
		for k, v := range ev.Headers {
			r.Header.Set(k, v)
		}
		if err := cms.Sign(name, &r, secret, time.Now()); err != nil {
			t.Fatal(err)
		}
		for k := range r.Header {
			ev.Headers[strings.ToLower(k)] = r.Header.Get(k)
		}
		payload, _ := json.Marshal(ev)
		if resp := ingest.http(t, payload); resp.StatusCode != http.StatusAccepted {
			t.Errorf("%s: %d %s", filepath.Base(file), resp.StatusCode, resp.Body)
		} else {
			accepted++
		}
	}
	summarize := start("summarize", "SummarizeFunction")
	if n := pump(t, st, summarize); n != accepted {
		t.Errorf("%d texts summarized, %d deliveries accepted", n, accepted)
	}
	q := start("query", "QueryFunction")
	r := q.http(t, readEvent(t, root, "query-article.json"))
	var sum article.Summary
	if r.StatusCode != http.StatusOK || json.Unmarshal([]byte(r.Body), &sum) != nil || len(sum.Quotes) == 0 {
		t.Fatalf("query: %d %s", r.StatusCode, r.Body)
	}
	// env.json has an entry for every function (TestEnvJSONNamesTemplateVariables).
	checkAnalytics(t, st, start("analytics", "AnalyticsFunction"), readEvent(t, root, "analytics-stream.json"), sum)
	reproc := start("reprocess", "ReprocessFunction")
	var out reprocess.Output
	if err := json.Unmarshal(reproc.invoke(t, readEvent(t, root, "reprocess-schedule.json")), &out); err != nil || !out.Complete {
		t.Fatalf("reprocess: %+v %v", out, err)
	}
	t.Logf("%d deliveries accepted with env.json's secrets, %s quotes served", accepted, strconv.Itoa(len(sum.Quotes)))
}
