package offline

// Subjects: the speaker of a cue, before or after the verb, across
// appositions, relative clauses and coordinated verbs.

// resolveSubject finds the speaker of cue c in sentence s.
func (a *analysis) resolveSubject(c *cue, s sentence, prev []cue) {
	a.resolveSubjectOf(c, s, prev)
	if c.subject != nil && c.subject.kind == kindOutlet {
		// "the Harbour Gazette reported": the outlet is no speaker
		c.subject = nil
	}
}

// resolveSubjectOf finds the speaker phrase of cue c, whatever it names.
func (a *analysis) resolveSubjectOf(c *cue, s sentence, prev []cue) {
	if c.according {
		j := c.end
		if j < s.end {
			c.subject, c.subj0, c.subj1, c.pronoun = a.phraseAt(j, s, false)
		}
		return
	}
	// "X said A and warned that B", "…, and added that …": the speaker
	// goes on; the statement before this "and" is the last cue's (see
	// secondVerbAt).
	if n := len(prev); n > 0 && !c.form.participle && c.tok > s.start && a.toks[c.tok-1].is("and") {
		if p := &prev[n-1]; p.subject != nil && !p.according && p.tok < c.tok && a.secondVerbAt(p.end, s.end) == c.tok-1 {
			c.subject, c.subj0, c.subj1, c.pronoun = p.subject, p.subj0, p.subj1, p.pronoun
			c.second = true
			return
		}
	}
	if c.form.participle {
		// "…, saying …" hangs on the clause before: its cue's subject, or
		// the sentence's own subject.
		for k := len(prev) - 1; k >= 0; k-- {
			if prev[k].subject != nil && !prev[k].according {
				c.subject, c.subj0, c.subj1 = prev[k].subject, prev[k].subj0, prev[k].subj1
				return
			}
		}
		if i := c.tok - 1; i >= s.start && a.toks[i].kind == tWord && a.toks[i].quote < 0 {
			if e, s0, s1, pr := a.phraseEndingAt(i, s); e != nil {
				c.subject, c.subj0, c.subj1, c.pronoun = e, s0, s1, pr
				return
			}
		}
		if e, s0, s1, pr := a.phraseAt(s.start, s, false); e != nil && s1 <= c.tok {
			c.subject, c.subj0, c.subj1, c.pronoun = e, s0, s1, pr
		}
		return
	}
	// Left subject, over adverbs and auxiliaries.
	i := c.tok - 1
	for i >= s.start && a.toks[i].kind == tWord && skipBeforeVerb.has(a.toks[i].lower) {
		i--
	}
	// "…, Anna Rusk, who said she …": the relative pronoun stands for the
	// phrase before it
	if i > s.start+1 && (a.toks[i].is("who") || a.toks[i].is("which")) {
		k := i - 1
		if a.toks[k].punct(a.text) == ',' {
			k--
		}
		if k >= s.start && a.toks[k].kind == tWord && a.toks[k].quote < 0 {
			if e, s0, s1, pr := a.phraseEndingAt(k, s); e != nil && (e.kind == kindPerson) == a.toks[i].is("who") {
				c.subject, c.subj0, c.subj1, c.pronoun = e, s0, s1, pr
				c.relative = k < i-1
				return
			}
			// "Dieter Ambach, a commuter at the station, who said …"
			if k < i-1 {
				if e, s0, s1, ok := a.appositionSubject(i-1, s); ok && e.kind == kindPerson && a.toks[i].is("who") {
					c.subject, c.subj0, c.subj1 = e, s0, s1
					c.relative = true
					return
				}
			}
		}
	}
	// "Jane Doe signed the bill on Monday and said …": the verbs share the
	// subject that opens the sentence.
	if i > s.start && (a.toks[i].is("and") || a.toks[i].is("but")) && a.toks[i-1].quote < 0 {
		if e, s0, s1, pr := a.sentenceSubject(s, i); e != nil && !a.cueBetween(s1, i, s) {
			c.subject, c.subj0, c.subj1, c.pronoun = e, s0, s1, pr
			return
		}
	}
	if i >= s.start && a.toks[i].quote < 0 {
		t := &a.toks[i]
		if t.kind == tWord {
			if e, s0, s1, pr := a.phraseEndingAt(i, s); e != nil {
				c.subject, c.subj0, c.subj1, c.pronoun = e, s0, s1, pr
				return
			}
			// "Two families who have hosted relatives since spring said":
			// the phrase before a relative clause
			if e, s0, s1 := a.relativeSubject(i, s); e != nil {
				c.subject, c.subj0, c.subj1 = e, s0, s1
				return
			}
		} else if t.punct(a.text) == ',' {
			if e, s0, s1, ok := a.appositionSubject(i, s); ok {
				c.subject, c.subj0, c.subj1 = e, s0, s1
				return
			}
		}
	}
	// Inverted: "…,” said Jane Smith." / "Says the minister, …".
	if c.end < s.end {
		left := c.tok == s.start || a.afterQuote(c.tok) || a.toks[c.tok-1].punct(a.text) == ':'
		comma := !left && a.toks[c.tok-1].punct(a.text) == ','
		if left || comma {
			e, s0, s1, pr := a.phraseAt(c.end, s, true)
			// after a plain comma ("…, said Jane Doe."), the phrase must end
			// the clause: "…, said Riverside Academy has…" names no speaker
			if e != nil && comma && s1 < s.end && a.toks[s1].kind == tWord {
				e = nil
			}
			if e != nil {
				c.subject, c.subj0, c.subj1, c.pronoun = e, s0, s1, pr
				c.inverted = true
			}
		}
	}
}

// sentenceSubject reads the phrase that opens sentence s as the subject of
// a verb before token limit: a name, a pronoun or a description, where a
// description set off by commas gives way to the name it introduces ("The
// credit union, Harbour Savings, closed …").
func (a *analysis) sentenceSubject(s sentence, limit int) (*entity, int, int, bool) {
	// "The credit union, Harbour Savings, closed …"
	for k := s.start + 2; k < limit && k <= s.start+5; k++ {
		if a.toks[k].punct(a.text) != ',' {
			continue
		}
		if k+2 < limit && a.descriptionOpens(k+1, s) && isNameWord(&a.toks[k+1]) {
			r0, r1 := runAt(a.text, a.toks, k+1, k+1, s.end)
			if r1 < limit && a.toks[r1].punct(a.text) == ',' {
				n := a.registerRun(a.sentOf(r0), r0, r1)
				if n == nil {
					n = a.orgRun(r0, r1)
				}
				if n != nil {
					return n, r0, r1, false
				}
			}
		}
		break
	}
	e, s0, s1, pr := a.phraseAt(s.start, s, false)
	if e == nil || s1 >= limit {
		return nil, 0, 0, false
	}
	v := s1
	if v < limit && a.toks[v].punct(a.text) == ',' {
		// "Castaneda, the world number 31, struggled …": past the apposition
		for k := v + 1; k < limit && k < v+16; k++ {
			if a.toks[k].punct(a.text) == ',' {
				v = k + 1
				break
			}
		}
	}
	if v < limit && (a.verbLike(v, s) || a.toks[v].kind == tWord && !a.toks[v].upper && !prepositions.has(a.toks[v].lower) && !determiners.has(a.toks[v].lower)) {
		return e, s0, s1, pr
	}
	return nil, 0, 0, false
}

// relativeSubject reads "NP who … VERB" back from token i: the phrase
// before a relative "who" (or "which") that opens no later than a dozen
// words before the verb, with no punctuation between.
func (a *analysis) relativeSubject(i int, s sentence) (*entity, int, int) {
	for k := i; k > s.start && k > i-15; k-- {
		t := &a.toks[k]
		if t.kind != tWord || t.quote >= 0 {
			return nil, 0, 0
		}
		if (t.is("who") || t.is("which")) && a.toks[k-1].kind == tWord {
			if e, s0, s1, _ := a.phraseEndingAt(k-1, s); e != nil {
				return e, s0, s1
			}
			if w := a.toks[k-1].lower; pluralPeople.has(w) {
				start := k - 1
				for start > s.start && a.toks[start-1].kind == tWord && (!a.toks[start-1].upper || determiners.has(a.toks[start-1].lower)) && start > k-4 {
					start--
					if determiners.has(a.toks[start].lower) {
						break
					}
				}
				if determiners.has(a.toks[start].lower) || start == s.start || a.toks[start].upper {
					g := a.ents.group(a.text[a.toks[start].start:a.toks[k-1].end], kindGroup)
					g.gender = genderPlural
					g.addRole(w)
					a.ents.mention(a.toks[start].start, s.para, g.id, true)
					return g, start, k
				}
			}
			return nil, 0, 0
		}
	}
	return nil, 0, 0
}

// appositionSubject reads "NAME, apposition, said" ending at the comma at i:
// it walks back over up to three comma-separated pieces (an apposition may
// hold a relative clause: "Jane Doe, who chairs the board, said") to a name
// or pronoun before a comma.
func (a *analysis) appositionSubject(i int, s sentence) (*entity, int, int, bool) {
	// "Head of research at Northwind, Omar Haddad, agreed": the name just before
	// the comma.
	if i-1 > s.start && isNameWord(&a.toks[i-1]) {
		if e, s0, s1, _ := a.phraseEndingAt(i-1, s); e != nil && s0 > s.start && (e.kind == kindPerson && a.commaBeforeDescription(s0, s) || e.kind == kindOrg && a.descriptionOpens(s0, s)) {
			return e, s0, s1, true
		}
	}
	commas := 0
	for j := i - 1; j > s.start && j > i-45; j-- {
		t := &a.toks[j]
		if t.quote >= 0 {
			// a title in an apposition ("whose memoir ‘Early Starts’
			// recalls …"); a quotation that was taken stops the walk
			if a.quoteTaken(int(t.quote)) {
				return nil, 0, 0, false
			}
			continue
		}
		if t.kind != tPunct {
			continue
		}
		switch t.punct(a.text) {
		case ',':
			if j-1 >= s.start && a.toks[j-1].kind == tWord {
				if e, s0, s1, _ := a.phraseEndingAt(j-1, s); e != nil && (e.kind == kindPerson || e.pair || (s0 == s.start && s1-s0 >= 2) || (e.kind == kindOrg && a.descriptionOpens(s0, s))) {
					return e, s0, s1, true
				}
			}
			commas++
			if commas == 5 {
				return nil, 0, 0, false
			}
		case '-', '’', '\'', '.', '(', ')':
		default:
			return nil, 0, 0, false
		}
	}
	return nil, 0, 0, false
}

// quoteTaken reports whether quotation q was kept as a quotation.
func (a *analysis) quoteTaken(q int) bool {
	for i := len(a.found) - 1; i >= 0 && i >= len(a.found)-8; i-- {
		if a.found[i].quote == q {
			return true
		}
	}
	return false
}
