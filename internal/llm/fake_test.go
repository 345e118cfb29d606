package llm

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeModel is an OpenAI-compatible Chat Completions server for tests. It
// checks every request the way the real API would (auth, strict schema,
// messages) and answers like a small model: it reads the paragraphs it was
// asked to extract from and reports the quotations it finds there, so what
// comes back depends on what our code sent. Scenario hooks distort the
// answers or fail the call.
type fakeModel struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	calls  int
	bodies []map[string]any
	// extracts records the paragraph numbers of each request's "Extract from".
	extracts [][]int

	// speaker names the speaker of a quotation found in paragraph n.
	speaker func(n int, para string) string
	// distort changes a reply before it is sent (fabricate, alter…).
	distort func(r *Reply)
	// respond, when set, answers call number i (1-based) itself; return
	// false to fall through to the normal answer.
	respond func(i int, w http.ResponseWriter, paras []fakePara) bool
	// azure expects Azure OpenAI paths and headers.
	azure bool
	// script, when set, plays a model that makes the given claims: it
	// answers, in the real schema, with each claim whose paragraph is among
	// those it was asked to extract from, numbered as our code numbered it
	// (or, for a misplaced claim, with a wrong number).
	script []fakeClaim
}

// fakeClaim is one claim a scripted model makes about an article.
type fakeClaim struct {
	// in is a phrase of the paragraph the claim is made about.
	in string
	// text, speaker and kind are what the model answers.
	text, speaker, kind string
	// aliases and title are the model's speaker details.
	aliases []string
	title   string
	// shift moves the paragraph number the model gives (a misplaced claim).
	shift int
}

type fakePara struct {
	n    int
	text string
}

var paraLine = regexp.MustCompile(`(?m)^\[(\d+)\] (.*)$`)
var quoteSpan = regexp.MustCompile(`[“"][^“”"]+[”"’]`)

func newFakeModel(t *testing.T) *fakeModel {
	f := &fakeModel{t: t, speaker: func(int, string) string { return "Ines Varga" }}
	f.srv = httptest.NewServer(http.HandlerFunc(f.handle))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeModel) url() string { return f.srv.URL + "/v1" }

func (f *fakeModel) fail(w http.ResponseWriter, code int, msg string) {
	f.t.Errorf("fake model: %s", msg)
	http.Error(w, msg, code)
}

func (f *fakeModel) handle(w http.ResponseWriter, r *http.Request) {
	wantPath := "/v1/chat/completions"
	if f.azure {
		wantPath = "/openai/deployments/whosaid-deploy/chat/completions"
		if r.URL.Query().Get("api-version") != AzureAPIVersion || r.Header.Get("api-key") != "test-key" {
			f.fail(w, 400, "azure request without api-version "+AzureAPIVersion+" or api-key header")
			return
		}
	} else if r.Header.Get("Authorization") != "Bearer test-key" {
		f.fail(w, 401, "missing bearer token")
		return
	}
	if r.Method != http.MethodPost || r.URL.Path != wantPath {
		f.fail(w, 404, "unexpected "+r.Method+" "+r.URL.Path)
		return
	}
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		f.fail(w, 400, "request is not JSON")
		return
	}
	f.checkRequest(body)
	msgs, _ := body["messages"].([]any)
	user := ""
	for _, m := range msgs {
		mm := m.(map[string]any)
		if mm["role"] == "user" && user == "" {
			user = mm["content"].(string)
		}
	}
	_, extract, _ := strings.Cut(user, "Extract from:\n")
	var paras []fakePara
	var ns []int
	for _, m := range paraLine.FindAllStringSubmatch(extract, -1) {
		n, _ := strconv.Atoi(m[1])
		paras = append(paras, fakePara{n, m[2]})
		ns = append(ns, n)
	}
	f.mu.Lock()
	script := f.script
	f.calls++
	call := f.calls
	f.bodies = append(f.bodies, body)
	f.extracts = append(f.extracts, ns)
	f.mu.Unlock()
	if f.respond != nil && f.respond(call, w, paras) {
		return
	}
	reply := f.answer(paras)
	if script != nil {
		reply = play(script, paras)
	}
	if f.distort != nil {
		f.distort(&reply)
	}
	content, _ := json.Marshal(reply)
	writeCompletion(w, string(content), "stop", len(user)/4, len(content)/4)
}

// checkRequest asserts what OpenAI's strict structured outputs require.
func (f *fakeModel) checkRequest(body map[string]any) {
	rf, _ := body["response_format"].(map[string]any)
	if rf["type"] != "json_schema" {
		f.t.Errorf("response_format type = %v, want json_schema", rf["type"])
		return
	}
	js, _ := rf["json_schema"].(map[string]any)
	if js["strict"] != true || js["name"] == "" {
		f.t.Errorf("json_schema not strict: %v", js)
	}
	schema, _ := js["schema"].(map[string]any)
	var walk func(path string, s map[string]any)
	walk = func(path string, s map[string]any) {
		if s["type"] == "object" {
			if s["additionalProperties"] != false {
				f.t.Errorf("%s: additionalProperties must be false", path)
			}
			props, _ := s["properties"].(map[string]any)
			req, _ := s["required"].([]any)
			if len(req) != len(props) {
				f.t.Errorf("%s: every property must be required (%d of %d)", path, len(req), len(props))
			}
			for k, v := range props {
				walk(path+"."+k, v.(map[string]any))
			}
		}
		if items, ok := s["items"].(map[string]any); ok {
			walk(path+"[]", items)
		}
		if _, ok := s["nullable"]; ok {
			f.t.Errorf("%s: nullable is outside the strict subset", path)
		}
	}
	walk("$", schema)
	if defs, ok := schema["$defs"].(map[string]any); ok {
		for k, v := range defs {
			walk("$defs."+k, v.(map[string]any))
		}
	}
	msgs, _ := body["messages"].([]any)
	if len(msgs) < 2 || msgs[0].(map[string]any)["role"] != "system" || msgs[1].(map[string]any)["role"] != "user" {
		f.t.Errorf("messages must be system then user: %v", msgs)
		return
	}
	if sys := msgs[0].(map[string]any)["content"].(string); strings.Contains(sys, "[1]") {
		f.t.Errorf("article text leaked into the system message")
	}
}

// answer plays the model: every quoted span of the extract paragraphs,
// attributed by the speaker hook.
func (f *fakeModel) answer(paras []fakePara) Reply {
	r := Reply{Summary: "A neutral summary.", Speakers: []ReplySpeaker{}, Quotes: []ReplyQuote{}}
	seen := map[string]bool{}
	for _, p := range paras {
		for _, q := range quoteSpan.FindAllString(p.text, -1) {
			sp := f.speaker(p.n, p.text)
			if !seen[sp] {
				seen[sp] = true
				r.Speakers = append(r.Speakers, ReplySpeaker{Name: sp, Aliases: []string{}, Title: "", Affiliation: ""})
			}
			r.Quotes = append(r.Quotes, ReplyQuote{Speaker: sp, Text: q, Kind: "direct", Cue: "said", Paragraph: p.n})
		}
	}
	return r
}

// setScript replaces the claims the model makes, between requests.
func (f *fakeModel) setScript(cs ...fakeClaim) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script = cs
}

// play answers with the scripted claims about the paragraphs sent.
func play(script []fakeClaim, paras []fakePara) Reply {
	r := Reply{Summary: "A neutral summary.", Speakers: []ReplySpeaker{}, Quotes: []ReplyQuote{}}
	seen := map[string]int{}
	for _, c := range script {
		for _, p := range paras {
			if !strings.Contains(p.text, c.in) {
				continue
			}
			if i, ok := seen[c.speaker]; ok {
				r.Speakers[i].Aliases = append(r.Speakers[i].Aliases, c.aliases...)
			} else {
				seen[c.speaker] = len(r.Speakers)
				r.Speakers = append(r.Speakers, ReplySpeaker{Name: c.speaker, Aliases: append([]string{}, c.aliases...), Title: c.title, Affiliation: ""})
			}
			r.Quotes = append(r.Quotes, ReplyQuote{Speaker: c.speaker, Text: c.text, Kind: c.kind, Cue: "said", Paragraph: p.n + c.shift})
			break
		}
	}
	if r.Speakers == nil {
		r.Speakers = []ReplySpeaker{}
	}
	return r
}

func writeCompletion(w http.ResponseWriter, content, finish string, in, out int) {
	w.Header().Set("Content-Type", "application/json")
	resp := map[string]any{
		"id": "chatcmpl-test", "object": "chat.completion", "created": time.Now().Unix(), "model": "gpt-4o-mini",
		"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": content}, "finish_reason": finish}},
		"usage": map[string]any{"prompt_tokens": in, "completion_tokens": out, "total_tokens": in + out,
			// as OpenAI reports its prompt cache (half the prompt, here)
			"prompt_tokens_details": map[string]any{"cached_tokens": in / 2}},
	}
	_ = json.NewEncoder(w).Encode(resp)
}

func writeAPIError(w http.ResponseWriter, status int, typ, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	c := any(code)
	if code == "" {
		c = nil
	}
	fmt.Fprintf(w, `{"error":{"message":"test %s","type":%q,"param":null,"code":%s}}`, typ, typ, mustJSON(c))
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
