package offline

import (
	"sort"

	"github.com/whosaid/whosaid/internal/article"
)

// Confidence levels by how a quotation was attributed. Each is the share
// of quotations attributed that way whose span and speaker were both right,
// measured on annotated news and on the challenge set (see
// testdata/challenge/README.md), so a confidence reads as a probability:
// `whosaid eval --calibration` prints the reliability table.
const (
	confNamedCue    = 0.93 // a cue with a named or described speaker
	confPronounCue  = 0.92 // a cue whose speaker is a resolved pronoun
	confInherited   = 0.93 // no cue: the speaker of the run carries over
	confGuessed     = 0.15 // no cue and no carry-over: nearest person
	confUnknown     = 0.05 // no speaker found
	partialDiscount = 0.10 // a fragment's clause is harder to delimit
	indirectBase    = 0.75 // reported speech with a named speaker
	indirectPronoun = 0.86 // reported speech whose speaker is a pronoun: "She added that …"
)

// run finds and attributes every quotation, sentence by sentence, in text
// order, so pronouns and carried-over speakers see only what came before.
func (a *analysis) run(cfg Config) {
	var last *found // the last attributed quotation
	var lastSpeaker speakerEvent
	lastSpeaker.ent = -1
	qi := 0
	for si, s := range a.sents {
		if a.skip[s.para] {
			for qi < len(a.quotes) && a.quotes[qi].start < a.toks[s.end-1].end {
				qi++
			}
			continue
		}
		a.scanNames(si)
		cues := a.findCues(s)
		for k := range cues {
			a.resolveSubject(&cues[k], s, cues[:k])
			if c := &cues[k]; c.subject != nil && c.subj0 < c.subj1 {
				a.ents.mention(a.toks[c.subj0].start, s.para, c.subject.id, true)
				c.subject.cues++
				lastSpeaker = speakerEvent{ent: c.subject.id, para: s.para}
			}
		}
		// the quotations that open in this sentence
		var qs []int
		for qi < len(a.quotes) && a.quotes[qi].start < a.toks[s.end-1].end {
			if a.quotes[qi].start >= a.toks[s.start].start {
				qs = append(qs, qi)
			}
			qi++
		}
		accepted := 0
		var taken []span // quotations accepted in this sentence
		for _, q := range qs {
			f, ok := a.quotation(q, s, cues, last, lastSpeaker)
			if !ok {
				continue
			}
			accepted++
			taken = append(taken, f.span)
			a.found = append(a.found, f)
			last = &a.found[len(a.found)-1]
			if f.ent >= 0 {
				lastSpeaker = speakerEvent{ent: f.ent, para: s.para}
			}
			if f.ent >= 0 {
				a.ents.list[f.ent].spoke++
			}
		}
		if cfg.Indirect && accepted == 0 {
			for _, f := range a.reported(s, cues, taken) {
				a.found = append(a.found, f)
				if f.ent >= 0 {
					a.ents.list[f.ent].spoke++
				}
			}
		}
	}
	a.embeddedPosts()
	a.resolveCataphora()
	sort.SliceStable(a.found, func(i, j int) bool { return a.found[i].span.start < a.found[j].span.start })
}

// speakerEvent is the latest speaker seen: of a quotation, of reported
// speech, or the subject of a reporting verb.
type speakerEvent struct {
	ent, para int
}

// tokenAt returns the index of the first token starting at or after byte pos.
func (a *analysis) tokenAt(pos int) int {
	return sort.Search(len(a.toks), func(i int) bool { return a.toks[i].start >= pos })
}

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
	if qs.single && kind == article.KindPartial && words < 3 {
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

// recentPerson returns the person mentioned last before pos, within a few
// paragraphs.
func (a *analysis) recentPerson(pos, para int) *entity {
	return a.ents.recentPerson(pos, para)
}

// recentSubjectPerson returns the person who was the subject of a sentence
// of this paragraph or the one before, nearest before pos ("Niederreiter
// has four goals. The 26-year-old right wing said …").
func (a *analysis) recentSubjectPerson(pos, para int) *entity {
	ms := &a.ents.mentions
	i := ms.search(func(m mention) bool { return m.pos >= pos })
	for j := i - 1; j >= 0 && j >= i-maxLookback && para-ms.At(j).para <= 1; j-- {
		m := ms.At(j)
		if e := a.ents.list[m.ent]; m.subject && e.kind == kindPerson {
			return e
		}
	}
	return nil
}

// thatWindow is how far after a cue "that" may open the reported clause.
const thatWindow = 12

// reported reads reported speech without quotation marks in sentence s:
// a statement per reporting cue, none overlapping another.
func (a *analysis) reported(s sentence, cues []cue, taken []span) []found {
	var out []found
	for k := range cues {
		c := &cues[k]
		if c.subject == nil {
			continue
		}
		var cl span
		var ok bool
		switch {
		case c.according:
			cl, ok = a.accordingClause(c, s)
		case c.inverted:
			cl, ok = a.leadingClause(c.tok, s)
		default:
			cl, ok = a.followingClause(c, s)
			if !ok && c.subj0 > s.start {
				cl, ok = a.leadingClause(c.subj0, s)
				if !ok {
					cl, ok = a.parentheticalClause(c, s)
				}
			}
		}
		if !ok {
			continue
		}
		if !hasWords(a.text[cl.start:cl.end], 4) || overlapsSpan(taken, cl) {
			continue
		}
		conf := indirectBase
		if c.pronoun {
			conf = indirectPronoun
		}
		out = append(out, found{span: cl, kind: article.KindIndirect, cue: c.text, ent: c.subject.id, para: s.para, confidence: conf, quote: -1})
		taken = append(taken, cl)
	}
	return out
}

func overlapsSpan(spans []span, s span) bool {
	for _, t := range spans {
		if s.start < t.end && t.start < s.end {
			return true
		}
	}
	return false
}

// accordingClause reads "According to X, CLAUSE." and "CLAUSE, according to X."
func (a *analysis) accordingClause(c *cue, s sentence) (span, bool) {
	// "The town, according to the study, will face …": the sentence around
	// the parenthesis, not the words before it.
	if c.tok-1 > s.start && a.toks[c.tok-1].punct(a.text) == ',' && c.subj1 < s.end-2 && a.toks[c.subj1].punct(a.text) == ',' {
		return a.clause(s.start, s.end, s)
	}
	if c.tok == s.start || (c.tok == s.start+1 && a.toks[s.start].kind == tWord) {
		// the clause starts after the comma that ends the source phrase
		for j := c.subj1; j < s.end && j < c.subj1+12; j++ {
			if a.toks[j].kind == tPunct && a.toks[j].punct(a.text) == ',' {
				return a.clause(j+1, s.end, s)
			}
		}
		return span{}, false
	}
	return a.leadingClause(c.tok, s)
}

// parentheticalClause reads "The team, X said, would need …": an
// attribution set off by commas inside the statement, which is the
// sentence around it.
func (a *analysis) parentheticalClause(c *cue, s sentence) (span, bool) {
	if c.subj0-1 <= s.start || c.end >= s.end-1 {
		return span{}, false
	}
	if a.toks[c.subj0-1].punct(a.text) != ',' || a.toks[c.end].punct(a.text) != ',' {
		return span{}, false
	}
	return a.clause(s.start, s.end, s)
}

// leadingClause reads "CLAUSE, X said": the clause ends at the comma before
// token i.
func (a *analysis) leadingClause(i int, s sentence) (span, bool) {
	// "…, the provincial Ministry of Health said": the article and
	// modifiers before the name
	for k := i - 1; k > s.start && k >= i-4; k-- {
		t := &a.toks[k]
		if t.kind != tWord || t.upper || t.quote >= 0 || notNameWords[t.lower] && !determiners[t.lower] {
			if t.punct(a.text) == ',' {
				i = k + 1
			}
			break
		}
	}
	if i-1 <= s.start || a.toks[i-1].kind != tPunct || a.toks[i-1].punct(a.text) != ',' {
		return span{}, false
	}
	return a.clause(s.start, i-1, s)
}

// followingClause reads "X said (that) CLAUSE".
func (a *analysis) followingClause(c *cue, s sentence) (span, bool) {
	i, ok := a.clauseStart(c, s)
	if !ok {
		return span{}, false
	}
	return a.clause(i, s.end, s)
}

// clauseStart returns the token where the statement reported by cue c
// begins: at "that" close after the verb, after the addressee of "told",
// after an adjunct closed by a comma, or right after the verb.
func (a *analysis) clauseStart(c *cue, s sentence) (int, bool) {
	if c.subj1 > c.tok {
		return 0, false
	}
	j := c.end
	if j >= s.end {
		return 0, false
	}
	// "announced a limit that allowed …": "that" after the verb's object
	// opens a relative clause, not the statement.
	objectNP := a.toks[j].kind == tWord && (a.toks[j].lower == "a" || a.toks[j].lower == "an" || a.toks[j].lower == "the") && objectVerbs[c.form.lemma]
	for k := j; k < s.end && k < j+thatWindow; k++ {
		t := &a.toks[k]
		if t.is("that") {
			if objectNP {
				return 0, false
			}
			return k, true
		}
		if t.kind != tWord && t.punct(a.text) != ',' {
			break
		}
		// "said they had found sites under bridges that …": the statement
		// began at its own subject; "that" is inside it
		if t.kind == tWord && k > j && (auxiliaries[t.lower] || t.lower == "had" || t.lower == "were" || t.lower == "are") {
			break
		}
	}
	if weakVerbs[a.toks[c.tok].lower] {
		return 0, false
	}
	t := &a.toks[j]
	switch {
	case t.kind != tWord:
		if t.kind == tOpenQuote {
			return j, true
		}
		return 0, false
	case c.form.object:
		// told reporters / told The Canadian Press / told him
		if isNameWord(t) {
			_, r1 := runAt(a.text, a.toks, j, j, s.end)
			j = r1
		} else if determiners[t.lower] {
			j += 2
		} else {
			j++
		}
	case prepositions[t.lower]:
		// "said in a statement on Friday, …" without "that": skip to a comma.
		for k := j; k < s.end && k < j+thatWindow; k++ {
			if a.toks[k].kind == tPunct && a.toks[k].punct(a.text) == ',' {
				return k + 1, true
			}
		}
		return 0, false
	}
	return j, j < s.end
}

// objectVerbs are reporting verbs that also take a thing as object
// ("announced a limit that …", "released a report that …"): after such a
// verb, "a/the NOUN that" opens a relative clause.
var objectVerbs = lexiconSet("object_verbs.txt")

// prepositions that open an adjunct after a reporting verb.
var prepositions = lexiconSet("prepositions.txt")

// clause returns the span of tokens [i, j) less trailing punctuation, if it
// reads as a reported statement: at least four words, no quotation.
func (a *analysis) clause(i, j int, s sentence) (span, bool) {
	i, j = a.trimNonWords(i, j)
	if j-i < 4 {
		return span{}, false
	}
	words, quoted := a.tokenCounts(i, j)
	if quoted {
		return span{}, false
	}
	if words < 4 {
		return span{}, false
	}
	return span{a.toks[i].start, a.toks[j-1].end}, true
}
