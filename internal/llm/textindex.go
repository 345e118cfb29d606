package llm

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// textIndex knows the parts of an article the evidence checks need: the
// passages inside quotation marks, the sentences and the words. The offline
// extractor has its own, richer analysis, but only its Extract output is
// public; this one is small and kept here on purpose.
type textIndex struct {
	text   string
	paras  []paragraph
	quoted [][2]int // passages inside quotation marks, marks included; sorted
	sents  [][2]int // sentences, sorted; a quotation never splits one
	words  []word   // every word, sorted
}

// word is one word of the text.
type word struct {
	start, end int
	quoted     bool // inside quotation marks
}

func newTextIndex(text string, paras []paragraph) *textIndex {
	ix := &textIndex{text: text, paras: paras}
	for _, p := range paras {
		ix.quoted = append(ix.quoted, quotedIn(text, p.start, p.end)...)
	}
	for _, p := range paras {
		ix.sents = append(ix.sents, ix.sentencesIn(p.start, p.end)...)
	}
	ix.words = ix.wordsIn(0, len(text))
	return ix
}

// isLetterOrDigit reports whether r can be part of a word.
func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// runeBefore returns the rune ending at i, or 0 at the start.
func runeBefore(text string, i, floor int) rune {
	if i <= floor {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(text[floor:i])
	return r
}

// runeAt returns the rune starting at i, or 0 at the end.
func runeAt(text string, i, ceil int) (rune, int) {
	if i >= ceil {
		return 0, 0
	}
	return utf8.DecodeRuneInString(text[i:ceil])
}

// opensHere reports whether a quotation may open after rune prev: at the
// start, after white space, an opening bracket or a dash.
func opensHere(prev rune) bool {
	return prev == 0 || unicode.IsSpace(prev) || strings.ContainsRune("([{—–-/:;", prev) || fold(prev) == '"'
}

// quotedIn finds the passages in quotation marks of text[start:end], one
// paragraph: “ ” „ “ « » and straight double marks, the typewriter pairs
// “ ” and ” ”, and single marks ‘ ’ or ' ' outside double ones (an
// apostrophe between letters closes nothing). A double quotation left open
// runs to the paragraph's end, as a quotation continued in the next
// paragraph does.
func quotedIn(text string, start, end int) [][2]int {
	var out [][2]int
	for i := start; i < end; {
		r, n := runeAt(text, i, end)
		prev := runeBefore(text, i, start)
		var closers []string
		switch {
		case r == '“':
			closers = []string{"”", "“"}
		case r == '„':
			closers = []string{"“", "”"}
		case r == '«':
			closers = []string{"»"}
		case r == '"':
			closers = []string{`"`, "”"}
		case strings.HasPrefix(text[i:end], "``"):
			n, closers = 2, []string{"''", "”"}
		case strings.HasPrefix(text[i:end], "''") && opensHere(prev):
			n, closers = 2, []string{"''"}
		}
		if closers != nil {
			j, m := findCloser(text, i+n, end, closers)
			if j < 0 {
				out = append(out, [2]int{i, trimRight(text, i, end)})
				break
			}
			out = append(out, [2]int{i, j + m})
			i = j + m
			continue
		}
		if (r == '‘' || r == '\'' || r == '‚') && opensHere(prev) {
			if next, _ := runeAt(text, i+n, end); isLetterOrDigit(next) {
				if j, m := findSingleCloser(text, i+n, end); j >= 0 {
					out = append(out, [2]int{i, j + m})
					i = j + m
					continue
				}
			}
		}
		i += n
	}
	return out
}

// findCloser returns the position and length of the first closer in
// text[from:end], or -1.
func findCloser(text string, from, end int, closers []string) (int, int) {
	best, size := -1, 0
	for _, c := range closers {
		if k := strings.Index(text[from:end], c); k >= 0 && (best < 0 || from+k < best) {
			best, size = from+k, len(c)
		}
	}
	return best, size
}

// findSingleCloser finds a closing single mark: ’ or ' after a non-space,
// not followed by a letter (so not an apostrophe inside a word).
func findSingleCloser(text string, from, end int) (int, int) {
	for j := from; j < end; {
		r, n := runeAt(text, j, end)
		if r == '’' || r == '\'' {
			prev := runeBefore(text, j, from)
			next, _ := runeAt(text, j+n, end)
			if prev != 0 && !unicode.IsSpace(prev) && !isLetterOrDigit(next) {
				return j, n
			}
		}
		if r == '“' || r == '"' || r == '\n' {
			return -1, 0 // a single quotation does not run past a double mark or a line
		}
		j += n
	}
	return -1, 0
}

func trimRight(text string, start, end int) int {
	for end > start {
		r, n := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= n
	}
	return end
}

// quotedAt returns the index of the quoted passage holding pos, or -1.
func (ix *textIndex) quotedAt(pos int) int {
	i := sort.Search(len(ix.quoted), func(i int) bool { return ix.quoted[i][1] > pos })
	if i < len(ix.quoted) && ix.quoted[i][0] <= pos {
		return i
	}
	return -1
}

// quotedOverlapping returns the quoted passages that overlap [s, e).
func (ix *textIndex) quotedOverlapping(s, e int) [][2]int {
	var out [][2]int
	for _, q := range ix.quoted {
		if q[0] < e && q[1] > s {
			out = append(out, q)
		}
	}
	return out
}

// abbreviations end with a full stop that ends no sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "jr": true, "sr": true, "gov": true, "sen": true,
	"rep": true, "prof": true, "gen": true, "col": true, "lt": true, "sgt": true, "capt": true, "inc": true, "co": true,
	"corp": true, "ltd": true, "no": true, "vs": true, "mt": true, "ft": true, "rev": true, "u.s": true, "a.m": true, "p.m": true,
}

// sentencesIn splits text[start:end], one paragraph, into sentences: after
// . ! or ? (and any closing marks) followed by white space and a capital,
// a digit or an opening mark; never inside a quoted passage, never after an
// abbreviation or an initial.
func (ix *textIndex) sentencesIn(start, end int) [][2]int {
	text := ix.text
	var out [][2]int
	s := start
	for i := start; i < end; {
		if q := ix.quotedAt(i); q >= 0 && ix.quoted[q][0] == i {
			// a quotation is part of its sentence; it may end one
			qe := min(ix.quoted[q][1], end)
			inner := strings.TrimRightFunc(text[i:qe], func(r rune) bool { return fold(r) == '"' || fold(r) == '\'' })
			i = qe
			if strings.HasSuffix(inner, ".") || strings.HasSuffix(inner, "!") || strings.HasSuffix(inner, "?") {
				if b := sentenceBreak(text, i, end); b > 0 {
					out = append(out, [2]int{s, trimRight(text, s, i)})
					s, i = b, b
				}
			}
			continue
		}
		r, n := runeAt(text, i, end)
		i += n
		if r != '.' && r != '!' && r != '?' {
			continue
		}
		if r == '.' && ix.abbreviationBefore(i-1, start) {
			continue
		}
		j := i
		for j < end {
			c, m := runeAt(text, j, end)
			if c != ')' && c != ']' && fold(c) != '"' && fold(c) != '\'' {
				break
			}
			j += m
		}
		if b := sentenceBreak(text, j, end); b > 0 {
			out = append(out, [2]int{s, trimRight(text, s, j)})
			s, i = b, b
		}
	}
	if t := trimRight(text, s, end); t > s {
		out = append(out, [2]int{s, t})
	}
	return out
}

// sentenceBreak returns where the next sentence starts when white space at
// i is followed by a capital, a digit or an opening mark; 0 otherwise.
func sentenceBreak(text string, i, end int) int {
	j := i
	for j < end {
		r, n := runeAt(text, j, end)
		if !unicode.IsSpace(r) {
			break
		}
		j += n
	}
	if j == i || j >= end {
		return 0
	}
	r, _ := runeAt(text, j, end)
	if unicode.IsUpper(r) || unicode.IsDigit(r) || fold(r) == '"' || fold(r) == '\'' || r == '(' {
		return j
	}
	return 0
}

// abbreviationBefore reports whether the full stop at dot ends an
// abbreviation or an initial.
func (ix *textIndex) abbreviationBefore(dot, floor int) bool {
	k := dot
	for k > floor {
		r, n := utf8.DecodeLastRuneInString(ix.text[floor:k])
		if !isLetterOrDigit(r) && r != '.' {
			break
		}
		k -= n
	}
	w := strings.ToLower(ix.text[k:dot])
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(ix.text[k:dot])
		return unicode.IsUpper(r)
	}
	return abbreviations[w]
}

// wordsIn returns the words of text[start:end]: letters and digits, with
// apostrophes and hyphens inside a word kept.
func (ix *textIndex) wordsIn(start, end int) []word {
	text := ix.text
	var out []word
	for i := start; i < end; {
		r, n := runeAt(text, i, end)
		if !isLetterOrDigit(r) {
			i += n
			continue
		}
		j := i + n
		for j < end {
			c, m := runeAt(text, j, end)
			if isLetterOrDigit(c) {
				j += m
				continue
			}
			if c == '\'' || c == '’' || c == '-' || c == '‑' {
				if d, _ := runeAt(text, j+m, end); unicode.IsLetter(d) {
					j += m
					continue
				}
			}
			break
		}
		out = append(out, word{start: i, end: j, quoted: ix.quotedAt(i) >= 0})
		i = j
	}
	return out
}

// wordRange returns the indexes [a, b) of the words inside [s, e).
func (ix *textIndex) wordRange(s, e int) (int, int) {
	a := sort.Search(len(ix.words), func(i int) bool { return ix.words[i].start >= s })
	b := sort.Search(len(ix.words), func(i int) bool { return ix.words[i].start >= e })
	for b > a && ix.words[b-1].end > e {
		b--
	}
	return a, b
}

// sentenceAt returns the index of the sentence holding pos (the nearest one
// before it when pos falls between sentences).
func (ix *textIndex) sentenceAt(pos int) int {
	i := sort.Search(len(ix.sents), func(i int) bool { return ix.sents[i][1] > pos })
	if i == len(ix.sents) {
		return len(ix.sents) - 1
	}
	if ix.sents[i][0] > pos && i > 0 {
		return i - 1
	}
	return i
}

// sentencesOf returns the indexes [a, b] of the sentences span [s, e)
// touches.
func (ix *textIndex) sentencesOf(s, e int) (int, int) {
	return ix.sentenceAt(s), ix.sentenceAt(max(s, e-1))
}

// paragraphAt returns the paragraph holding pos, or the zero paragraph.
func (ix *textIndex) paragraphAt(pos int) paragraph {
	for _, p := range ix.paras {
		if pos >= p.start && pos < p.end {
			return p
		}
	}
	return paragraph{}
}
