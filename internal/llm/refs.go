package llm

import (
	"strconv"
	"strings"

	"github.com/whosaid/whosaid/internal/article"
)

// maxRefSpan bounds the bytes between a quotation's first and last words:
// a pointer never spans more than a few paragraphs.
const maxRefSpan = 4000

// resolveRefs turns pointed-at quotations back into quotations with their
// exact text, found in the article: the first words are located as any
// quotation is (in the claimed paragraph, else the nearest, exactly or
// normalized), and the text runs to the first occurrence of the last words
// after them. A pointer that cannot be resolved gets an empty text, which
// grounding drops and counts as not found; the rest go through every
// check of the live path unchanged.
func resolveRefs(text string, r ReplyRefs) Reply {
	out := Reply{Summary: r.Summary, Speakers: r.Speakers, Quotes: make([]ReplyQuote, 0, len(r.Quotes))}
	g := newGrounder(text, numbered(text))
	kinds := map[string]string{"d": string(article.KindDirect), "p": string(article.KindPartial), "i": string(article.KindIndirect)}
	for _, q := range r.Quotes {
		// speaker|paragraph|kind|cue|first|last; the words may hold a '|':
		// the first four fields are cut from the left, last from the right.
		f := strings.SplitN(q, "|", 5)
		if len(f) < 5 {
			out.Quotes = append(out.Quotes, ReplyQuote{Kind: string(article.KindDirect)}) // dropped as not found
			continue
		}
		first, last := f[4], ""
		if i := strings.LastIndexByte(f[4], '|'); i >= 0 {
			first, last = f[4][:i], f[4][i+1:]
		}
		speaker := ""
		if i, err := strconv.Atoi(strings.TrimSpace(f[0])); err == nil && i >= 0 && i < len(r.Speakers) {
			speaker = r.Speakers[i].Name
		}
		n, _ := strconv.Atoi(strings.TrimSpace(f[1]))
		kind, ok := kinds[strings.TrimSpace(f[2])]
		if !ok {
			kind = string(article.KindDirect)
		}
		out.Quotes = append(out.Quotes, ReplyQuote{Speaker: speaker, Text: g.resolve(first, last, n), Kind: kind, Cue: strings.TrimSpace(f[3]), Paragraph: n})
	}
	return out
}

// resolve returns the article text from first through last.
func (g *grounder) resolve(first, last string, n int) string {
	s, _, ok := g.locate(first, n)
	if !ok {
		return ""
	}
	last = strings.TrimSpace(last)
	if last == "" || strings.HasSuffix(g.text[s[0]:s[1]], last) {
		return g.text[s[0]:s[1]]
	}
	rest := g.text[s[1]:min(len(g.text), s[1]+maxRefSpan)]
	if i := strings.Index(rest, last); i >= 0 {
		return g.text[s[0] : s[1]+i+len(last)]
	}
	// The last words as the model wrote them may differ in marks or case:
	// compare folded.
	if i := strings.Index(foldString(rest), foldString(last)); i >= 0 && len(foldString(rest)) == len(rest) {
		return g.text[s[0] : s[1]+i+len(last)]
	}
	return ""
}
