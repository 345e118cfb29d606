package batch_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/whosaid/whosaid/internal/llm"
)

// fakeAPI is a local server with the OpenAI files and batches endpoints:
// upload (multipart, purpose batch), file content, create (the input is
// validated line by line as the real API does), retrieve; the test moves a
// batch through validating, in_progress and a final status, and the server
// answers every request with the quotations it finds in the article.
type fakeAPI struct {
	t       *testing.T
	srv     *httptest.Server
	mu      sync.Mutex
	files   map[string][]byte
	batches map[string]*openai.Batch
	n       int
	// fail names the custom_ids whose request fails.
	fail map[string]bool
}

func newFakeAPI(t *testing.T) *fakeAPI {
	f := &fakeAPI{t: t, files: map[string][]byte{}, batches: map[string]*openai.Batch{}, fail: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/files", f.upload)
	mux.HandleFunc("GET /v1/files/{id}/content", f.content)
	mux.HandleFunc("POST /v1/batches", f.create)
	mux.HandleFunc("GET /v1/batches/{id}", f.retrieve)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) id(prefix string) string {
	f.n++
	return fmt.Sprintf("%s-%d", prefix, f.n)
}

func apiError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": msg, "type": "invalid_request_error"}})
}

func (f *fakeAPI) upload(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(64 << 20); err != nil {
		apiError(w, 400, "not multipart: "+err.Error())
		return
	}
	if p := r.FormValue("purpose"); p != "batch" {
		apiError(w, 400, "purpose must be batch, got "+p)
		return
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		apiError(w, 400, "no file")
		return
	}
	data, _ := io.ReadAll(file)
	f.mu.Lock()
	id := f.id("file")
	f.files[id] = data
	f.mu.Unlock()
	_ = json.NewEncoder(w).Encode(openai.File{ID: id, Object: "file", Bytes: len(data), FileName: hdr.Filename, Purpose: "batch"})
}

func (f *fakeAPI) content(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	data, ok := f.files[r.PathValue("id")]
	f.mu.Unlock()
	if !ok {
		apiError(w, 404, "no such file")
		return
	}
	_, _ = w.Write(data)
}

func (f *fakeAPI) create(w http.ResponseWriter, r *http.Request) {
	var req openai.CreateBatchRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		apiError(w, 400, "bad json")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	data, ok := f.files[req.InputFileID]
	if !ok {
		apiError(w, 400, "unknown input file")
		return
	}
	if req.Endpoint != openai.BatchEndpointChatCompletions || req.CompletionWindow != "24h" {
		apiError(w, 400, "bad endpoint or window")
		return
	}
	seen := map[string]bool{}
	for i, l := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var line struct {
			CustomID string                       `json:"custom_id"`
			Method   string                       `json:"method"`
			URL      string                       `json:"url"`
			Body     openai.ChatCompletionRequest `json:"body"`
		}
		if err := json.Unmarshal(l, &line); err != nil || line.Method != "POST" || line.URL != string(req.Endpoint) ||
			line.Body.Model == "" || len(line.Body.Messages) == 0 || line.CustomID == "" || seen[line.CustomID] {
			apiError(w, 400, fmt.Sprintf("line %d is not a valid chat completion request", i+1))
			return
		}
		seen[line.CustomID] = true
	}
	b := &openai.Batch{ID: f.id("batch"), Object: "batch", Endpoint: req.Endpoint, InputFileID: req.InputFileID, CompletionWindow: "24h", Status: "validating",
		RequestCounts: openai.BatchRequestCounts{Total: len(seen)}}
	f.batches[b.ID] = b
	_ = json.NewEncoder(w).Encode(b)
}

func (f *fakeAPI) retrieve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.batches[r.PathValue("id")]
	if !ok {
		apiError(w, 404, "no such batch")
		return
	}
	_ = json.NewEncoder(w).Encode(b)
}

// inputLines returns the custom_ids and bodies of a batch's input.
func (f *fakeAPI) inputLines(b *openai.Batch) (ids []string, bodies []openai.ChatCompletionRequest, raw [][]byte) {
	for _, l := range bytes.Split(bytes.TrimSpace(f.files[b.InputFileID]), []byte("\n")) {
		var line struct {
			CustomID string          `json:"custom_id"`
			Body     json.RawMessage `json:"body"`
		}
		_ = json.Unmarshal(l, &line)
		var body openai.ChatCompletionRequest
		_ = json.Unmarshal(line.Body, &body)
		ids, bodies, raw = append(ids, line.CustomID), append(bodies, body), append(raw, line.Body)
	}
	return ids, bodies, raw
}

// finish moves a batch to status, answering the first `run` requests (all
// when run < 0); failed requests go to the error file.
func (f *fakeAPI) finish(id, status string, run int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b := f.batches[id]
	b.Status = status
	if status == "failed" {
		return
	}
	ids, bodies, _ := f.inputLines(b)
	var out, errs bytes.Buffer
	for i, cid := range ids {
		if run >= 0 && i >= run {
			break
		}
		if f.fail[cid] {
			fmt.Fprintf(&errs, `{"id":"r%d","custom_id":%q,"response":{"status_code":500,"request_id":"x","body":{"error":{"message":"server error"}}},"error":null}`+"\n", i, cid)
			b.RequestCounts.Failed++
			continue
		}
		body, _ := json.Marshal(answer(bodies[i]))
		fmt.Fprintf(&out, `{"id":"r%d","custom_id":%q,"response":{"status_code":200,"request_id":"x","body":%s},"error":null}`+"\n", i, cid, body)
		b.RequestCounts.Completed++
	}
	if out.Len() > 0 {
		oid := f.id("file")
		f.files[oid] = out.Bytes()
		b.OutputFileID = &oid
	}
	if errs.Len() > 0 {
		eid := f.id("file")
		f.files[eid] = errs.Bytes()
		b.ErrorFileID = &eid
	}
}

func (f *fakeAPI) setStatus(id, status string) {
	f.mu.Lock()
	f.batches[id].Status = status
	f.mu.Unlock()
}

var (
	paraRE  = regexp.MustCompile(`(?m)^\[(\d+)\] (.*)$`)
	quoteRE = regexp.MustCompile(`("[^"]+,") said ([A-Z][a-z]+ [A-Z][a-z]+)`)
)

// answer replies as a model would: every quotation in the paragraphs to
// extract from, copied in full with its speaker. Usage counts about four
// bytes a token, and the instructions as cached after the first request.
func answer(req openai.ChatCompletionRequest) openai.ChatCompletionResponse {
	user := req.Messages[len(req.Messages)-1].Content
	_, extract, _ := strings.Cut(user, "Extract from:\n")
	reply := llm.Reply{Summary: "A council story.", Speakers: []llm.ReplySpeaker{}, Quotes: []llm.ReplyQuote{}}
	seen := map[string]bool{}
	for _, p := range paraRE.FindAllStringSubmatch(extract, -1) {
		var n int
		fmt.Sscan(p[1], &n)
		for _, q := range quoteRE.FindAllStringSubmatch(p[2], -1) {
			if !seen[q[2]] {
				seen[q[2]] = true
				reply.Speakers = append(reply.Speakers, llm.ReplySpeaker{Name: q[2], Aliases: []string{}, Title: "", Affiliation: ""})
			}
			reply.Quotes = append(reply.Quotes, llm.ReplyQuote{Speaker: q[2], Text: q[1], Kind: "direct", Cue: "said", Paragraph: n})
		}
	}
	content, _ := json.Marshal(reply)
	prompt := 0
	for _, m := range req.Messages {
		prompt += len(m.Content) / 4
	}
	return openai.ChatCompletionResponse{
		ID: "chatcmpl-x", Object: "chat.completion", Model: req.Model,
		Choices: []openai.ChatCompletionChoice{{Index: 0, FinishReason: openai.FinishReasonStop,
			Message: openai.ChatCompletionMessage{Role: "assistant", Content: string(content)}}},
		Usage: openai.Usage{PromptTokens: prompt, CompletionTokens: len(content) / 4, TotalTokens: prompt + len(content)/4,
			PromptTokensDetails: &openai.PromptTokensDetails{CachedTokens: len(req.Messages[0].Content) / 4}},
	}
}
