// Package markup reads the annotated source form of the offline extractor's
// challenge set and turns it into gold articles in the evaluation format,
// with every offset computed from the text, never typed by hand.
//
// An article file starts with a header of "key: value" lines (id and
// patterns), then a line "---", then the article body with inline markup,
// then a line "---" and one line per quotation: "N KIND SPEAKER".
//
// Inline markup (removed from the text; offsets refer to the clean text):
//
//	{{N span}}      quotation N (nestable)
//	<<N mention>>   the speaker mention of quotation N; "<<1,2 she>>" serves two
//	((N cue))       the reporting cue of quotation N; "((1,2 said))" serves two
package markup

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Span is a stretch of the article text: its words and code point offsets.
type Span struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Quote is one gold quotation in the evaluation format.
type Quote struct {
	Text           string `json:"text"`
	Start          int    `json:"start"`
	End            int    `json:"end"`
	ByteStart      int    `json:"byte_start"`
	ByteEnd        int    `json:"byte_end"`
	Speaker        string `json:"speaker"`
	Kind           string `json:"kind"`
	SpeakerMention *Span  `json:"speaker_mention"`
	Cue            *Span  `json:"cue"`
}

// Article is one gold article: a line of challenge.jsonl.
type Article struct {
	ID       string   `json:"id"`
	Dataset  string   `json:"dataset"`
	Patterns []string `json:"patterns"`
	Text     string   `json:"text"`
	Quotes   []Quote  `json:"quotes"`
}

// span is a marked stretch while parsing: byte and code point offsets.
type span struct {
	ids            []int
	bs, be, rs, re int
}

var pairs = []struct {
	open, close string
}{{"{{", "}}"}, {"<<", ">>"}, {"((", "))"}}

// Parse reads one annotated article.
func Parse(name, src string) (Article, error) {
	parts := strings.Split(src, "\n---\n")
	if len(parts) != 3 {
		return Article{}, fmt.Errorf("%s: want header, body and speaker table separated by lines of ---, got %d parts", name, len(parts))
	}
	var a Article
	a.Dataset = "challenge"
	for _, line := range strings.Split(parts[0], "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(k) {
		case "id":
			a.ID = strings.TrimSpace(v)
		case "patterns":
			for _, p := range strings.Split(v, ",") {
				if p = strings.TrimSpace(p); p != "" {
					if slices.Contains(a.Patterns, p) {
						return a, fmt.Errorf("%s: pattern %q named twice", name, p)
					}
					a.Patterns = append(a.Patterns, p)
				}
			}
		}
	}
	if a.ID == "" {
		return a, fmt.Errorf("%s: no id in header", name)
	}
	body := strings.Trim(parts[1], "\n")
	var out strings.Builder
	stacks := make([][]span, len(pairs))
	var done [3][]span
	runes := 0
	for i := 0; i < len(body); {
		matched := false
		for t, p := range pairs {
			if strings.HasPrefix(body[i:], p.open) {
				j := i + len(p.open)
				k := j
				for k < len(body) && (body[k] >= '0' && body[k] <= '9' || body[k] == ',') {
					k++
				}
				if k == j || k >= len(body) || body[k] != ' ' {
					return a, fmt.Errorf("%s: %q at byte %d must be followed by ids and a space", name, p.open, i)
				}
				var ids []int
				for _, f := range strings.Split(body[j:k], ",") {
					n, err := strconv.Atoi(f)
					if err != nil {
						return a, fmt.Errorf("%s: bad id %q", name, f)
					}
					ids = append(ids, n)
				}
				stacks[t] = append(stacks[t], span{ids: ids, bs: out.Len(), rs: runes})
				i = k + 1
				matched = true
				break
			}
			if strings.HasPrefix(body[i:], p.close) {
				n := len(stacks[t])
				if n == 0 {
					return a, fmt.Errorf("%s: unmatched %q at byte %d", name, p.close, i)
				}
				s := stacks[t][n-1]
				stacks[t] = stacks[t][:n-1]
				s.be, s.re = out.Len(), runes
				done[t] = append(done[t], s)
				i += len(p.close)
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		r, size := utf8.DecodeRuneInString(body[i:])
		out.WriteRune(r)
		runes++
		i += size
	}
	for t, st := range stacks {
		if len(st) > 0 {
			return a, fmt.Errorf("%s: %q left open", name, pairs[t].open)
		}
	}
	a.Text = out.String()
	text := a.Text

	type meta struct{ kind, speaker string }
	metas := map[int]meta{}
	for _, line := range strings.Split(strings.TrimSpace(parts[2]), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		f := strings.SplitN(line, " ", 3)
		if len(f) != 3 {
			return a, fmt.Errorf("%s: speaker line %q: want N KIND SPEAKER", name, line)
		}
		n, err := strconv.Atoi(f[0])
		if err != nil {
			return a, fmt.Errorf("%s: speaker line %q: %w", name, line, err)
		}
		if f[1] != "direct" && f[1] != "partial" && f[1] != "indirect" {
			return a, fmt.Errorf("%s: quote %d: kind %q", name, n, f[1])
		}
		if _, dup := metas[n]; dup {
			return a, fmt.Errorf("%s: quote %d described twice", name, n)
		}
		metas[n] = meta{f[1], strings.TrimSpace(f[2])}
	}
	quotes := map[int]*Quote{}
	for _, s := range done[0] {
		if len(s.ids) != 1 {
			return a, fmt.Errorf("%s: a quotation span has exactly one id", name)
		}
		n := s.ids[0]
		m, ok := metas[n]
		if !ok {
			return a, fmt.Errorf("%s: quote %d has no speaker line", name, n)
		}
		if _, dup := quotes[n]; dup {
			return a, fmt.Errorf("%s: quote %d marked twice", name, n)
		}
		q := &Quote{Text: text[s.bs:s.be], Start: s.rs, End: s.re, ByteStart: s.bs, ByteEnd: s.be, Speaker: m.speaker, Kind: m.kind}
		if q.Text != strings.TrimSpace(q.Text) || q.Text == "" {
			return a, fmt.Errorf("%s: quote %d %q is empty or has outer spaces", name, n, q.Text)
		}
		quotes[n] = q
	}
	for n := range metas {
		if quotes[n] == nil {
			return a, fmt.Errorf("%s: quote %d has a speaker line but no span", name, n)
		}
	}
	for t, field := range []string{"mention", "cue"} {
		for _, s := range done[t+1] {
			sp := &Span{Text: text[s.bs:s.be], Start: s.rs, End: s.re}
			for _, n := range s.ids {
				q := quotes[n]
				if q == nil {
					return a, fmt.Errorf("%s: %s %q names quote %d, which is not marked", name, field, sp.Text, n)
				}
				if t == 0 {
					if q.SpeakerMention != nil {
						return a, fmt.Errorf("%s: quote %d has two mentions", name, n)
					}
					q.SpeakerMention = sp
				} else {
					if q.Cue != nil {
						return a, fmt.Errorf("%s: quote %d has two cues", name, n)
					}
					q.Cue = sp
				}
			}
		}
	}
	ids := make([]int, 0, len(quotes))
	for n := range quotes {
		ids = append(ids, n)
	}
	sort.Ints(ids)
	for _, n := range ids {
		a.Quotes = append(a.Quotes, *quotes[n])
	}
	sort.SliceStable(a.Quotes, func(i, j int) bool { return a.Quotes[i].ByteStart < a.Quotes[j].ByteStart })
	return a, nil
}

// Load reads every article file (*.txt) in dir, sorted by file name.
func Load(dir string) ([]Article, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no article files in %s", dir)
	}
	sort.Strings(files)
	var out []Article
	seen := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read article: %w", err)
		}
		a, err := Parse(filepath.Base(f), string(b))
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[a.ID]; dup {
			return nil, fmt.Errorf("%s: id %s already used by %s", filepath.Base(f), a.ID, prev)
		}
		seen[a.ID] = filepath.Base(f)
		out = append(out, a)
	}
	return out, nil
}

// JSONL renders articles as the gold file: one JSON document per line.
func JSONL(arts []Article) ([]byte, error) {
	var b strings.Builder
	w := bufio.NewWriter(&b)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, a := range arts {
		if err := enc.Encode(a); err != nil {
			return nil, fmt.Errorf("encode %s: %w", a.ID, err)
		}
	}
	if err := w.Flush(); err != nil {
		return nil, fmt.Errorf("flush: %w", err)
	}
	return []byte(b.String()), nil
}

// Words counts the words of an article's text.
func Words(a Article) int { return len(strings.Fields(a.Text)) }

// Unmarked lists the quotation marks that lie outside every gold span, with
// some context: scare quotes, titles, captions and teasers are expected
// there, forgotten quotations are not. It is a reviewing aid for authors.
func Unmarked(a Article) []string {
	inside := func(b int) bool {
		for _, q := range a.Quotes {
			if b >= q.ByteStart && b < q.ByteEnd {
				return true
			}
		}
		return false
	}
	var out []string
	for i, r := range a.Text {
		switch r {
		case '“', '«', '„', '"', '`':
		default:
			continue
		}
		if inside(i) {
			continue
		}
		lo, hi := max(0, i-30), min(len(a.Text), i+50)
		for lo > 0 && !utf8.RuneStart(a.Text[lo]) {
			lo--
		}
		for hi < len(a.Text) && !utf8.RuneStart(a.Text[hi]) {
			hi++
		}
		out = append(out, a.Text[lo:hi])
	}
	return out
}
