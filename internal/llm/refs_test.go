package llm

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/evaltest"
)

// goldQuote is a quotation a test model knows about an article.
type goldQuote struct {
	Text, Speaker, Kind string
}

// quoteModel is a local Chat Completions server that answers with the
// quotations it was given, for those in the paragraphs it is asked to
// extract from, copied (the default schema) or pointed at (first and last
// words, the QuoteRefs schema) as the request's schema asks. The reported
// completion tokens are the reply's tokens by our tokenizer.
type quoteModel struct {
	t      *testing.T
	quotes []goldQuote
	tok    *Tokenizer
}

func (m *quoteModel) handle(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	var req struct {
		Messages []struct {
			Role, Content string
		} `json:"messages"`
	}
	if err := json.Unmarshal(raw, &req); err != nil {
		http.Error(w, "bad json", 400)
		return
	}
	refs := strings.Contains(req.Messages[0].Content, "point at it")
	_, extract, _ := strings.Cut(req.Messages[1].Content, "Extract from:\n")
	speakers := []ReplySpeaker{}
	seen := map[string]bool{}
	var copied []ReplyQuote
	var pointed []string
	index := map[string]int{}
	for _, pm := range paraLine.FindAllStringSubmatch(extract, -1) {
		n, _ := strconv.Atoi(pm[1])
		for _, q := range m.quotes {
			if !strings.Contains(pm[2], q.Text) {
				continue
			}
			if !seen[q.Speaker] {
				seen[q.Speaker] = true
				index[q.Speaker] = len(speakers)
				speakers = append(speakers, ReplySpeaker{Name: q.Speaker, Aliases: []string{}})
			}
			copied = append(copied, ReplyQuote{Speaker: q.Speaker, Text: q.Text, Kind: q.Kind, Cue: "said", Paragraph: n})
			words := strings.Fields(q.Text)
			first, last := q.Text, ""
			if len(words) > 6 {
				first, last = strings.Join(words[:3], " "), strings.Join(words[len(words)-3:], " ")
			}
			pointed = append(pointed, strconv.Itoa(index[q.Speaker])+"|"+strconv.Itoa(n)+"|"+q.Kind[:1]+"|said|"+first+"|"+last)
		}
	}
	var content []byte
	if refs {
		content, _ = json.Marshal(ReplyRefs{Summary: "A report.", Speakers: speakers, Quotes: append([]string{}, pointed...)})
	} else {
		content, _ = json.Marshal(Reply{Summary: "A report.", Speakers: speakers, Quotes: append([]ReplyQuote{}, copied...)})
	}
	in := 0
	for _, msg := range req.Messages {
		in += m.tok.Count(msg.Content)
	}
	writeCompletion(w, string(content), "stop", in, m.tok.Count(string(content)))
}

// extractBoth runs the extractor on text copying and pointing, and returns
// both summaries.
func extractBoth(t *testing.T, text string, quotes []goldQuote) (copied, pointed article.Summary) {
	t.Helper()
	tok, _ := NewTokenizer("gpt-4o-mini")
	m := &quoteModel{t: t, quotes: quotes, tok: tok}
	srv := httptest.NewServer(http.HandlerFunc(m.handle))
	defer srv.Close()
	for _, refs := range []bool{false, true} {
		x, err := New(Config{APIKey: "k", BaseURL: srv.URL + "/v1", QuoteRefs: refs, MaxAttempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		s, err := x.Extract(context.Background(), article.Article{Source: "t", ID: "a", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if refs {
			pointed = s
		} else {
			copied = s
		}
	}
	return copied, pointed
}

func sameQuotes(a, b article.Summary) bool {
	if len(a.Quotes) != len(b.Quotes) {
		return false
	}
	for i := range a.Quotes {
		if a.Quotes[i].Start != b.Quotes[i].Start || a.Quotes[i].End != b.Quotes[i].End || a.Quotes[i].Speaker != b.Quotes[i].Speaker {
			return false
		}
	}
	return true
}

func TestQuoteRefsFindTheSameQuotesForHalfTheOutput(t *testing.T) {
	text := "The harbour board met on Monday to discuss the new ferry schedule for the winter months.\n\n" +
		"\"We have listened to every islander who wrote to us, and the timetable we publish today keeps the early boat that commuters rely on,\" said Clara Wendt, the board chair.\n\n" +
		"Engineers warned that the pier needs repairs before the storms arrive.\n\n" +
		"\"If the pylons are not replaced by November we will have to close the northern berth for the whole season, and that would hurt the fishing fleet most,\" said Ravi Anand, the chief engineer.\n\n" +
		"Wendt said the board would vote on the repair budget next week."
	quotes := []goldQuote{
		{Text: "\"We have listened to every islander who wrote to us, and the timetable we publish today keeps the early boat that commuters rely on,\"", Speaker: "Clara Wendt", Kind: "direct"},
		{Text: "\"If the pylons are not replaced by November we will have to close the northern berth for the whole season, and that would hurt the fishing fleet most,\"", Speaker: "Ravi Anand", Kind: "direct"},
	}
	copied, pointed := extractBoth(t, text, quotes)
	if len(copied.Quotes) < 2 || !sameQuotes(copied, pointed) {
		t.Fatalf("pointing found other quotes than copying:\n%+v\n%+v", copied.Quotes, pointed.Quotes)
	}
	for _, q := range pointed.Quotes {
		if text[q.Start:q.End] != q.Text {
			t.Fatalf("quote %q is not at its offsets", q.Text)
		}
	}
	c, p := copied.Extractor.Usage.OutputTokens, pointed.Extractor.Usage.OutputTokens
	perC, perP := float64(c)/float64(len(copied.Quotes)), float64(p)/float64(len(pointed.Quotes))
	t.Logf("output tokens per quotation: copied %.1f, pointed %.1f", perC, perP)
	if perP > perC/2 {
		t.Fatalf("pointing costs %.1f output tokens a quotation, copying %.1f: not half", perP, perC)
	}
	if HashFor(Config{}) == HashFor(Config{QuoteRefs: true}) {
		t.Fatal("the config hash does not tell pointing from copying")
	}

	// A pointer that does not match the article is dropped and counted.
	g := newGrounder(text, numbered(text))
	if got := g.resolve("\"We have listened", "the night boat,\"", 2); got != "" {
		t.Fatalf("an unmatched last part resolved to %q", got)
	}
	if got := g.resolve("\"We have listened", "commuters rely on,\"", 2); got != quotes[0].Text {
		t.Fatalf("resolved %q", got)
	}
}

// TestQuoteRefsOnDevTexts measures output tokens per quotation over the
// internal development texts (skipped without them), answering with their
// annotated quotations: go test -run QuoteRefsOnDev -v ./internal/llm
func TestQuoteRefsOnDevTexts(t *testing.T) {
	f, err := os.Open(filepath.Join(evaltest.Dir(t), "ggt-dev.jsonl"))
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var outC, outP, nC, nP, inC, inP, articles int
	for sc.Scan() {
		var rec struct {
			Text   string `json:"text"`
			Quotes []struct {
				Text, Speaker, Kind string
			} `json:"quotes"`
		}
		if json.Unmarshal(sc.Bytes(), &rec) != nil || rec.Text == "" {
			continue
		}
		var qs []goldQuote
		for _, q := range rec.Quotes {
			kind := q.Kind
			if kind != "direct" && kind != "partial" && kind != "indirect" {
				kind = "direct"
			}
			qs = append(qs, goldQuote{Text: q.Text, Speaker: q.Speaker, Kind: kind})
		}
		c, p := extractBoth(t, rec.Text, qs)
		if !sameQuotes(c, p) {
			t.Errorf("article %d: %d quotes copied, %d pointed, not the same", articles, len(c.Quotes), len(p.Quotes))
		}
		articles++
		outC += c.Extractor.Usage.OutputTokens
		outP += p.Extractor.Usage.OutputTokens
		inC += c.Extractor.Usage.InputTokens
		inP += p.Extractor.Usage.InputTokens
		nC += len(qs)
		nP += len(qs)
	}
	if articles == 0 || nC == 0 {
		t.Skip("no development texts")
	}
	perC, perP := float64(outC)/float64(nC), float64(outP)/float64(nP)
	t.Logf("%d articles, %d annotated quotations: input tokens/article copied %d, pointed %d; output tokens/article copied %d, pointed %d; output tokens/quotation copied %.1f, pointed %.1f (%.0f%%)",
		articles, nC, inC/articles, inP/articles, outC/articles, outP/articles, perC, perP, 100*perP/perC)
	if perP > perC/2 {
		t.Errorf("pointing: %.1f output tokens a quotation, copying %.1f: not half", perP, perC)
	}
}
