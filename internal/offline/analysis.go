package offline

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/internal/article"
)

// The analysis: the working state of one extraction and the helpers the
// stages share.

// analysis holds the working state of one extraction.
type analysis struct {
	text   string
	paras  []span
	quotes []quoteSpan
	toks   []token
	sents  []sentence
	ents   entities

	// runEnt maps the first token of a name run to its entity, so a run
	// read during the scan is not resolved twice.
	runEnt []int32 // entity id + 1 per token; 0: none yet

	found []found
	// skip marks boilerplate paragraphs: teasers, captions, page furniture.
	skip []bool

	cueBuf []cue   // findCues' reusable buffer
	slab   strSlab // the word lists of name runs
	cueIdx cueIndex
	sc     *scratch // pooled storage, see release
}

// found is one quotation the analysis located, before output.
type found struct {
	span       span
	kind       article.Kind
	cue        string
	ent        int // entity index, -1 when unknown
	para       int
	confidence float64
	quote      int // index into quotes for direct and partial, else -1
	// fragment is, for a partial quote, the quoted words with their marks.
	fragment span
}

func newAnalysis(text string) *analysis {
	a := &analysis{text: text}
	a.paras = splitParagraphsInto(a.scratch().paras, text)
	a.quotes = findQuotesInto(a.scratch().quotes, text, a.paras)
	a.toks = tokenizeInto(a.scratch().toks, text, a.paras, a.quotes)
	a.reuseScratch()
	a.sents = splitSentencesInto(a.scratch().sents, text, a.toks)
	a.skip = skipParagraphs(text, a.paras)
	return a
}

// tokenAt returns the index of the first token starting at or after byte pos.
func (a *analysis) tokenAt(pos int) int {
	return sort.Search(len(a.toks), func(i int) bool { return a.toks[i].start >= pos })
}

// sentOf returns the index of the sentence holding token i.
func (a *analysis) sentOf(i int) int {
	lo, hi := 0, len(a.sents)
	for lo < hi {
		m := (lo + hi) / 2
		if a.sents[m].end <= i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// firstLetterUpper reports whether the first letter within [s.start, s.end)
// is upper case or a digit.
func firstLetterUpper(text string, s span) bool {
	for _, r := range text[s.start:s.end] {
		if unicode.IsLetter(r) {
			return unicode.IsUpper(r)
		}
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// wordCount counts the words of text without allocating.
func wordCount(text string) int {
	n, in := 0, false
	for i := 0; i < len(text); {
		// ASCII without decoding; anything else by its rune
		var space bool
		if c := text[i]; c < utf8.RuneSelf {
			space = c == ' ' || '\t' <= c && c <= '\r'
			i++
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			space = unicode.IsSpace(r)
			i += size
		}
		if space {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

// endsWithStop reports whether the text ends with sentence punctuation,
// ignoring closing marks.
func endsWithStop(text string) bool {
	t := strings.TrimRightFunc(text, func(r rune) bool { return r == '”' || r == '"' || r == '’' || r == '»' || unicode.IsSpace(r) })
	r, _ := utf8.DecodeLastRuneInString(t)
	return r == '.' || r == '!' || r == '?' || r == '…' || r == ','
}
