// Package evaluate scores a who-said-what extractor against annotated
// articles the way the Gender Gap Tracker scores its own: a predicted quote
// matches a gold quote when their shared characters cover more than a share
// of the gold span, one to one, greedily by coverage.
package evaluate

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/internal/article"
)

// GoldQuote is one annotated quotation.
type GoldQuote struct {
	Text string `json:"text"`
	// Start and End are Unicode code point offsets into the article text.
	Start int `json:"start"`
	End   int `json:"end"`
	// ByteStart and ByteEnd are UTF-8 byte offsets; used when Start and End
	// are absent.
	ByteStart *int         `json:"byte_start,omitempty"`
	ByteEnd   *int         `json:"byte_end,omitempty"`
	Speaker   string       `json:"speaker"`
	Kind      article.Kind `json:"kind"`
}

// GoldArticle is one annotated article: a line of a gold JSONL file.
type GoldArticle struct {
	ID     string      `json:"id"`
	Text   string      `json:"text"`
	Quotes []GoldQuote `json:"quotes"`
}

// ReadGold reads a JSONL file of annotated articles, one per line. Every
// malformed line is an error naming the line (and the quote, counted from
// 1): bad JSON, no text, offsets missing, reversed, out of the text or
// splitting a character, and kinds other than direct, partial and indirect.
// A quote given by byte offsets gets its code point offsets, and a quote
// without text gets the text its offsets delimit, so error lists show it.
func ReadGold(r io.Reader) ([]GoldArticle, error) {
	var out []GoldArticle
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var g GoldArticle
		if err := json.Unmarshal(b, &g); err != nil {
			return nil, fmt.Errorf("gold line %d: not a JSON article: %w", line, err)
		}
		if g.Text == "" {
			return nil, fmt.Errorf("gold line %d: article has no text", line)
		}
		if !utf8.ValidString(g.Text) {
			return nil, fmt.Errorf("gold line %d: article text is not valid UTF-8", line)
		}
		runes := utf8.RuneCountInString(g.Text)
		for i := range g.Quotes {
			if err := checkGoldQuote(&g.Quotes[i], g.Text, runes); err != nil {
				return nil, fmt.Errorf("gold line %d quote %d: %w", line, i+1, err)
			}
		}
		out = append(out, g)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read gold (after line %d): %w", line, err)
	}
	return out, nil
}

// checkGoldQuote validates one gold quote against its article text of
// runes code points, filling in code point offsets from byte offsets and
// the text from the offsets.
func checkGoldQuote(q *GoldQuote, text string, runes int) error {
	if !q.Kind.Valid() {
		return fmt.Errorf("unknown kind %q (want direct, partial or indirect)", q.Kind)
	}
	hasBytes := q.ByteStart != nil || q.ByteEnd != nil
	if q.Start == 0 && q.End == 0 && hasBytes {
		if q.ByteStart == nil || q.ByteEnd == nil {
			return fmt.Errorf("byte_start and byte_end must be given together")
		}
		bs, be := *q.ByteStart, *q.ByteEnd
		switch {
		case bs < 0:
			return fmt.Errorf("byte_start %d is negative", bs)
		case be > len(text):
			return fmt.Errorf("byte_end %d is past the end of the text (%d bytes)", be, len(text))
		case be <= bs:
			return fmt.Errorf("empty or reversed span: byte_start %d, byte_end %d", bs, be)
		case !utf8.RuneStart(text[bs]) || (be < len(text) && !utf8.RuneStart(text[be])):
			return fmt.Errorf("byte offsets [%d,%d) split a UTF-8 character", bs, be)
		}
		q.Start = utf8.RuneCountInString(text[:bs])
		q.End = utf8.RuneCountInString(text[:be])
	}
	switch {
	case q.Start < 0:
		return fmt.Errorf("start %d is negative", q.Start)
	case q.End > runes:
		return fmt.Errorf("end %d is past the end of the text (%d characters)", q.End, runes)
	case q.End <= q.Start:
		return fmt.Errorf("empty or reversed span: start %d, end %d (give start/end in code points, or byte_start/byte_end)", q.Start, q.End)
	}
	if q.Text == "" {
		q.Text = runeSlice(text, q.Start, q.End)
	}
	return nil
}

// runeSlice returns text between code point offsets start and end.
func runeSlice(text string, start, end int) string {
	i, bs, be := 0, len(text), len(text)
	for b := range text {
		if i == start {
			bs = b
		}
		if i == end {
			be = b
			break
		}
		i++
	}
	return text[bs:be]
}

// Extractor is what is scored.
type Extractor interface {
	Extract(ctx context.Context, a article.Article) (article.Summary, error)
}

// Counts are the tallies behind precision and recall.
type Counts struct {
	Gold      int     `json:"gold"`
	Predicted int     `json:"predicted"`
	Matched   int     `json:"matched"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	// predMatched counts matched predictions when it differs from Matched
	// (per kind, where the gold and predicted kinds of a pair can differ).
	predMatched *int
}

func (c *Counts) finish() {
	pm := c.Matched
	if c.predMatched != nil {
		pm = *c.predMatched
	}
	if c.Predicted > 0 {
		c.Precision = round(float64(pm) / float64(c.Predicted))
	}
	if c.Gold > 0 {
		c.Recall = round(float64(c.Matched) / float64(c.Gold))
	}
	if c.Precision+c.Recall > 0 {
		c.F1 = round(2 * c.Precision * c.Recall / (c.Precision + c.Recall))
	}
}

func round(f float64) float64 { return float64(int(f*10000+0.5)) / 10000 }

// Report is the score of an extractor on a gold set.
type Report struct {
	Counts
	// SpeakerAccuracy is the share of matched pairs whose speakers agree.
	SpeakerAccuracy float64 `json:"speaker_accuracy"`
	// Cover is the share of a gold span a prediction must cover.
	Cover float64 `json:"cover"`
	// ByKind breaks the figures down by kind: recall by the gold quote's
	// kind, precision by the predicted quote's kind.
	ByKind map[article.Kind]*Counts `json:"by_kind"`
	// Errors lists what went wrong, when asked for.
	Errors []Error `json:"errors,omitempty"`
	// Calibration is the reliability of the confidences, when asked for.
	Calibration *Calibration `json:"calibration,omitempty"`
}

// Error is one missed, spurious or misattributed quote.
type Error struct {
	Article string `json:"article"`
	// Type is "missed", "spurious" or "speaker".
	Type        string       `json:"type"`
	Kind        article.Kind `json:"kind"`
	Text        string       `json:"text"`
	Gold        string       `json:"gold_speaker,omitempty"`
	Predicted   string       `json:"predicted_speaker,omitempty"`
	Coverage    float64      `json:"coverage,omitempty"`
	PredictText string       `json:"predicted_text,omitempty"`
}

// Options tune a scoring run.
type Options struct {
	// Cover is the share of the gold span that must be covered (0.3 when 0).
	Cover float64
	// Errors asks for the list of errors.
	Errors bool
	// Calibration asks for the reliability table of the confidences.
	Calibration bool
}

// Score runs the extractor on every gold article and scores the result.
func Score(ctx context.Context, x Extractor, gold []GoldArticle, opt Options) (*Report, error) {
	if opt.Cover <= 0 {
		opt.Cover = 0.3
	}
	rep := &Report{Cover: opt.Cover, ByKind: map[article.Kind]*Counts{}}
	for _, k := range []article.Kind{article.KindDirect, article.KindPartial, article.KindIndirect} {
		rep.ByKind[k] = &Counts{}
	}
	agree := 0
	var cal calibrator
	for _, g := range gold {
		s, err := x.Extract(ctx, article.Article{Source: "eval", ID: g.ID, Text: g.Text})
		if err != nil {
			return nil, fmt.Errorf("extract %s: %w", g.ID, err)
		}
		pairs := Match(g, &s, opt.Cover)
		rep.Gold += len(g.Quotes)
		rep.Predicted += len(s.Quotes)
		rep.Matched += len(pairs)
		for _, q := range g.Quotes {
			rep.kind(q.Kind).Gold++
		}
		for _, q := range s.Quotes {
			rep.kind(q.Kind).Predicted++
		}
		matchedGold := map[int]bool{}
		matchedPred := map[int]bool{}
		for _, p := range pairs {
			matchedGold[p.Gold], matchedPred[p.Pred] = true, true
			gq, pq := g.Quotes[p.Gold], s.Quotes[p.Pred]
			rep.kind(gq.Kind).Matched++
			pk := rep.kind(pq.Kind)
			if pk.predMatched == nil {
				pk.predMatched = new(int)
			}
			*pk.predMatched++
			name := s.SpeakerByID(pq.Speaker).Name
			same := SameSpeaker(gq.Speaker, name)
			cal.add(pq.Confidence, same)
			if same {
				agree++
			} else if opt.Errors {
				rep.Errors = append(rep.Errors, Error{Article: g.ID, Type: "speaker", Kind: gq.Kind, Text: gq.Text, Gold: gq.Speaker, Predicted: name})
			}
		}
		for i, q := range s.Quotes {
			if !matchedPred[i] {
				cal.add(q.Confidence, false)
			}
		}
		if opt.Errors {
			for i, q := range g.Quotes {
				if !matchedGold[i] {
					rep.Errors = append(rep.Errors, Error{Article: g.ID, Type: "missed", Kind: q.Kind, Text: q.Text, Gold: q.Speaker})
				}
			}
			for i, q := range s.Quotes {
				if !matchedPred[i] {
					rep.Errors = append(rep.Errors, Error{Article: g.ID, Type: "spurious", Kind: q.Kind, Text: q.Text, Predicted: s.SpeakerByID(q.Speaker).Name})
				}
			}
		}
	}
	rep.finish()
	if opt.Calibration {
		rep.Calibration = cal.result()
	}
	if rep.Matched > 0 {
		rep.SpeakerAccuracy = round(float64(agree) / float64(rep.Matched))
	}
	for _, c := range rep.ByKind {
		if c.predMatched == nil {
			c.predMatched = new(int)
		}
		c.finish()
	}
	return rep, nil
}

func (r *Report) kind(k article.Kind) *Counts {
	c, ok := r.ByKind[k]
	if !ok {
		c = &Counts{}
		r.ByKind[k] = c
	}
	return c
}

// Pair is a matched gold and predicted quote, by index.
type Pair struct {
	Gold, Pred int
	Coverage   float64
}

// Match pairs the predicted quotes of s with the gold quotes of g: a pair
// qualifies when the prediction covers more than cover of the gold span
// (counted in code points); pairs are taken greedily by coverage, one to
// one.
func Match(g GoldArticle, s *article.Summary, cover float64) []Pair {
	// byte offset → code point offset
	runeAt := func(b int) int { return utf8.RuneCountInString(g.Text[:min(b, len(g.Text))]) }
	type cand struct {
		Pair
	}
	var cands []cand
	for pi, p := range s.Quotes {
		ps, pe := runeAt(p.Start), runeAt(p.End)
		for gi, q := range g.Quotes {
			ov := min(pe, q.End) - max(ps, q.Start)
			if ov <= 0 {
				continue
			}
			c := float64(ov) / float64(q.End-q.Start)
			if c > cover {
				cands = append(cands, cand{Pair{gi, pi, c}})
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].Coverage > cands[j].Coverage })
	usedG, usedP := map[int]bool{}, map[int]bool{}
	var out []Pair
	for _, c := range cands {
		if usedG[c.Gold] || usedP[c.Pred] {
			continue
		}
		usedG[c.Gold], usedP[c.Pred] = true, true
		out = append(out, c.Pair)
	}
	return out
}

// titles are dropped before speaker names are compared.
var titles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "prof": true, "professor": true,
	"sir": true, "dame": true, "justice": true, "judge": true, "president": true, "prime": true,
	"minister": true, "premier": true, "mayor": true, "senator": true, "sen": true, "rep": true,
	"gov": true, "governor": true, "chief": true, "first": true, "lady": true, "the": true,
	"hon": true, "rev": true, "sgt": true, "const": true, "det": true, "insp": true, "supt": true,
	"capt": true, "lt": true, "col": true, "gen": true, "coun": true, "councillor": true,
}

// NormalizeSpeaker folds a name for comparison: lower case, no punctuation,
// no honorifics or titles.
func NormalizeSpeaker(name string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return unicode.IsSpace(r) || (unicode.IsPunct(r) && r != '-' && r != '\'' && r != '’')
	}) {
		w = strings.Trim(w, "-'’")
		w = strings.TrimSuffix(strings.TrimSuffix(w, "’s"), "'s")
		if w == "" || titles[w] {
			continue
		}
		out = append(out, w)
	}
	return out
}

// SameSpeaker reports whether two speaker names agree after normalisation;
// a bare surname agrees with a full name that ends in it.
func SameSpeaker(a, b string) bool {
	x, y := NormalizeSpeaker(a), NormalizeSpeaker(b)
	if len(x) == 0 || len(y) == 0 {
		return false
	}
	if strings.Join(x, " ") == strings.Join(y, " ") {
		return true
	}
	if len(x) == 1 && x[0] == y[len(y)-1] {
		return true
	}
	return len(y) == 1 && y[0] == x[len(x)-1]
}
