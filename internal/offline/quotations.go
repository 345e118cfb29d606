package offline

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/internal/article"
)

// Quotations: the speaker and kind (direct or partial) of each quotation
// span, from its cue, the run of quotations it continues, or a credit.

// quotation classifies and attributes quotation q of sentence s.
func (a *analysis) quotation(q int, s sentence, cues []cue, last *found, lastSpeaker speakerEvent) (found, bool) {
	qs := a.quotes[q]
	inner := qs.inner(a.text)
	if inner.start >= inner.end {
		return found{}, false
	}
	open := a.tokenAt(qs.start)
	closeTok := a.tokenAt(qs.end) - 1
	words := wordCount(a.text[inner.start:inner.end])

	// Kind: a quotation that opens its sentence, or follows a colon or a
	// comma, is a direct quote; one that follows a word is a fragment.
	kind := article.KindDirect
	if open > s.start {
		p := &a.toks[open-1]
		switch {
		case p.kind == tWord:
			_, isCue := reportingVerbs[p.lower]
			if !(firstLetterUpper(a.text, inner) && (p.lower == "that" || isCue)) {
				kind = article.KindPartial
			}
		case p.kind == tCloseQuote:
		default:
			r := p.punct(a.text)
			if r != ':' && r != ',' && r != '—' && r != '–' && r != '(' && r != '-' && r != ';' {
				kind = article.KindPartial
			}
		}
	}
	if kind == article.KindDirect && !firstLetterUpper(a.text, inner) && open == s.start && !endsWithStop(a.text[inner.start:inner.end]) {
		kind = article.KindPartial
	}

	// The cue nearest the quotation.
	best, bestDist := a.nearestCue(s, cues, open, closeTok)

	standalone := open == s.start
	f := found{span: span{qs.start, qs.end}, kind: kind, ent: -1, para: s.para, quote: q}
	credit := a.dashCredit(closeTok, s)
	switch {
	case credit != nil && best == nil:
		// a pull quote credited after a dash: “…” — Mayor Diaz
		f.ent, f.cue, f.confidence = credit.id, "—", confNamedCue
	case best != nil:
		f.ent, f.cue = best.subject.id, best.text
		f.confidence = confNamedCue
		if best.pronoun {
			f.confidence = confPronounCue
		}
	case last != nil && last.para == s.para && last.quote >= 0:
		f.ent, f.confidence = last.ent, confInherited
	case qs.continued && last != nil:
		f.ent, f.confidence = last.ent, confInherited
	case standalone && lastSpeaker.ent >= 0 && s.para-lastSpeaker.para <= 2:
		f.ent, f.confidence = lastSpeaker.ent, confInherited
	default:
		if e := a.ents.resolvePronoun(genderUnknown, qs.start, s.para); e != nil {
			f.ent, f.confidence = e.id, confGuessed
		} else if e := a.recentPerson(qs.start, s.para); e != nil {
			f.ent, f.confidence = e.id, confGuessed
		} else {
			f.confidence = confUnknown
		}
	}
	if kind == article.KindPartial {
		f.confidence -= partialDiscount
		f.fragment = f.span
		f.span = a.partialClause(qs, open, closeTok, s, best)
	}

	// Scare quotes and titles: short fragments with no speech around them;
	// in single marks, a fragment of one or two words is a term whatever
	// surrounds it (the ‘sharing economy’).
	if qs.single && kind == article.KindPartial && (words < 2 || words < 3 && best == nil) {
		return found{}, false
	}
	// The title of a work ("Rooms Without Rent," "Low Tide at Wenlow") is
	// in Title Case and short; nobody speaks in Title Case.
	if words <= 7 && titleCase(a.text[inner.start:inner.end]) && (!standalone || a.quotedSubject(inner, closeTok, s)) {
		return found{}, false
	}
	if best == nil && credit == nil {
		switch {
		case kind == article.KindPartial && words < 6:
			return found{}, false
		case kind == article.KindDirect && words < 3 && !standalone:
			return found{}, false
		case kind == article.KindDirect && !standalone && !endsWithStop(a.text[inner.start:inner.end]) && words < 8:
			return found{}, false
		}
	} else if kind == article.KindDirect && words < 3 && !endsWithStop(a.text[inner.start:inner.end]) && bestDist > 2 {
		return found{}, false
	}
	_ = closeTok
	return f, true
}

// partialClause widens a quoted fragment to the reported clause around it:
// from after the cue ("said [that] …") or the sentence start, to the end of
// the sentence, or to the comma before a trailing cue ("…, she said").
func (a *analysis) partialClause(qs quoteSpan, open, closeTok int, s sentence, c *cue) span {
	i, j := s.start, s.end
	if c != nil && c.tok < open {
		if k, ok := a.clauseStart(c, s); ok && k <= open {
			i = k
		} else {
			i = open
		}
		// "… “a serious piece of work” and said …": the speaker's second
		// verb starts a statement of its own
		if k := a.secondVerbAt(closeTok, j); k < j {
			j = k
		}
	}
	if c != nil && c.tok > closeTok {
		j = closeTok + 1
		if k := a.nextComma(closeTok + 1); k < c.tok {
			j = k
		}
		if c.subj0 > closeTok && c.subj0 < c.tok {
			j = min(j, c.subj0)
		}
	}
	// drop trailing punctuation outside the quotation, and leading commas
	i, j = a.trimPunct(i, j)
	out := span{a.toks[i].start, a.toks[j-1].end}
	if out.start > qs.start {
		out.start = qs.start
	}
	if out.end < qs.end {
		out.end = qs.end
	}
	return out
}

// dashCredit reads a credit after a closing quotation mark: a dash and a
// name ending the sentence (“We will not cut libraries.” — Mayor Diaz).
func (a *analysis) dashCredit(closeTok int, s sentence) *entity {
	i := closeTok + 1
	if i+1 >= s.end || a.toks[i].kind != tPunct {
		return nil
	}
	if r := a.toks[i].punct(a.text); r != '—' && r != '–' && r != '-' {
		return nil
	}
	if !isNameWord(&a.toks[i+1]) {
		return nil
	}
	r0, r1 := runAt(a.text, a.toks, i+1, i+1, s.end)
	// the credit must end the sentence (a comma and a role may follow)
	if r1 < s.end && a.toks[r1].kind == tWord {
		return nil
	}
	e := a.registerRun(a.sentOf(r0), r0, r1)
	if e == nil {
		e = a.orgRun(r0, r1)
	}
	return e
}

// quotedSubject reports a quotation that opens its sentence as the
// subject of a verb ("“Low Tide at Wenlow” runs until June"): no comma or
// stop inside the marks, and a lower-case word that reports nothing right
// after them.
func (a *analysis) quotedSubject(inner span, closeTok int, s sentence) bool {
	if t := strings.TrimRight(a.text[inner.start:inner.end], " "); strings.HasSuffix(t, ",") || endsWithStop(t) {
		return false
	}
	n := closeTok + 1
	if n >= s.end {
		return false
	}
	t := &a.toks[n]
	if t.kind != tWord || t.upper {
		return false
	}
	_, cue := reportingVerb(t.lower)
	return !cue
}

// titleCase reports whether every word of text starts with a capital
// letter, but for the short words titles leave in lower case, and the text
// has at least two capitalised words and no sentence inside it.
func titleCase(text string) bool {
	capitals := 0
	for _, w := range strings.Fields(text) {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if w == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case unicode.IsUpper(r):
			capitals++
		case titleSmallWords[w]:
		default:
			return false
		}
	}
	t := strings.TrimRight(text, ",”\"’' ")
	return capitals >= 2 && !strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "!") && !strings.HasSuffix(t, "?")
}

// titleSmallWords stay in lower case inside titles.
var titleSmallWords = map[string]bool{"a": true, "an": true, "the": true, "of": true, "in": true, "on": true, "at": true, "to": true, "for": true, "and": true, "or": true, "but": true, "by": true, "with": true, "from": true, "as": true}
