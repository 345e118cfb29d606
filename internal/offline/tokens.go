package offline

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// Tokens: words and punctuation marks with their byte ranges, lower case,
// capitalisation and the quotation they stand in.

// tokKind classifies tokens.
type tokKind uint8

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

// tokenizeInto is tokenize reusing the storage of buf, the tokens of an
// earlier text: the tokens past the new ones are cleared, so they keep no
// earlier text alive.
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
				toks = pushToken(toks, i, j, tWord, int32(inQ), int32(pi), low.word(text[i:j]), unicode.IsUpper(r) || uncased(r))
				i = j
				continue
			}
			k := tPunct
			if inQ >= 0 && i == quotes[inQ].start {
				k = tOpenQuote
			} else if inQ >= 0 && quotes[inQ].closed && i+n == quotes[inQ].end {
				k = tCloseQuote
			}
			toks = pushToken(toks, i, i+n, k, int32(inQ), int32(pi), "", false)
			i += n
		}
	}
	if cap(toks) == cap(buf) && len(buf) > len(toks) {
		clear(buf[len(toks):])
	}
	return toks
}

// pushToken appends a token field by field: copying a whole token, which
// holds a string, costs a bulk write barrier while the collector runs,
// and the tokenizer writes one per word.
func pushToken(toks []token, start, end int, kind tokKind, quote, para int32, lower string, upper bool) []token {
	n := len(toks)
	if n == cap(toks) {
		toks = slices.Grow(toks, 1)
	}
	toks = toks[:n+1]
	t := &toks[n]
	t.start, t.end, t.kind, t.quote, t.para, t.upper = start, end, kind, quote, para, upper
	t.lower = lower
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
