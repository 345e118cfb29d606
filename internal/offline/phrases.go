package offline

// Descriptive phrases: the noun phrases ("the city's fire chief", "a
// spokesperson for the ministry") that stand for a speaker.

// determiners open a descriptive noun phrase ("the judge", "a spokesperson").
var determiners = lexiconSet("determiners.txt")

// commaBeforeDescription reports whether a comma precedes token s0, right
// before it or before a short lower-case description: "…, Omar Haddad,"
// and "…, her uncle Terrence Young,".
func (a *analysis) commaBeforeDescription(s0 int, s sentence) bool {
	for k := s0 - 1; k > s.start && k >= s0-5; k-- {
		t := &a.toks[k]
		if t.punct(a.text) == ',' {
			return true
		}
		if (k == s0-1 || k == s0-2 && a.toks[s0-1].is("the")) && (t.is("for") || t.is("of") || t.is("at") || t.is("with") || t.is("from") || t.is("by")) {
			// "…, a spokesperson for Scribbly Learning,": an affiliation
			return false
		}
		if t.kind != tWord || t.upper || t.quote >= 0 {
			return false
		}
	}
	return false
}

// descriptionBefore reports whether the sentence opens with a description
// of lower-case words, a comma and perhaps more description, right before
// the name at r0: "Her main challenger, former minister Aurelio Bastos".
func (a *analysis) descriptionBefore(r0 int, s sentence) bool {
	if r0-s.start > 10 || !determiners.has(a.toks[s.start].lower) {
		return false
	}
	comma := false
	for k := s.start + 1; k < r0; k++ {
		t := &a.toks[k]
		switch {
		case t.punct(a.text) == ',' && !comma:
			comma = true
		case t.kind == tWord && !t.upper:
		case t.kind == tWord && isNationality(t.lower):
			// "A Belgian farmer, Joris Verstraete, crossed …"
		default:
			return false
		}
	}
	return comma
}

// descriptionOpens reports whether the sentence opens with a short
// description and a comma right before token s0: "The utility, Northmark
// Energy, said …".
func (a *analysis) descriptionOpens(s0 int, s sentence) bool {
	if s0-1 <= s.start || s0-1 > s.start+4 || a.toks[s0-1].punct(a.text) != ',' {
		return false
	}
	if !determiners.has(a.toks[s.start].lower) {
		return false
	}
	for k := s.start + 1; k < s0-1; k++ {
		if a.toks[k].kind != tWord || a.toks[k].upper {
			return false
		}
	}
	return true
}

// phraseEndingAt reads the speaker phrase whose last word is token i.
func (a *analysis) phraseEndingAt(i int, s sentence) (*entity, int, int, bool) {
	t := &a.toks[i]
	if g, ok := subjectPronouns.lookup(a.text[t.start:t.end]); ok {
		if e := a.ents.resolvePronoun(g, t.start, s.para); e != nil {
			return e, i, i + 1, true
		}
		return nil, 0, 0, false
	}
	if isNameWord(t) {
		r0, r1 := runAt(a.text, a.toks, i, s.start, s.end)
		if r1 != i+1 {
			return nil, 0, 0, false
		}
		if r0 > s.start && (a.toks[r0-1].is("a") || a.toks[r0-1].is("an")) {
			// "…, a Lakeland Republican, said": a description of someone
			// named elsewhere in the sentence, never a name
			return nil, 0, 0, false
		}
		if r0 > s.start && a.toks[r0-1].is("the") && demonymRun(a.toks[r0:r1]) {
			// "the Vermont Democrat said": the person the story is about
			pos := a.toks[r0-1].start
			e := a.recentSpeaker(pos, s.para)
			if e == nil || e.kind != kindPerson {
				e = a.recentPerson(pos, s.para)
			}
			if e != nil {
				e.addForm("the " + a.text[a.toks[r0].start:a.toks[r1-1].end])
				a.ents.mention(pos, s.para, e.id, true)
				return e, r0 - 1, r1, false
			}
		}
		if a.capitalisedNoun(r0, r1, s) {
			// "Officers said …": a common noun that opens the sentence.
			return a.describe(r0, r0, r1, s), r0, r1, false
		}
		e := a.registerRun(a.sentOf(i), r0, r1)
		if e == nil || e.kind == kindOrg {
			// "Lena Park with the Transit Authority says": the person
			// before the organisation speaks.
			k := r0 - 1
			if k > s.start && a.toks[k].is("the") {
				k--
			}
			if k > s.start && (a.toks[k].is("with") || a.toks[k].is("of") || a.toks[k].is("at") || a.toks[k].is("from") || a.toks[k].is("for")) && isNameWord(&a.toks[k-1]) {
				p0, p1 := runAt(a.text, a.toks, k-1, s.start, s.end)
				if pe := a.registerRun(a.sentOf(p0), p0, p1); pe != nil && pe.kind == kindPerson {
					return pe, p0, r1, false
				}
			}
			if e != nil {
				return e, r0, r1, false
			}
			return a.orgRun(r0, r1), r0, r1, false
		}
		if g, p0 := a.pairAt(e, r0, s); g != nil {
			return g, p0, r1, false
		}
		return e, r0, r1, false
	}
	if t.upper || t.kind != tWord {
		return nil, 0, 0, false
	}
	// A description: [det] [modifiers] head, optionally "for/at/of X".
	head := i
	if h, ok := a.closeToHead(i, s); ok {
		// "sources close to the premier said": the sources speak
		head = h
	} else if _, ok := roleNouns.lookup(t.lower); !ok {
		// "a spokesperson for the city" — hop back over one prepositional
		// phrase (closeToHead has the ones an adjective takes).
		j := i
		for j > s.start && j > i-5 && a.toks[j].kind == tWord && !phrasePrepositions.has(a.toks[j].lower) {
			j--
		}
		if phrasePrepositions.has(a.toks[j].lower) && j > s.start && j < i && a.toks[j-1].kind == tWord && roleNouns.get(a.toks[j-1].lower) != "" {
			head = j - 1
		} else {
			return nil, 0, 0, false
		}
	}
	start := head
	for start > s.start {
		p := &a.toks[start-1]
		if p.kind != tWord || p.quote >= 0 {
			break
		}
		if determiners.has(p.lower) {
			start--
			break
		}
		if reportingVerbs[p.lower].lemma != "" || p.lower == "and" || p.lower == "but" || p.lower == "that" || p.lower == "has" || p.lower == "had" || p.lower == "also" || p.lower == "who" || p.lower == "which" || auxiliaries.has(p.lower) {
			break
		}
		if start < head-4 {
			break
		}
		start--
	}
	// "Public health and environmental researchers say": modifiers joined
	// by "and" back to the start of the sentence.
	if start-1 > s.start && a.toks[start-1].is("and") && start-1-s.start <= 3 {
		plain := true
		for k := s.start; k < start-1; k++ {
			t := &a.toks[k]
			if t.kind != tWord || t.quote >= 0 || (t.upper && k > s.start) || determiners.has(t.lower) || notNameWords.has(t.lower) && k == s.start {
				plain = false
				break
			}
		}
		if plain {
			start = s.start
		}
	}
	// "Inspector Hamish Oduya of the Skarrow police told …": the person
	// whose unit the description names
	if k := start - 1; k-1 > s.start && (a.toks[k].is("of") || a.toks[k].is("with") || a.toks[k].is("from")) && isNameWord(&a.toks[k-1]) {
		p0, p1 := runAt(a.text, a.toks, k-1, s.start, s.end)
		if p1 == k {
			if pe := a.registerRun(a.sentOf(p0), p0, p1); pe != nil && pe.kind == kindPerson {
				return pe, p0, i + 1, false
			}
		}
	}
	return a.describe(start, head, i+1, s), start, i + 1, false
}

// closeToHead finds the head of a description whose last word, token i,
// ends a phrase like "close to the premier" or "familiar with the talks":
// the role noun before the adjective ("sources", "a person").
func (a *analysis) closeToHead(i int, s sentence) (int, bool) {
	for j := i - 1; j-2 >= s.start && j > i-5; j-- {
		t := &a.toks[j]
		if t.kind != tWord || t.quote >= 0 {
			return 0, false
		}
		if !phrasePrepositions.has(t.lower) {
			continue
		}
		if postAdjectives.has(a.toks[j-1].lower) && a.toks[j-2].kind == tWord && roleNouns.get(a.toks[j-2].lower) != "" {
			return j - 2, true
		}
		return 0, false
	}
	return 0, false
}

// phrasePrepositions open the prepositional phrase after the head of a
// speaker description ("a spokesperson for the city").
var phrasePrepositions = lexiconSet("phrase_prepositions.txt")

// postAdjectives take a prepositional phrase after the head of a speaker
// description ("a person close to the board", "people familiar with the
// talks").
var postAdjectives = lexiconSet("post_adjectives.txt")

// phraseAt reads a speaker phrase that starts at token j (after "according
// to", or after an inverted verb).
func (a *analysis) phraseAt(j int, s sentence, inverted bool) (*entity, int, int, bool) {
	if j >= s.end {
		return nil, 0, 0, false
	}
	t := &a.toks[j]
	if t.quote >= 0 {
		return nil, 0, 0, false
	}
	if g, ok := subjectPronouns.lookup(a.text[t.start:t.end]); ok && t.kind == tWord {
		if e := a.ents.resolvePronoun(g, t.start, s.para); e != nil {
			return e, j, j + 1, true
		}
		return nil, 0, 0, false
	}
	if isNameWord(t) && j == s.start && a.toks[j].kind == tWord && !inverted {
		if _, r1 := runAt(a.text, a.toks, j, j, s.end); r1 == j+1 && !firstNameKnown(t.lower) && a.runEnt[j] == 0 {
			// "Public health researchers said": the capital only opens
			// the sentence of a description
			for m := j + 1; m < s.end && m < j+5; m++ {
				u := &a.toks[m]
				if u.kind != tWord || u.upper || u.quote >= 0 {
					break
				}
				if roleNouns.get(u.lower) != "" && !orgRoles.has(roleNouns.get(u.lower)) && (m+1 >= s.end || roleNouns.get(a.toks[m+1].lower) == "") {
					if _, known := a.ents.byName[t.lower]; !known {
						return a.describe(j, m, m+1, s), j, m + 1, false
					}
				}
			}
		}
	}
	if isNameWord(t) {
		r0, r1 := runAt(a.text, a.toks, j, j, s.end)
		// "said Valdorian negotiator Ana Massin", "according to the
		// city's chief planner, Tom Reid": the person the description
		// introduces.
		if e, end := a.personAfterDescription(r1, s); e != nil {
			return e, r0, end, false
		}
		// "A Superior Court judge", "a Northwind spokesperson": the name
		// only modifies the role that heads the phrase
		if head := a.roleHeadAfter(r1, s); head >= 0 {
			return a.describe(j, head, head+1, s), j, head + 1, false
		}
		if e := a.registerRun(a.sentOf(j), r0, r1); e != nil {
			return e, r0, r1, false
		}
		return a.orgRun(r0, r1), r0, r1, false
	}
	if t.kind != tWord {
		return nil, 0, 0, false
	}
	// [det] words up to the head noun, stopping at punctuation or a verb.
	k := j
	if determiners.has(t.lower) {
		k++
	}
	head := -1
	for m := k; m < s.end && m < k+6; m++ {
		u := &a.toks[m]
		if u.kind != tWord || u.quote >= 0 {
			break
		}
		if isNameWord(u) {
			// "the city's police chief Jane Doe"; but "the Vermont
			// Democrat" describes someone
			r0, r1 := runAt(a.text, a.toks, m, m, s.end)
			afterPossessive := m > j && isPossessive(a.toks[m-1].lower)
			e := a.registerRun(a.sentOf(m), r0, r1)
			if e != nil && e.kind == kindPerson && !(e.weak && determiners.has(t.lower) && !afterPossessive) {
				return e, j, r1, false
			}
			// "according to the (state) Weather Bureau": the organisation
			if e != nil && e.kind == kindOrg && determiners.has(t.lower) && (r1 >= s.end || a.toks[r1].kind != tWord) {
				return e, j, r1, false
			}
			if determiners.has(t.lower) && r1 >= s.end-1 && head < 0 {
				head = r1 - 1
				break
			}
			m = r1 - 1
			continue
		}
		if _, ok := roleNouns.lookup(u.lower); ok || (determiners.has(t.lower) && agentNoun(u.lower)) {
			head = m
		} else if head >= 0 {
			break
		}
	}
	if head < 0 {
		return nil, 0, 0, false
	}
	// "said her coach, Anders Lindgren, …": the description's appositive
	n := head + 1
	// "the chair of the judging panel, Leopold Farr", "chair of judges
	// Leopold Farr": past the role's complement
	if n < s.end && (a.toks[n].is("of") || a.toks[n].is("for") || a.toks[n].is("at")) {
		for k := n + 1; k < s.end && k <= n+6; k++ {
			if a.toks[k].punct(a.text) == ',' {
				n = k
				break
			}
			if a.toks[k].kind != tWord || a.toks[k].quote >= 0 {
				break
			}
			if isNameWord(&a.toks[k]) && k > n+1 && personRoleNoun(a.toks[head].lower) {
				r0, r1 := runAt(a.text, a.toks, k, k, s.end)
				if e := a.registerRun(a.sentOf(r0), r0, r1); e != nil && e.kind == kindPerson && !e.weak || e != nil && e.kind == kindPerson && r1 >= s.end-1 {
					e.addRole(roleNouns.get(a.toks[head].lower))
					return e, j, r1, false
				}
				break
			}
		}
	}
	if n+1 < s.end && a.toks[n].punct(a.text) == ',' && isNameWord(&a.toks[n+1]) && personRoleNoun(a.toks[head].lower) {
		r0, r1 := runAt(a.text, a.toks, n+1, n+1, s.end)
		if e := a.registerRun(a.sentOf(r0), r0, r1); e != nil && e.kind == kindPerson {
			e.addRole(roleNouns.get(a.toks[head].lower))
			return e, j, r1, false
		}
	}
	return a.describe(j, head, head+1, s), j, head + 1, false
}

// personAfterDescription reads, from token k, a short lower-case
// description ending in a person's role and, after an optional comma, the
// person's name: "[Estranian] negotiator Ana Massin". It returns the person
// and the token after the name, or nil.
func (a *analysis) personAfterDescription(k int, s sentence) (*entity, int) {
	role := -1
	for m := k; m < s.end && m < k+4; m++ {
		t := &a.toks[m]
		if t.kind != tWord || t.upper || t.quote >= 0 {
			break
		}
		if personRoleNoun(t.lower) {
			role = m
		}
	}
	if role < 0 {
		return nil, 0
	}
	n := role + 1
	if n < s.end && a.toks[n].punct(a.text) == ',' {
		n++
	}
	if n >= s.end || !isNameWord(&a.toks[n]) {
		return nil, 0
	}
	r0, r1 := runAt(a.text, a.toks, n, n, s.end)
	if e := a.registerRun(a.sentOf(n), r0, r1); e != nil && e.kind == kindPerson {
		e.addRole(roleNouns.get(a.toks[role].lower))
		return e, r1
	}
	return nil, 0
}
