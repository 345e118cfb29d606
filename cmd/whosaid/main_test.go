package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/evaltest"
)

// runCLI runs the command line and returns the exit code, stdout and stderr.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("OPENAI_API_KEY", "")
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const story = "Harbour Master Ines Varga inspected the pier on Monday.\n\n“The storm took half the railings,” she said. “We will rebuild them by May.”\n\nVarga said that the ferry would run on a reduced schedule until then."

func TestSummarizeJSON(t *testing.T) {
	data := t.TempDir()
	file := writeFile(t, "pier.txt", story)
	code, out, stderr := runCLI(t, "", "summarize", "--data-dir", data, file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var s article.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("output is not summary JSON: %v\n%s", err, out)
	}
	if err := s.Validate(story); err != nil {
		t.Fatalf("offsets do not index the input file: %v", err)
	}
	if s.Article.ID != "pier" || s.Article.Source != "local" || s.Article.Revision != article.Revision(story) {
		t.Errorf("article = %+v", s.Article)
	}
	if len(s.Quotes) != 3 || len(s.Speakers) != 1 || s.Speakers[0].Name != "Ines Varga" {
		t.Errorf("quotes %d speakers %+v; want 3 quotes by Ines Varga", len(s.Quotes), s.Speakers)
	}
	if s.Extractor.Name != "offline" || s.Extractor.ConfigHash == "" {
		t.Errorf("extractor = %+v", s.Extractor)
	}
	// stored in the S3 and DynamoDB layouts
	if _, err := os.Stat(filepath.Join(data, "s3", filepath.FromSlash(article.TextKey(article.LocalTenant, "local", "pier", s.Article.Revision)))); err != nil {
		t.Errorf("text not stored: %v", err)
	}
	if _, err := os.Stat(filepath.Join(data, "dynamodb", "ART#local#local#pier", "SUMMARY.json")); err != nil {
		t.Errorf("summary not stored: %v", err)
	}

	// The second run extracts nothing and says so.
	code, out2, stderr := runCLI(t, "", "summarize", "--data-dir", data, file)
	if code != 0 || !strings.Contains(stderr, "already summarized") {
		t.Fatalf("second run: exit %d, stderr %q", code, stderr)
	}
	if out2 != out {
		t.Errorf("second run printed a different summary")
	}
}

func TestSummarizeTextFormatAndStdin(t *testing.T) {
	code, out, stderr := runCLI(t, story, "summarize", "--data-dir", t.TempDir(), "--format", "text", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"SPEAKER", "KIND", "QUOTE", "Ines Varga", "direct", "indirect", "“The storm took half the railings,”", "3 quotes by 1 speaker"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestSummarizeHTMLAndMarkdown(t *testing.T) {
	html := writeFile(t, "pier.html", "<html><head><title>Pier</title></head><body><p>Harbour Master Ines Varga inspected the pier.</p><p>“The storm took half the railings,” she said.</p></body></html>")
	md := writeFile(t, "pier.md", "# Pier\n\nHarbour Master Ines Varga inspected the pier.\n\n“The storm took *half* the railings,” she said.\n")
	for _, f := range []string{html, md} {
		code, out, stderr := runCLI(t, "", "summarize", "--data-dir", t.TempDir(), f)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", f, code, stderr)
		}
		var s article.Summary
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatal(err)
		}
		if s.Article.Title != "Pier" || len(s.Quotes) != 1 || s.Quotes[0].Text != "“The storm took half the railings,”" {
			t.Errorf("%s: title %q quotes %+v", f, s.Article.Title, s.Quotes)
		}
	}
	// forcing text keeps the markup bytes
	code, out, _ := runCLI(t, "", "summarize", "--data-dir", t.TempDir(), "--input-format", "text", md)
	if code != 0 || !strings.Contains(out, "*half*") {
		t.Errorf("--input-format text should keep the Markdown bytes: %s", out)
	}
}

func TestSummarizeBadInput(t *testing.T) {
	big := writeFile(t, "big.txt", strings.Repeat("word ", 300))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"empty file", []string{writeFile(t, "empty.txt", "")}, "empty"},
		{"blank file", []string{writeFile(t, "blank.txt", "\n \n")}, "empty"},
		{"binary", []string{writeFile(t, "x.bin", "\x89PNG\r\n\x1a\n\x00\x00")}, "not UTF-8 text"},
		{"latin-1", []string{writeFile(t, "l.txt", "caf\xe9 au lait")}, "not UTF-8 text"},
		{"too big", []string{"--max-bytes", "1000", big}, "limit of 1000 bytes"},
		{"missing", []string{"/no/such/file.txt"}, "no such file"},
		{"no file", nil, "want exactly one FILE"},
		{"bad format", []string{"--format", "xml", big}, "unknown --format"},
		{"bad extractor", []string{"--extractor", "magic", big}, "unknown extractor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"summarize", "--data-dir", t.TempDir()}, tt.args...)
			code, out, stderr := runCLI(t, "", args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q lacks %q", stderr, tt.want)
			}
			if out != "" {
				t.Errorf("printed output on error: %q", out)
			}
		})
	}
	// stdin over the limit
	code, _, stderr := runCLI(t, strings.Repeat("x", 2000), "summarize", "--data-dir", t.TempDir(), "--max-bytes", "1000", "-")
	if code != 2 || !strings.Contains(stderr, "limit of 1000 bytes") {
		t.Errorf("stdin over limit: exit %d, %q", code, stderr)
	}
}

func TestEvalCommand(t *testing.T) {
	gold := writeFile(t, "gold.jsonl",
		`{"id":"g1","text":"“The storm took half the railings,” said Ines Varga.","quotes":[{"start":0,"end":35,"speaker":"Ines Varga","kind":"direct"}]}`+"\n"+
			`{"id":"g2","text":"Mayor Tom Reid said that the budget would pass next week.","quotes":[{"start":19,"end":57,"speaker":"Reid","kind":"indirect"}]}`+"\n")
	code, out, stderr := runCLI(t, "", "eval", "--cover", "0.8", gold)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		Gold, Predicted, Matched int
		Precision, Recall, F1    float64
		SpeakerAccuracy          float64 `json:"speaker_accuracy"`
		Cover                    float64
		ByKind                   map[string]map[string]float64 `json:"by_kind"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("eval output: %v\n%s", err, out)
	}
	if rep.Gold != 2 || rep.Matched != 2 || rep.Recall != 1 || rep.SpeakerAccuracy != 1 || rep.Cover != 0.8 {
		t.Errorf("report = %+v", rep)
	}
	if rep.ByKind["direct"]["gold"] != 1 || rep.ByKind["indirect"]["recall"] != 1 {
		t.Errorf("by kind = %v", rep.ByKind)
	}
	if code, _, stderr := runCLI(t, "", "eval", "--cover", "1.5", gold); code != 2 || !strings.Contains(stderr, "--cover") {
		t.Errorf("bad cover: exit %d %q", code, stderr)
	}
}

func TestSeedThroughCLI(t *testing.T) {
	seed := evaltest.File(t, "seed-article.txt")
	text, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, "", "summarize", "--data-dir", t.TempDir(), seed)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var s article.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(string(text)); err != nil {
		t.Fatal(err)
	}
	direct := 0
	for _, q := range s.Quotes {
		if q.Kind != article.KindIndirect {
			direct++
			if name := s.SpeakerByID(q.Speaker).Name; name != "Melania Trump" {
				t.Errorf("quote %.30q by %q", q.Text, name)
			}
		}
	}
	if direct != 12 {
		t.Errorf("%d quotations, want 12", direct)
	}
}

func TestUnknownCommand(t *testing.T) {
	if code, _, stderr := runCLI(t, "", "frobnicate"); code != 2 || !strings.Contains(stderr, "unknown command") {
		t.Errorf("exit %d %q", code, stderr)
	}
	if code, out, _ := runCLI(t, "", "help"); code != 0 || !strings.Contains(out, "summarize") {
		t.Errorf("help: exit %d %q", code, out)
	}
}

// TestSummarizeWithLLM runs the llm extractor against a local
// OpenAI-compatible server that returns the first quotation of the article
// it is sent (and one it made up), and checks the grounding and the usage
// report on stderr.
func TestSummarizeWithLLM(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Messages []struct{ Content string } `json:"messages"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Messages) < 2 {
			http.Error(w, "bad request", 400)
			return
		}
		user := req.Messages[1].Content
		i, j := strings.Index(user, "“"), strings.Index(user, "”")
		quote := user[i : j+len("”")]
		reply, _ := json.Marshal(map[string]any{
			"summary":  "A pier was inspected.",
			"speakers": []any{map[string]any{"name": "Ines Varga", "aliases": []string{"Varga"}, "title": "Harbour Master", "affiliation": ""}},
			"quotes": []any{
				map[string]any{"speaker": "Ines Varga", "text": quote, "kind": "direct", "cue": "said", "paragraph": 2},
				map[string]any{"speaker": "Ines Varga", "text": "“Made up by the model.”", "kind": "direct", "cue": "said", "paragraph": 2},
			},
		})
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"id": "c", "object": "chat.completion", "model": "gpt-4o-mini",
			"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": string(reply)}, "finish_reason": "stop"}},
			"usage":   map[string]any{"prompt_tokens": 700, "completion_tokens": 90},
		})
	}))
	defer srv.Close()
	t.Setenv("OPENAI_BASE_URL", srv.URL+"/v1")
	file := writeFile(t, "pier.txt", story)
	var out, errb bytes.Buffer
	t.Setenv("OPENAI_API_KEY", "test-key")
	code := run(context.Background(), []string{"summarize", "--data-dir", t.TempDir(), "--extractor", "llm", file}, strings.NewReader(""), &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"700 input tokens, 90 output tokens", "1 quotes from the model were not found"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr lacks %q: %s", want, errb.String())
		}
	}
	var s article.Summary
	if err := json.Unmarshal(out.Bytes(), &s); err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(story); err != nil {
		t.Fatal(err)
	}
	// the model's grounded quote, plus the direct quote it missed, added by
	// the offline cross-check; the made-up one is gone
	if s.Extractor.Name != "llm" || s.Extractor.Dropped != 1 || len(s.Quotes) != 2 || s.Quotes[1].Confidence >= s.Quotes[0].Confidence {
		t.Fatalf("extractor %+v, quotes %+v", s.Extractor, s.Quotes)
	}
}
