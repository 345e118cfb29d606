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

const (
	tWord tokKind = iota
	tPunct
	tOpenQuote
	tCloseQuote
)
