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
	// A blank line anywhere means paragraphs are separated by blank
	// lines; otherwise each line is one.
	blank := false
	for l := range lineSpans(text) {
		if strings.TrimSpace(text[l.start:l.end]) == "" {
			blank = true
			break
		}
	}
	paras := buf[:0]
	if n := strings.Count(text, "\n") + 1; cap(paras) < n {
		paras = make([]span, 0, n)
	}
	cur := span{-1, -1}
	for l := range lineSpans(text) {
		empty := strings.TrimSpace(text[l.start:l.end]) == ""
		if empty || !blank {
			if cur.start >= 0 {
				paras = append(paras, trimSpan(text, cur))
			}
			cur = span{-1, -1}
			if empty {
				continue
			}
		}
		if cur.start < 0 {
			cur.start = l.start
		}
		cur.end = l.end
	}
	if cur.start >= 0 {
		paras = append(paras, trimSpan(text, cur))
	}
	return paras
}

// lineSpans yields the lines of text, without their newlines.
func lineSpans(text string) func(yield func(span) bool) {
	return func(yield func(span) bool) {
		for pos := 0; pos <= len(text); {
			end := len(text)
			if nl := strings.IndexByte(text[pos:], '\n'); nl >= 0 {
				end = pos + nl
			}
			if !yield(span{pos, end}) {
				return
			}
			pos = end + 1
		}
	}
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

const (
	tWord tokKind = iota
	tPunct
	tOpenQuote
	tCloseQuote
)
