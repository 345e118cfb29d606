package offline

import "github.com/whosaid/whosaid/internal/article"

// Reported speech: the clause a cue introduces ("said that …",
// "according to …") when the sentence holds no quotation.

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
	if c.tok-1 > s.start && a.toks[c.tok-1].punct(a.text) == ',' && c.subj1 < s.end-2 {
		// the source phrase may go on past its head ("according to two
		// people familiar with the talks, …")
		for k := c.subj1; k < s.end-2 && k <= c.subj1+6; k++ {
			t := &a.toks[k]
			if t.punct(a.text) == ',' {
				return a.clause(s.start, s.end, s)
			}
			if t.kind != tWord || t.quote >= 0 {
				break
			}
		}
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
		if t.kind != tWord || t.upper || t.quote >= 0 || notNameWords.has(t.lower) && !determiners.has(t.lower) {
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
	end := s.end
	if c.relative {
		for k := i; k < s.end; k++ {
			if a.toks[k].punct(a.text) == ',' {
				end = k
				break
			}
		}
	}
	end = a.secondVerbAt(i, end)
	return a.clause(i, end, s)
}

// secondVerbAt returns where the statement that starts at token i ends
// when the speaker goes on with a second reporting verb ("said the
// council had cut its budget and warned that taxes would rise", "…, and
// added that …"): at that "and", which the second verb's own statement
// follows. Otherwise it returns end.
func (a *analysis) secondVerbAt(i, end int) int {
	// a short statement is read directly, a long one through the table,
	// so the work stays linear however many cues a sentence holds
	k := i + 1
	for ; k+2 < end && k <= i+shortScan; k++ {
		if a.secondVerbHere(k) {
			a.ents.work += k - i
			return k
		}
	}
	a.ents.work += k - i
	if k+2 >= end {
		return end
	}
	if p := int(a.secondVerbs()[k]); p+2 < end {
		return p
	}
	return end
}

// secondVerbHere reports whether a second reporting verb of a speaker
// starts at token k: "and", a verb that reports, then "that" or, after say
// and add, the statement's own subject ("and found the man", "and called
// the strike …" are no second statement).
func (a *analysis) secondVerbHere(k int) bool {
	if k+2 >= len(a.toks) {
		return false
	}
	t := &a.toks[k]
	if !t.is("and") || t.quote >= 0 {
		return false
	}
	v, ok := reportingVerb(a.toks[k+1].lower)
	if !ok || v.participle || a.toks[k+1].quote >= 0 {
		return false
	}
	n := &a.toks[k+2]
	return n.is("that") || (v.lemma == "say" || v.lemma == "add") && clauseSubject(n)
}

// secondVerbs returns, for every token k, the first token at or after k
// where a second reporting verb starts (see secondVerbHere), or the number
// of tokens; built once per article, on first use.
func (a *analysis) secondVerbs() []int32 {
	sc := a.scratch()
	n := len(a.toks)
	if len(sc.secondAt) == n+1 {
		return sc.secondAt
	}
	if cap(sc.secondAt) < n+1 {
		sc.secondAt = make([]int32, n+1)
	}
	sc.secondAt = sc.secondAt[:n+1]
	sc.secondAt[n] = int32(n)
	for k := n - 1; k >= 0; k-- {
		sc.secondAt[k] = sc.secondAt[k+1]
		if a.secondVerbHere(k) {
			sc.secondAt[k] = int32(k)
		}
	}
	return sc.secondAt
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
	objectNP := a.toks[j].kind == tWord && (a.toks[j].lower == "a" || a.toks[j].lower == "an" || a.toks[j].lower == "the") && objectVerbs.has(c.form.lemma)
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
		if t.kind == tWord && k > j && (auxiliaries.has(t.lower) || t.lower == "had" || t.lower == "were" || t.lower == "are") {
			break
		}
	}
	if weakVerbs.has(a.toks[c.tok].lower) {
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
		} else if determiners.has(t.lower) && j+1 < s.end && isNameWord(&a.toks[j+1]) {
			// told the Coolup Advocate
			_, r1 := runAt(a.text, a.toks, j+1, j+1, s.end)
			j = r1
		} else if determiners.has(t.lower) {
			j += 2
		} else {
			j++
		}
	case t.is("at") && j+1 < s.end && (a.toks[j+1].is("least") || a.toks[j+1].is("most")):
		// "say at least part of the cost …": no adjunct
	case (t.lower == "little" || t.lower == "nothing" || t.lower == "much" || t.lower == "more" || t.lower == "less" || t.lower == "something" || t.lower == "anything") && j+1 < s.end && a.toks[j+1].is("about"):
		// "said little about the costs": what was spoken of, no statement
		return 0, false
	case approximators.has(t.lower) && j+1 < s.end && a.toks[j+1].kind == tWord && (startsWithDigit(a.toks[j+1].lower) || numberWords.has(a.toks[j+1].lower)):
		// "said about 90 jobs would go": an amount opens the statement
	case prepositions.has(t.lower):
		// "said in a statement on Friday, …" without "that": skip to a comma.
		for k := j; k < s.end && k < j+thatWindow; k++ {
			if a.toks[k].kind == tPunct && a.toks[k].punct(a.text) == ',' {
				return k + 1, true
			}
		}
		// "said in a statement it was …": a short adjunct, then the
		// statement's own subject
		if k := j + 3; k < s.end && determiners.has(a.toks[j+1].lower) && a.toks[j+2].kind == tWord && clauseSubject(&a.toks[k]) {
			return k, true
		}
		// "said on Tuesday it had …", "said last week they were …": an
		// adjunct of time or setting of one to three words
		if settingPrepositions.has(t.lower) {
			for k := j + 2; k < s.end && k <= j+4; k++ {
				u := &a.toks[k]
				// "announced on Thursday as she …": a conjunction or a
				// second preposition ends the adjunct without a statement
				if u.kind != tWord || u.quote >= 0 || prepositions.has(u.lower) || conjunctions.has(u.lower) {
					break
				}
				if clauseSubject(u) {
					return k, true
				}
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

// approximators are prepositions that before a number mean "roughly"
// ("said about 90 jobs …").
var approximators = lexiconSet("approximators.txt")

// numberWords are spelled-out numbers ("about half the staff").
var numberWords = lexiconSet("number_words.txt")

// conjunctions join clauses ("said on Monday and …").
var conjunctions = lexiconSet("conjunctions.txt")

// settingPrepositions open a short adjunct of time or setting after a
// reporting verb ("said on Tuesday it …").
var settingPrepositions = lexiconSet("setting_prepositions.txt")

// clause returns the span of tokens [i, j) less trailing punctuation, if it
// reads as a reported statement: at least four words, no quotation.
func (a *analysis) clause(i, j int, s sentence) (span, bool) {
	i = a.afterDateline(i, j)
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

// afterDateline returns the first token after a wire dateline that opens
// the paragraph at token i ("KRAVSTEIN, Ostmark (Wire) —": a place in
// capitals, a few words, commas and a bracketed agency, then a dash), or i
// when there is none: the dateline is no part of a statement.
func (a *analysis) afterDateline(i, j int) int {
	t := &a.toks[i]
	if t.kind != tWord || (i > 0 && a.toks[i-1].para == t.para) || !isAllCaps(a.text[t.start:t.end]) {
		return i
	}
	for k := i + 1; k < j && k < i+datelineTokens; k++ {
		u := &a.toks[k]
		if u.kind == tWord {
			continue
		}
		switch u.punct(a.text) {
		case '—', '–':
			return k + 1
		case '-':
			if u.start > 0 && a.text[u.start-1] == ' ' {
				return k + 1 // a spaced hyphen standing for a dash
			}
			return i
		case ',', '(', ')', '.':
			continue
		}
		return i
	}
	return i
}

// datelineTokens bounds the length of a dateline.
const datelineTokens = 14

// clauseSubject reports a word that can open the reported clause right
// after an adjunct: a personal pronoun or "the".
func clauseSubject(t *token) bool {
	switch t.lower {
	case "it", "he", "she", "they", "we", "i", "the", "its", "his", "her", "their":
		return t.kind == tWord
	}
	return false
}
