package offline

import "unicode/utf8"

// Sentences: token ranges ended by a full stop, a question or exclamation
// mark or the paragraph, but not by the period of an abbreviation.

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
			if abbreviations.has(w) || (utf8.RuneCountInString(w) == 1 && toks[i-1].upper) {
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

// abbreviations end with a period that does not end a sentence.
var abbreviations = lexiconSet("abbreviations.txt")
