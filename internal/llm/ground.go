package llm

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/internal/article"
)

// grounder locates quotation texts in the article and returns our own
// offsets: exact first, then after folding quote marks, dashes, white space
// and the first letter's case; an occurrence in the claimed paragraph wins
// over one elsewhere.
type grounder struct {
	text  string
	paras []paragraph
	// norm is the folded text; normAt[i] is the byte offset in text of
	// norm's byte i, normAt[len(norm)] the end of the text.
	norm   string
	normAt []int
}

func newGrounder(text string, paras []paragraph) *grounder {
	g := &grounder{text: text, paras: paras}
	var b strings.Builder
	g.normAt = make([]int, 0, len(text)+1)
	space := false
	for i, r := range text {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
				g.normAt = append(g.normAt, i)
			}
			space = true
			continue
		}
		space = false
		f := fold(r)
		start := b.Len()
		b.WriteRune(f)
		for range b.Len() - start {
			g.normAt = append(g.normAt, i)
		}
	}
	g.normAt = append(g.normAt, len(text))
	g.norm = b.String()
	return g
}

// fold maps the characters copy editors and models swap for one another.
func fold(r rune) rune {
	switch r {
	case '“', '”', '„', '«', '»', '″', '‟':
		return '"'
	case '‘', '’', '‚', '′', '‛', '`':
		return '\''
	case '—', '–', '‑', '‒', '−':
		return '-'
	case '…':
		return '.'
	}
	return r
}

// foldString folds s the way the article was folded, white space included.
func foldString(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.TrimSpace(s) {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(fold(r))
	}
	return b.String()
}

// locate finds quote text q, claimed to start in paragraph n (1-based).
func (g *grounder) locate(q string, n int) (span [2]int, how article.Grounding, ok bool) {
	q = strings.TrimSpace(q)
	if utf8.RuneCountInString(q) < 2 {
		return span, article.GroundingNone, false
	}
	if s, ok := g.find(g.text, q, n, nil); ok {
		return s, article.GroundingExact, true
	}
	fq := foldString(q)
	for _, cand := range []string{fq, swapFirstCase(fq)} {
		if s, ok := g.find(g.norm, cand, n, g.normAt); ok {
			return g.trim(s), article.GroundingNormalized, true
		}
	}
	return span, article.GroundingNone, false
}

// find returns the occurrence of q in hay that lies in paragraph n if any,
// else the one nearest to it. at maps hay offsets to text offsets (nil when
// hay is the text).
func (g *grounder) find(hay, q string, n int, at []int) ([2]int, bool) {
	best, bestDist := [2]int{}, -1
	for off := 0; ; {
		i := strings.Index(hay[off:], q)
		if i < 0 {
			break
		}
		s, e := off+i, off+i+len(q)
		if at != nil {
			s, e = at[s], at[e]
		}
		d := g.distance(s, n)
		if bestDist < 0 || d < bestDist {
			best, bestDist = [2]int{s, e}, d
		}
		if d == 0 {
			break
		}
		off += i + 1
	}
	return best, bestDist >= 0
}

// distance is how many paragraphs lie between byte pos and paragraph n.
func (g *grounder) distance(pos, n int) int {
	for _, p := range g.paras {
		if pos >= p.start && pos < p.end {
			d := p.n - n
			if d < 0 {
				d = -d
			}
			return d
		}
	}
	return len(g.paras)
}

// paragraphOf returns the 1-based paragraph holding pos.
func (g *grounder) paragraphOf(pos int) int {
	for _, p := range g.paras {
		if pos >= p.start && pos < p.end {
			return p.n
		}
	}
	return 0
}

// trim shrinks a span mapped back from the folded text so it starts and ends
// on the article's characters, never on white space.
func (g *grounder) trim(s [2]int) [2]int {
	for s[1] > s[0] {
		r, size := utf8.DecodeLastRuneInString(g.text[s[0]:s[1]])
		if !unicode.IsSpace(r) {
			break
		}
		s[1] -= size
	}
	return s
}

// swapFirstCase swaps the case of the first letter, past any leading
// quotation marks or punctuation.
func swapFirstCase(s string) string {
	for i, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		n := utf8.RuneLen(r)
		if unicode.IsUpper(r) {
			return s[:i] + string(unicode.ToLower(r)) + s[i+n:]
		}
		return s[:i] + string(unicode.ToUpper(r)) + s[i+n:]
	}
	return s
}

// withMarks widens a located direct or partial quote to take in the
// quotation marks around it, when the model left them out.
func (g *grounder) withMarks(s [2]int) [2]int {
	r0, n0 := utf8.DecodeLastRuneInString(g.text[:s[0]])
	r1, n1 := utf8.DecodeRuneInString(g.text[s[1]:])
	first, _ := utf8.DecodeRuneInString(g.text[s[0]:])
	if fold(first) == '"' {
		return s
	}
	if fold(r0) == '"' {
		s[0] -= n0
		// a closing mark, perhaps after the sentence's punctuation
		if fold(r1) == '"' || r1 == '’' {
			s[1] += n1
		} else if strings.ContainsRune(".,!?", r1) {
			r2, n2 := utf8.DecodeRuneInString(g.text[s[1]+n1:])
			if fold(r2) == '"' || r2 == '’' {
				s[1] += n1 + n2
			}
		}
	}
	return s
}
