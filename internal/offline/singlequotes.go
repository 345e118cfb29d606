package offline

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// addSingleMarkQuotes adds the quotations written with single marks, outside
// the double-mark quotations already found: curly ‘…’ (the house style of
// many British and Australian outlets), straight '…', and the typewriter
// pairs “…” and ”…” that wire and archive copy still carries. A single
// mark is also an apostrophe, so the rules are strict: an opener stands
// after a space or an opening punctuation mark and before a letter, a digit
// or an opening double mark; a closer stands after a letter or punctuation
// and before a space, punctuation or the paragraph's end, and never between
// two letters ("don't", "Sinéad O’Brien").
func addSingleMarkQuotes(text string, paras []span, qs []quoteSpan) []quoteSpan {
	// Three byte scans, far cheaper than ContainsAny, which decodes every
	// rune of the text when its set is not ASCII.
	if strings.IndexByte(text, '\'') < 0 && strings.IndexByte(text, '`') < 0 && !strings.Contains(text, "‘") {
		return qs
	}
	var out []quoteSpan
	k := 0 // next double-mark quotation
	// failed remembers, per opener style, the limit up to which a closer
	// search found nothing: a later opener of that style before the same
	// limit searches a part of the same range and would fail too, so each
	// stretch of text is searched once (linear time on any input).
	failed := map[string]int{}
	failedNested := map[int]string{} // paragraph → style whose nested search failed
	nested := map[int]bool{}         // double-mark quotations inside a single-mark one
	for pi, p := range paras {
		i := p.start
		for i < p.end {
			for k < len(qs) && qs[k].end <= i {
				k++
			}
			if k < len(qs) && qs[k].start <= i {
				i = qs[k].end // inside a double-mark quotation
				continue
			}
			limit := p.end
			if k < len(qs) && qs[k].start < limit {
				limit = qs[k].start
			}
			// jump to the next mark that could open a quotation
			next := nextSingleMark(text, i, limit)
			if next < 0 {
				i = limit
				continue
			}
			i = next
			open, n := singleOpener(text, p, i)
			if n == 0 {
				_, w := utf8.DecodeRuneInString(text[i:])
				i += w
				continue
			}
			if l, ok := failed[open]; ok && l == limit {
				i += n
				continue
			}
			end, closeLen, ok := singleCloser(text, p, i+n, limit, open)
			if !ok && open == "‘" && limit < p.end && failedNested[pi] != open {
				// ‘… “nested” …’: British copy quotes inside single marks
				// with double marks; the closer lies past them
				end, closeLen, ok = nestedCloser(text, p, qs, k, open)
				if !ok {
					failedNested[pi] = open
				}
			}
			if !ok {
				failed[open] = limit
				i += n
				continue
			}
			out = append(out, quoteSpan{start: i, end: end, para: pi, closed: true, openLen: n, closeLen: closeLen, single: true})
			for k < len(qs) && qs[k].start < end {
				nested[k] = true // a quotation inside this one
				k++
			}
			i = end
		}
	}
	if len(out) == 0 {
		return qs
	}
	if len(nested) > 0 {
		kept := qs[:0:0]
		for j, q := range qs {
			if !nested[j] {
				kept = append(kept, q)
			}
		}
		qs = kept
	}
	qs = append(qs, out...)
	sort.Slice(qs, func(a, b int) bool { return qs[a].start < qs[b].start })
	return qs
}

// nextSingleMark returns the position of the next ', ` or ‘ in [i, limit)
// that does not follow a letter or digit (an apostrophe inside a word opens
// nothing), or -1.
func nextSingleMark(text string, i, limit int) int {
	for j := i; j < limit; j++ {
		c := text[j]
		if c != '\'' && c != '`' && !(c == 0xE2 && j+2 < limit && text[j+1] == 0x80 && text[j+2] == 0x98) {
			continue
		}
		if j > 0 {
			b := text[j-1]
			if b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' {
				continue
			}
		}
		return j
	}
	return -1
}

// singleOpener reports the single-mark opener at i: its style ("`", "'",
// "‘" or "”") and its byte length, or 0.
func singleOpener(text string, p span, i int) (string, int) {
	before := runeBefore(text, p.start, i)
	if before != -1 && !unicode.IsSpace(before) && !isOpenPunct(before) && before != '(' {
		return "", 0
	}
	var style string
	var n int
	switch {
	case strings.HasPrefix(text[i:], "``"):
		style, n = "``", 2
	case strings.HasPrefix(text[i:], "''"):
		style, n = "''", 2
	case strings.HasPrefix(text[i:], "‘"):
		style, n = "‘", len("‘")
	case text[i] == '\'':
		style, n = "'", 1
	default:
		return "", 0
	}
	after := runeAfter(text, i+n, p.end)
	if after == -1 || !(unicode.IsLetter(after) || unicode.IsDigit(after) || after == '“' || after == '"') {
		return "", 0
	}
	if style == "'" || style == "‘" {
		// '90s, 'em, ’tis: an elided word, not a quotation.
		w := text[i+n : wordEnd(text, i+n, p.end)]
		if elisions.has(strings.ToLower(w)) || (len(w) == 2 && w[0] >= '0' && w[0] <= '9') {
			return "", 0
		}
	}
	return style, n
}

// elisions are words that a leading apostrophe shortens.
var elisions = lexiconSet("elisions.txt")

// singleCloser finds the mark that closes a single-mark quotation opened in
// the given style, before limit. It returns the end after the mark, the
// mark's length, and whether one was found.
func singleCloser(text string, p span, from, limit int, style string) (int, int, bool) {
	for j := from; j < limit; {
		r, n := utf8.DecodeRuneInString(text[j:])
		var m int
		switch {
		case (style == "``" || style == "''") && strings.HasPrefix(text[j:], "''"):
			m = 2
		case style == "‘" && r == '’':
			m = n
		case style == "'" && r == '\'':
			m = 1
		}
		if m > 0 {
			before := runeBefore(text, p.start, j)
			after := runeAfter(text, j+m, p.end)
			letterBefore := unicode.IsLetter(before) || unicode.IsDigit(before)
			letterAfter := after != -1 && (unicode.IsLetter(after) || unicode.IsDigit(after))
			switch {
			case before == -1 || unicode.IsSpace(before) || letterAfter:
				// an opener, or an apostrophe inside a word
			case style == "'" && letterBefore && !(after == -1 || strings.ContainsRune(".,;:!?)", after)):
				// "the workers' union": a plural possessive, not a closer
			default:
				return j + m, m, true
			}
			j += m
			continue
		}
		j += n
	}
	return 0, 0, false
}

// nestedCloser searches for the closer of a single-mark quotation past the
// double-mark quotations nested in it, from qs[k] on, within the paragraph.
func nestedCloser(text string, p span, qs []quoteSpan, k int, style string) (int, int, bool) {
	for ; k < len(qs) && qs[k].start < p.end; k++ {
		from := qs[k].end
		limit := p.end
		if k+1 < len(qs) && qs[k+1].start < limit {
			limit = qs[k+1].start
		}
		if end, n, ok := singleCloser(text, p, from, limit, style); ok {
			return end, n, true
		}
	}
	return 0, 0, false
}
