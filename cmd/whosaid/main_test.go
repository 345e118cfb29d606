package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
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
	for _, want := range []string{"local/stdin\n", "3 quotations by 1 speaker", "Ines Varga — Harbour Master (3 quotations)",
		"¶2 · direct · said · confidence 0.92\n    “The storm took half the railings,”\n", "¶3 · indirect · said",
		"that the ferry would run on a reduced schedule until then"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Errorf("colour codes written to a non-terminal:\n%q", out)
	}
}

// TestTextOutputForAJournalist summarizes the example article of the README
// with the flags after the file, as people type them, and reads the report:
// the headline, each speaker once with role, every quotation in full and
// wrapped to $COLUMNS.
func TestTextOutputForAJournalist(t *testing.T) {
	t.Setenv("COLUMNS", "60")
	code, out, stderr := runCLI(t, "", "summarize", "../../article.txt", "--format", "text", "--data-dir", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if first, _, _ := strings.Cut(out, "\n"); first != "Riverside library to stay open on Sundays after council vote" {
		t.Errorf("first line %q, want the headline", first)
	}
	for _, want := range []string{"Marta Okafor — head librarian", "Tomas Lindqvist — Councillor", "Priya Nair (2 quotations)", "· partial · warned"} {
		if strings.Count(out, want) != 1 {
			t.Errorf("want %q once in:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if n := len([]rune(line)); n > 60 {
			t.Errorf("line of %d characters, over COLUMNS=60: %q", n, line)
		}
	}
	// the longest quotation, in full across its wrapped lines
	if !strings.Contains(strings.Join(strings.Fields(out), " "), "“A library that is shut when families are free is not much of a library,”") {
		t.Errorf("a quotation is cut:\n%s", out)
	}
}

// TestCLIConventions: flags before or after the file, help on stdout with
// exit 0, usage errors once on stderr with exit 2.
func TestCLIConventions(t *testing.T) {
	file := writeFile(t, "pier.txt", story)
	data := t.TempDir()
	_, before, _ := runCLI(t, "", "summarize", "--format", "text", "--data-dir", data, file)
	code, after, stderr := runCLI(t, "", "summarize", file, "--format", "text", "--data-dir", data)
	if code != 0 || after != before {
		t.Errorf("flags after the file: exit %d, %q, output differs from flags before: %v", code, stderr, after != before)
	}
	for _, cmd := range []string{"summarize", "eval", "serve", "sign-event"} {
		for _, h := range []string{"-h", "--help"} {
			code, out, stderr := runCLI(t, "", cmd, h)
			if code != 0 || !strings.Contains(out, "Usage: whosaid "+cmd) || !strings.Contains(out, "Flags:") || stderr != "" {
				t.Errorf("%s %s: exit %d, stdout %q, stderr %q", cmd, h, code, out, stderr)
			}
		}
		code, out, stderr := runCLI(t, "", cmd, "--no-such-flag")
		if code != 2 || out != "" || strings.Count(stderr, "no-such-flag") != 1 || strings.Contains(stderr, "Flags:") {
			t.Errorf("%s with an unknown flag: exit %d, stdout %q, stderr %q", cmd, code, out, stderr)
		}
	}
	if code, out, _ := runCLI(t, "", "help", "eval"); code != 0 || !strings.Contains(out, "Usage: whosaid eval") {
		t.Errorf("help eval: exit %d %q", code, out)
	}
	// after --, a name that looks like a flag is a file
	dash := writeFile(t, "-odd.txt", story)
	if code, _, stderr := runCLI(t, "", "summarize", "--data-dir", data, "--", dash); code != 0 {
		t.Errorf("-- FILE: exit %d %s", code, stderr)
	}
}

func TestSummarizeHTMLFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "review.html")
	code, stdout, stderr := runCLI(t, "", "summarize", "--format", "html", "-o", out, "--data-dir", t.TempDir(), "../../article.txt")
	if code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, stdout, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	if !strings.HasPrefix(page, "<!DOCTYPE html>") || !strings.Contains(page, "Marta Okafor") {
		t.Fatalf("not the review page:\n%.300s", page)
	}
	for _, ext := range []string{"src=\"http", "href=\"http", "@import", "url(http"} {
		if strings.Contains(page, ext) {
			t.Errorf("the page loads %q from the network", ext)
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

// TestEvalStdinErrorsAndBadGold: "-" reads standard input, --errors shows
// the text of a missed quote from its offsets, and a malformed line is a
// usage error naming the line, not a panic.
func TestEvalStdinErrorsAndBadGold(t *testing.T) {
	const text = "The weather was calm. “We expect no delays,” said Ines Varga."
	start := strings.Index(text, "The weather")
	gold := `{"id":"g1","text":"` + text + `","quotes":[{"byte_start":` + fmt.Sprint(start) + `,"byte_end":21,"speaker":"Nobody","kind":"indirect"}]}` + "\n"
	code, out, stderr := runCLI(t, gold, "eval", "-", "--errors")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		Errors []struct{ Type, Text string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	missed := ""
	for _, e := range rep.Errors {
		if e.Type == "missed" {
			missed = e.Text
		}
	}
	if missed != "The weather was calm." {
		t.Errorf("missed quote text %q, want it from the offsets; errors %+v", missed, rep.Errors)
	}
	bad := gold + `{"id":"g2","text":"Short.","quotes":[{"byte_start":0,"byte_end":99,"speaker":"X","kind":"direct"}]}` + "\n"
	code, out, stderr = runCLI(t, bad, "eval", "-")
	if code != 2 || out != "" || !strings.Contains(stderr, "standard input: gold line 2 quote 1: byte_end 99 is past the end of the text (6 bytes)") {
		t.Errorf("byte_end past the text: exit %d, stderr %q", code, stderr)
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
		writeChatReply(w, reply, 700, 90)
	}))
	defer srv.Close()
	t.Setenv("OPENAI_BASE_URL", srv.URL+"/v1")
	file := writeFile(t, "pier.txt", story)
	var out, errb bytes.Buffer
	t.Setenv("OPENAI_API_KEY", "test-key")
	// WHOSAID_EXTRACTOR=llm chooses the extractor, as the README says
	t.Setenv("WHOSAID_EXTRACTOR", "llm")
	code := run(context.Background(), []string{"summarize", file, "--data-dir", t.TempDir()}, strings.NewReader(""), &out, &errb)
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
	if s.Extractor.Name != "llm" || s.Extractor.Dropped[article.DropNotFound] != 1 || len(s.Quotes) != 2 || s.Quotes[1].Confidence >= s.Quotes[0].Confidence {
		t.Fatalf("extractor %+v, quotes %+v", s.Extractor, s.Quotes)
	}
}

func TestUseColor(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, c := range []struct {
		terminal bool
		env      func(string) string
		want     bool
	}{
		{true, env("TERM", "xterm-256color"), true},
		{false, env("TERM", "xterm-256color"), false},
		{true, env("NO_COLOR", "1"), false},
		{true, env("TERM", "dumb"), false},
	} {
		if got := useColor(c.terminal, c.env); got != c.want {
			t.Errorf("useColor(%v, NO_COLOR=%q TERM=%q) = %v", c.terminal, c.env("NO_COLOR"), c.env("TERM"), got)
		}
	}
}

// writeChatReply answers a chat completion request as the OpenAI API
// does, with reply as the assistant's content and the given usage.
func writeChatReply(w http.ResponseWriter, reply []byte, promptTokens, completionTokens int) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"id": "c", "object": "chat.completion", "model": "gpt-4o-mini",
		"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": string(reply)}, "finish_reason": "stop"}},
		"usage":   map[string]any{"prompt_tokens": promptTokens, "completion_tokens": completionTokens},
	})
}
