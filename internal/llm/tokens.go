package llm

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tokenizer estimates how many tokens a text costs a model, for chunking
// long articles under a token budget. It needs no tables: a text is cut
// into the pieces byte-level BPE tokenizers (o200k_base, cl100k_base) cut it
// into first — words with their leading space, runs of up to three digits,
// runs of punctuation, white space — and each piece is priced by its kind
// and length, from averages measured on news text with tiktoken. Building
// one costs nothing, so the function's cold start does not pay for BPE
// tables (tiktoken-go's embedded ones took 0.7–1.1 s and 48 MB to load and
// 7 MB of binary). tokens_test.go holds the error against tiktoken's exact
// counts within 10% per text for English and 25% for other scripts (worst
// seen: 6.3% and 21%), far inside what a chunk budget needs; the API
// reports the exact usage afterwards.
type Tokenizer struct {
	enc prices
}

// prices holds what an encoding charges for letters outside ASCII; English
// costs the same in both.
type prices struct {
	accented float64 // extra per accented Latin letter in a word
	cyrillic float64 // per Cyrillic or Greek letter
	cjk      float64 // per Han, kana or Hangul character
	other    float64 // per letter of any other script
}

var (
	o200k  = prices{accented: 0.45, cyrillic: 0.22, cjk: 0.88, other: 0.36}
	cl100k = prices{accented: 1.2, cyrillic: 0.55, cjk: 1.2, other: 0.85}
)

// NewTokenizer returns the token estimator for a model: cl100k_base's
// prices for GPT-4 (not 4o, 4.1 or 4.5) and GPT-3.5 models, o200k_base's
// (current OpenAI models) for any other. It never fails; the error is kept
// for callers written against an exact tokenizer.
func NewTokenizer(model string) (*Tokenizer, error) {
	enc := o200k
	m := strings.ToLower(model)
	if strings.HasPrefix(m, "gpt-3.5") || m == "gpt-4" || strings.HasPrefix(m, "gpt-4-") || strings.HasPrefix(m, "text-embedding-") {
		enc = cl100k
	}
	return &Tokenizer{enc: enc}, nil
}

// asciiWord is the average number of tokens of an ASCII word of n letters
// (index n, capped at the last entry) with its leading space or mark,
// lower-case and capitalised.
var asciiWord = [2][]float64{
	{0, 1, 1, 1, 1, 1.01, 1.04, 1.07, 1.07, 1.1, 1.18, 1.24, 1.25, 1.3, 1.4, 1.6},
	{0, 1, 1, 1.04, 1.12, 1.2, 1.3, 1.37, 1.43, 1.5, 1.65, 1.9, 1.95, 2, 2.1, 2.3},
}

// Count returns the estimated number of tokens of s.
func (t *Tokenizer) Count(s string) int {
	var total float64
	for i := 0; i < len(s); {
		n, cost := t.piece(s[i:])
		total += cost
		i += n
	}
	return int(total + 0.5)
}

// piece measures the piece at the start of s: its length in bytes and its
// estimated cost in tokens.
func (t *Tokenizer) piece(s string) (int, float64) {
	r, size := utf8.DecodeRuneInString(s)
	switch {
	case r == '\n' || r == '\r':
		n := size
		for n < len(s) && (s[n] == '\n' || s[n] == '\r' || s[n] == ' ' || s[n] == '\t') {
			n++
		}
		return n, 1
	case unicode.IsSpace(r):
		n := size
		for n < len(s) && (s[n] == ' ' || s[n] == '\t') {
			n++
		}
		// A single space joins the word after it.
		if n == size && n < len(s) {
			if next, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsLetter(next) {
				w, cost := t.word(s[n:])
				return n + w, cost
			}
		}
		if n < len(s) && n > size {
			// Several spaces: all but the last are one token, the last
			// joins what follows.
			return n - 1, 1
		}
		return n, 1
	case unicode.IsDigit(r):
		n, digits := 0, 0
		for n < len(s) {
			d, ds := utf8.DecodeRuneInString(s[n:])
			if !unicode.IsDigit(d) {
				break
			}
			n += ds
			digits++
		}
		return n, float64((digits + 2) / 3)
	case unicode.IsLetter(r) || unicode.Is(unicode.M, r):
		return t.word(s)
	}
	// Punctuation and symbols: one mark followed by a word joins it.
	if size < len(s) {
		if next, _ := utf8.DecodeRuneInString(s[size:]); unicode.IsLetter(next) {
			w, cost := t.word(s[size:])
			return size + w, cost
		}
	}
	n, marks := 0, 0
	for n < len(s) {
		p, ps := utf8.DecodeRuneInString(s[n:])
		if unicode.IsLetter(p) || unicode.IsDigit(p) || unicode.IsSpace(p) {
			break
		}
		n += ps
		marks++
	}
	return n, punctCost(marks)
}

// punctCost prices a run of punctuation marks.
func punctCost(marks int) float64 {
	if marks <= 1 {
		return 1
	}
	return 1 + float64(marks-1)*0.17
}

// word measures a run of letters (and combining marks) at the start of s,
// with a trailing English contraction ('s, 't, 're, 've, 'm, 'll, 'd).
func (t *Tokenizer) word(s string) (int, float64) {
	n, letters, accented, upper := 0, 0, 0, false
	var other float64
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if !unicode.IsLetter(r) && !unicode.Is(unicode.M, r) {
			break
		}
		if letters == 0 {
			upper = unicode.IsUpper(r)
		}
		switch {
		case r < utf8.RuneSelf:
		case r < 0x250:
			accented++
		default:
			other += t.runeCost(r)
		}
		n += size
		letters++
	}
	var cost float64
	if n < len(s) && (s[n] == '\'' || strings.HasPrefix(s[n:], "’")) {
		q := 1
		if s[n] != '\'' {
			q = len("’")
		}
		rest := s[n+q:]
		for _, c := range []string{"s", "t", "re", "ve", "m", "ll", "d"} {
			if strings.HasPrefix(rest, c) && (len(rest) == len(c) || !isLetterByte(rest[len(c)])) {
				n += q + len(c)
				if q > 1 {
					// A curly apostrophe is a token of its own, the
					// contraction another.
					cost++
				}
				break
			}
		}
	}
	if other > 0 {
		return n, cost + max(1, other)
	}
	row := asciiWord[0]
	if upper {
		row = asciiWord[1]
	}
	cost += row[min(letters, len(row)-1)] + float64(max(0, letters-len(row)+1))*0.3
	return n, cost + float64(accented)*t.enc.accented
}

func isLetterByte(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// runeCost prices a letter outside Latin, by script.
func (t *Tokenizer) runeCost(r rune) float64 {
	switch {
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
		return t.enc.cjk
	case unicode.In(r, unicode.Cyrillic, unicode.Greek):
		return t.enc.cyrillic
	}
	return t.enc.other
}

// chatOverhead is what the chat format adds per message and per reply
// (OpenAI's cookbook: 3 tokens a message, 3 to prime the reply).
const (
	perMessage = 3
	perReply   = 3
)

// CountMessages counts a chat request's message tokens.
func (t *Tokenizer) CountMessages(msgs ...string) int {
	n := perReply
	for _, m := range msgs {
		n += perMessage + t.Count(m)
	}
	return n
}
