package offline

import (
	"unicode"
	"unicode/utf8"
)

// Quotation spans: the runs of text between double marks, straight or
// curly, within a paragraph or carried on into the next one; single marks
// are added by singlequotes.go.

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
func findQuotes(text string, paras []span) []quoteSpan { return findQuotesInto(nil, text, paras) }

// findQuotesInto is findQuotes appending to buf[:0].
func findQuotesInto(buf []quoteSpan, text string, paras []span) []quoteSpan {
	qs := buf[:0]
	for pi, p := range paras {
		i := p.start
		for i < p.end {
			// Only '"' and the lead bytes of “ ” „ (0xE2) and « » (0xC2)
			// can start a double mark; no other byte needs decoding.
			if c := text[i]; c != '"' && c != 0xE2 && c != 0xC2 {
				i++
				continue
			}
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
