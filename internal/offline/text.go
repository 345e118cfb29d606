package offline

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a half-open byte range of the article text.
type span struct{ start, end int }

// splitParagraphs returns the trimmed byte ranges of the paragraphs: runs of
// non-blank lines when the text has blank lines, else single lines.
func splitParagraphs(text string) []span { return splitParagraphsInto(nil, text) }

// splitParagraphsInto is splitParagraphs appending to buf[:0].
func splitParagraphsInto(buf []span, text string) []span {
	type line struct{ start, end int }
	lines := make([]line, 0, strings.Count(text, "\n")+1)
	blank := false
	for pos := 0; pos <= len(text); {
		nl := strings.IndexByte(text[pos:], '\n')
		end := len(text)
		if nl >= 0 {
			end = pos + nl
		}
		lines = append(lines, line{pos, end})
		if strings.TrimSpace(text[pos:end]) == "" {
			blank = true
		}
		if nl < 0 {
			break
		}
		pos = end + 1
	}
	paras := buf[:0]
	cur := span{-1, -1}
	flush := func() {
		if cur.start >= 0 {
			paras = append(paras, trimSpan(text, cur))
		}
		cur = span{-1, -1}
	}
	for _, l := range lines {
		if strings.TrimSpace(text[l.start:l.end]) == "" {
			flush()
			continue
		}
		if !blank {
			flush()
		}
		if cur.start < 0 {
			cur.start = l.start
		}
		cur.end = l.end
	}
	flush()
	return paras
}

// trimSpan shrinks s to exclude leading and trailing white space.
func trimSpan(text string, s span) span {
	for s.start < s.end {
		r, n := utf8.DecodeRuneInString(text[s.start:])
		if !unicode.IsSpace(r) {
			break
		}
		s.start += n
	}
	for s.end > s.start {
		r, n := utf8.DecodeLastRuneInString(text[s.start:s.end])
		if !unicode.IsSpace(r) {
			break
		}
		s.end -= n
	}
	return s
}

// quoteSpan is a run of text between quotation marks, marks included.
type quoteSpan struct {
	start, end int // byte range including the marks
	para       int // index of the paragraph
	closed     bool
	// continues is set when the quote is not closed in its paragraph and
	// the next paragraph opens with a quotation mark: it goes on there.
	continues bool
	// continued is set on the quote that carries on from the paragraph
	// before.
	continued bool
	// openLen and closeLen are the byte lengths of the marks when they are
	// not one character each (the typewriter pairs `` and '').
	openLen, closeLen int
	// single marks a quotation in single marks (‘…’, '…', ``…''), which
	// also serve for terms and scare quotes.
	single bool
}

// inner returns the byte range between the marks.
func (q quoteSpan) inner(text string) span {
	n := q.openLen
	if n == 0 {
		_, n = utf8.DecodeRuneInString(text[q.start:])
	}
	s := span{q.start + n, q.end}
	if q.closed {
		m := q.closeLen
		if m == 0 {
			_, m = utf8.DecodeLastRuneInString(text[q.start:q.end])
		}
		s.end -= m
	}
	if s.end < s.start {
		s.end = s.start
	}
	return s
}

func isOpenPunct(r rune) bool {
	return r == '(' || r == '[' || r == '{' || r == '—' || r == '–' || r == '-' || r == '/' || r == ':' || r == ';' || r == ','
}

func isClosePunct(r rune) bool {
	switch r {
	case '.', ',', ';', ':', '!', '?', ')', ']', '}', '—', '–', '-', '…', '’', '\'', '”', '"':
		return true
	}
	return false
}

// runeBefore and runeAfter return the neighbours of position i within
// [lo, hi), or -1 at the edges.
func runeBefore(text string, lo, i int) rune {
	if i <= lo {
		return -1
	}
	r, _ := utf8.DecodeLastRuneInString(text[lo:i])
	return r
}

func runeAfter(text string, i, hi int) rune {
	if i >= hi {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(text[i:hi])
	return r
}

func isDoubleMark(r rune) bool {
	return r == '“' || r == '”' || r == '"' || r == '«' || r == '»' || r == '„'
}

// opensAt reports whether the double mark r at byte i opens a quotation.
func opensAt(text string, p span, i int, r rune) bool {
	before := runeBefore(text, p.start, i)
	after := runeAfter(text, i+utf8.RuneLen(r), p.end)
	if after == -1 || (unicode.IsSpace(after) && r != '«') {
		return false
	}
	spaceBefore := before == -1 || unicode.IsSpace(before) || isOpenPunct(before)
	switch r {
	case '“', '«', '„':
		// A curly opener glued to a word and followed by a space is a
		// closer typed the wrong way round.
		return spaceBefore || !(unicode.IsLetter(before) || unicode.IsDigit(before) || isClosePunct(before))
	case '"', '”':
		return spaceBefore
	}
	return false
}

// closesAt reports whether the double mark r at byte i closes a quotation.
func closesAt(text string, p span, i int, r rune) bool {
	before := runeBefore(text, p.start, i)
	after := runeAfter(text, i+utf8.RuneLen(r), p.end)
	if before == -1 || (unicode.IsSpace(before) && r != '»') {
		return false
	}
	switch r {
	case '”', '»':
		return true
	case '"', '“':
		return after == -1 || unicode.IsSpace(after) || isClosePunct(after)
	}
	return false
}

// closesSingleAt reports whether a right single mark at byte i ends a
// quotation that opened with a double mark (mismatched copy: “…’): it must
// follow sentence punctuation or end the paragraph.
func closesSingleAt(text string, p span, i int) bool {
	before := runeBefore(text, p.start, i)
	after := runeAfter(text, i+len("’"), p.end)
	if after != -1 && !unicode.IsSpace(after) && after != ')' {
		return false
	}
	return before == '.' || before == ',' || before == '!' || before == '?' || after == -1
}

// findQuotes locates the quotations of every paragraph: pairs of double
// marks (curly, straight, guillemets, and mismatched pairs), quotations
// closed by a stray single mark, and quotations that run on into the next
// paragraph.
func findQuotes(text string, paras []span) []quoteSpan {
	var qs []quoteSpan
	for pi, p := range paras {
		i := p.start
		for i < p.end {
			r, n := utf8.DecodeRuneInString(text[i:])
			if !isDoubleMark(r) || !opensAt(text, p, i, r) {
				i += n
				continue
			}
			q := quoteSpan{start: i, para: pi}
			end, closed := closeQuote(text, p, i+n, r)
			q.end, q.closed = end, closed
			if !closed && pi+1 < len(paras) {
				nr, _ := utf8.DecodeRuneInString(text[paras[pi+1].start:])
				if isDoubleMark(nr) || nr == '‘' {
					q.continues = true
				}
			}
			if len(qs) > 0 && pi > 0 && qs[len(qs)-1].continues && qs[len(qs)-1].para == pi-1 && i == p.start {
				q.continued = true
			}
			qs = append(qs, q)
			i = end
		}
	}
	return addSingleMarkQuotes(text, paras, qs)
}

// closeQuote finds where a quotation opened before byte from ends within the
// paragraph. It returns the end (after the closing mark) and whether a
// closing mark was found; an unclosed quotation ends with its paragraph, or
// just before a new opening mark.
func closeQuote(text string, p span, from int, open rune) (int, bool) {
	reopen := -1
	for j := from; j < p.end; {
		r, n := utf8.DecodeRuneInString(text[j:])
		if isDoubleMark(r) {
			if closesAt(text, p, j, r) {
				return j + n, true
			}
			if r != '"' && opensAt(text, p, j, r) && reopen < 0 {
				// A new quotation opens before this one closed: the first
				// lost its closing mark.
				reopen = j
				break
			}
		}
		j += n
	}
	limit := p.end
	if reopen >= 0 {
		limit = reopen
	}
	for j := from; j < limit; {
		r, n := utf8.DecodeRuneInString(text[j:])
		if r == '’' && closesSingleAt(text, p, j) {
			return j + n, true
		}
		j += n
	}
	return trimSpan(text, span{from, limit}).end, false
}

// tokKind classifies tokens.
type tokKind uint8

const (
	tWord tokKind = iota
	tPunct
	tOpenQuote
	tCloseQuote
)

// token is a word or punctuation mark with its byte range.
type token struct {
	start, end int
	lower      string // lower-cased text (words only)
	quote      int32  // index of the quotation containing the token, or -1
	para       int32  // paragraph index
	kind       tokKind
	// upper marks a word starting with an upper-case letter, or with a
	// letter of a script that has no case (Chinese, Arabic, Hebrew…): in
	// English copy such words outside quotation marks are names.
	upper bool
}

func (t *token) is(s string) bool { return t.kind == tWord && t.lower == s }

func (t *token) punct(text string) rune {
	if t.kind == tWord {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(text[t.start:])
	return r
}

// tokenize splits the paragraphs into tokens, noting which quotation each
// token lies in.
func tokenize(text string, paras []span, quotes []quoteSpan) []token {
	return tokenizeInto(nil, text, paras, quotes)
}

// tokenizeInto is tokenize appending to buf[:0], reusing its storage.
func tokenizeInto(buf []token, text string, paras []span, quotes []quoteSpan) []token {
	// Reserve the token slice once, at a close upper bound, so a large
	// article neither regrows it nor zeroes far more than it uses. A
	// reused buffer grows only for an article longer than any before.
	toks := buf[:0]
	if cap(toks) == 0 {
		toks = make([]token, 0, estimateTokens(text))
	}
	// Words already in lower case are their own lower case; the others
	// are lower-cased into a shared arena (see lowerer).
	low := newLowerer(text)
	qi := 0
	for pi, p := range paras {
		i := p.start
		for i < p.end {
			r, n := utf8.DecodeRuneInString(text[i:])
			if unicode.IsSpace(r) || isInvisible(r) {
				i += n
				continue
			}
			for qi < len(quotes) && quotes[qi].end <= i {
				qi++
			}
			inQ := -1
			if qi < len(quotes) && quotes[qi].start <= i {
				inQ = qi
			}
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				j := wordEnd(text, i, p.end)
				toks = append(toks, token{start: i, end: j, kind: tWord, quote: int32(inQ), para: int32(pi), lower: low.word(text[i:j]), upper: unicode.IsUpper(r) || uncased(r)})
				i = j
				continue
			}
			k := tPunct
			if inQ >= 0 && i == quotes[inQ].start {
				k = tOpenQuote
			} else if inQ >= 0 && quotes[inQ].closed && i+n == quotes[inQ].end {
				k = tCloseQuote
			}
			toks = append(toks, token{start: i, end: i + n, kind: k, quote: int32(inQ), para: int32(pi)})
			i += n
		}
	}
	return toks
}

// uncased reports whether r is a letter of a script without letter case.
func uncased(r rune) bool {
	return r > 0x2ff && unicode.Is(unicode.Lo, r)
}

// uncasedWord reports whether w starts with a letter of a script without
// letter case.
func uncasedWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return uncased(r)
}

// estimateTokens bounds the number of tokens from above: a word ends at
// each space or punctuation byte, and each punctuation byte is a token.
func estimateTokens(text string) int {
	n := 1
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == ' ' || c == '\n' || c == '\t':
			n++
		case c < 0x80 && !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'):
			n += 2
		case c >= 0xE0: // a multi-byte rune that may be a mark or a dash
			n += 2
		}
	}
	return n
}

// isInvisible reports zero-width characters that copy-pasted text carries
// between words (zero-width space and joiners, byte-order marks).
func isInvisible(r rune) bool {
	return r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff' || r == '\u00ad'
}

// wordEnd returns the end of the word starting at i: letters and digits,
// joined by inner apostrophes, hyphens, ampersands and the periods of
// initialisms ("U.S", "a.m").
func wordEnd(text string, i, hi int) int {
	j := i
	segLen := 0
	for j < hi {
		if c := text[j]; 'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9' {
			j++ // an ASCII letter or digit
			segLen++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[j:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			j += n
			segLen++
			continue
		}
		if r == '’' || r == '\'' || r == '-' || r == '&' || r == '.' || r == '‑' {
			next := runeAfter(text, j+n, hi)
			if next != -1 && (unicode.IsLetter(next) || unicode.IsDigit(next)) {
				if r == '.' && segLen > 1 {
					break
				}
				if r == '.' {
					// an initialism goes on only with another single letter
					nn := runeAfter(text, j+n+utf8.RuneLen(next), hi)
					if nn != '.' && nn != -1 && (unicode.IsLetter(nn) || unicode.IsDigit(nn)) {
						break
					}
				}
				j += n
				segLen = 0
				continue
			}
		}
		break
	}
	return j
}

// sentence is a run of tokens within one paragraph.
type sentence struct {
	start, end int // token indexes, end exclusive
	para       int
}

// splitSentences cuts each paragraph's tokens into sentences. A sentence never
// ends inside a quotation, nor after a quotation that is followed by its
// attribution ("“Why?” she asked.").
func splitSentences(text string, toks []token) []sentence {
	return splitSentencesInto(nil, text, toks)
}

// splitSentencesInto is splitSentences appending to buf[:0].
func splitSentencesInto(buf []sentence, text string, toks []token) []sentence {
	out := buf[:0]
	start := 0
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		last := i+1 == len(toks) || toks[i+1].para != t.para
		if last {
			out = append(out, sentence{start, i + 1, int(t.para)})
			start = i + 1
			continue
		}
		if !endsSentence(text, toks, i) {
			continue
		}
		out = append(out, sentence{start, i + 1, int(t.para)})
		start = i + 1
	}
	return out
}

// endsSentence reports whether a sentence ends after token i (which is not
// the last of its paragraph).
func endsSentence(text string, toks []token, i int) bool {
	t := &toks[i]
	next := &toks[i+1]
	switch t.kind {
	case tWord, tOpenQuote:
		return false
	case tPunct:
		if t.quote >= 0 {
			return false
		}
		r := t.punct(text)
		if r != '.' && r != '!' && r != '?' && r != '…' {
			return false
		}
		if r == '.' && i > 0 && toks[i-1].kind == tWord && toks[i-1].end == t.start {
			w := toks[i-1].lower
			if abbreviations[w] || (utf8.RuneCountInString(w) == 1 && toks[i-1].upper) {
				return false
			}
		}
		// "e.ON", "3.5": a stop glued to the next word ends nothing.
		if next.start == t.end && next.kind == tWord {
			return false
		}
		// Closing punctuation after the stop stays with this sentence.
		if next.kind == tPunct && (next.punct(text) == ')' || next.punct(text) == ']') {
			return false
		}
		return startsSentence(next)
	case tCloseQuote:
		// “…. ” ends a sentence only if the quote ended with a stop and
		// what follows is not its attribution.
		if i == 0 || toks[i-1].kind != tPunct {
			return false
		}
		r := toks[i-1].punct(text)
		if r != '.' && r != '!' && r != '?' && r != '…' {
			return false
		}
		if !startsSentence(next) {
			return false
		}
		return !attributionFollows(toks, i+1)
	}
	return false
}

func startsSentence(t *token) bool {
	return (t.kind == tWord && (t.upper || (t.lower[0] >= '0' && t.lower[0] <= '9'))) || t.kind == tOpenQuote
}

// attributionFollows reports whether the tokens from i on open with an
// attribution: a reporting verb within a few words, before any punctuation.
func attributionFollows(toks []token, i int) bool {
	para := toks[i].para
	for j := i; j < len(toks) && j < i+7; j++ {
		t := &toks[j]
		if t.para != para || t.kind != tWord || t.quote >= 0 {
			return false
		}
		if v, ok := reportingVerbs[t.lower]; ok && !v.participle {
			return true
		}
	}
	return false
}
