package offline

import "strings"

// Mentions: the name runs of a sentence registered as entities, with the
// roles, affiliations and organisations they carry.

// scanNames registers every name run of sentence si outside quotations as
// a mention, with titles and appositions as roles.
func (a *analysis) scanNames(si int) {
	s := a.sents[si]
	for i := s.start; i < s.end; i++ {
		t := &a.toks[i]
		if t.kind == tWord && !t.upper && t.quote < 0 && len(t.lower) > 3 && t.lower[len(t.lower)-1] == 's' && pluralPeople.has(t.lower) {
			// "dozens of residents gathered": a group that "they" may
			// refer to later.
			e := a.ents.group(t.lower, kindGroup)
			e.addRole(roleNouns.get(t.lower))
			a.ents.mention(t.start, s.para, e.id, a.verbLike(i+1, s))
			continue
		}
		if !isNameWord(t) {
			continue
		}
		r0, r1 := runAt(a.text, a.toks, i, s.start, s.end)
		if e := a.registerRun(si, r0, r1); e != nil {
			a.pairAt(e, r0, s)
		}
		i = r1 - 1
	}
}

// capitalisedNoun reports a run of one word that is a common noun for
// people capitalised only because it opens the sentence ("Officers",
// "Residents").
func (a *analysis) capitalisedNoun(r0, r1 int, s sentence) bool {
	if r1-r0 != 1 || roleNouns.get(a.toks[r0].lower) == "" || orgRoles.has(roleNouns.get(a.toks[r0].lower)) {
		return false
	}
	return r0 == s.start || a.toks[r0-1].kind != tWord
}

// pairAt reads two people named together before a verb, who speak as one
// group: "Jane Doe and John Roe said", and a couple sharing a surname,
// "Raj and Delia Fontaine". e is the person whose name run starts at r0;
// it returns the group and its first token, or nil.
func (a *analysis) pairAt(e *entity, r0 int, s sentence) (*entity, int) {
	if e.kind != kindPerson || r0-2 < s.start || !a.toks[r0-1].is("and") || !isNameWord(&a.toks[r0-2]) {
		return nil, 0
	}
	p0, p1 := runAt(a.text, a.toks, r0-2, s.start, s.end)
	var name string
	if other := a.registerRun(a.sentOf(p0), p0, p1); other != nil && other.kind == kindPerson && other != e {
		name = other.name + " and " + e.name
	} else if p1-p0 == 1 && e.first != "" {
		// a lone first name before "and": the couple shares the surname
		first := a.toks[p0].lower
		if _, ok := firstNameGender(first); !ok && (notNameWords.has(first) || orgWords.has(first) || roleNouns.get(first) != "" || isAllCaps(a.text[a.toks[p0].start:a.toks[p0].end])) {
			return nil, 0
		}
		name = a.text[a.toks[p0].start:a.toks[p0].end] + " and " + e.name
	} else {
		return nil, 0
	}
	g := a.ents.group(name, kindGroup)
	g.gender = genderPlural
	g.pair = true
	subject := p0 == s.start || a.verbLike(a.runEndAfter(r0, s), s)
	a.ents.mention(a.toks[p0].start, s.para, g.id, subject)
	return g, p0
}

// runEndAfter returns the token after the name run starting at r0, past an
// apposition set off by commas ("Raj and Delia Fontaine, whose …, organised").
func (a *analysis) runEndAfter(r0 int, s sentence) int {
	_, r1 := runAt(a.text, a.toks, r0, s.start, s.end)
	if r1 < s.end && a.toks[r1].punct(a.text) == ',' {
		for k := r1 + 1; k < s.end && k < r1+20; k++ {
			if a.toks[k].punct(a.text) == ',' {
				return k + 1
			}
		}
	}
	return r1
}

// registerRun resolves a run to an entity if it names one and records the
// mention. It returns the entity or nil.
func (a *analysis) registerRun(si, r0, r1 int) *entity {
	if id := a.runEnt[r0]; id > 0 {
		return a.ents.list[id-1]
	}
	s := a.sents[si]
	r := parseRun(a.text, a.toks, r0, r1, &a.slab)
	if len(r.words) == 0 {
		return nil
	}
	var e *entity
	pos := a.toks[r.name0].start
	if a.affiliationAt(r0, s) && len(r.titleWords) == 0 && !a.knownPerson(&r) {
		// "a spokesperson for Scribbly Learning": the employer
		kind := kindOrg
		if outletName(r.words) {
			kind = kindOutlet
		}
		if !placeName(r.words) {
			e = a.ents.group(a.orgName(r0, r1, r.words), kind)
		}
	} else if r.personLike() && !((r0 > s.start && a.toks[r0-1].is("the") || a.toks[r0].is("the")) && len(r.titleWords) == 0) {
		// "the San Jose Sharks", "the Harbour Trust": no person takes "the"
		e = a.ents.resolvePerson(&r, pos)
	} else if len(r.words) == 1 {
		lw := r.lowerAt(0)
		e = a.ents.findByWord(lw, pos)
		if e != nil && e.last == lw {
			if p := a.ents.bySurname(lw); p != nil {
				e = p
			}
		} else if e != nil && e.weak && !firstNameKnown(lw) {
			// "Quorra" when both "Quorra" and "Quorra Research" are named:
			// the organisation of that very name
			if id, ok := a.ents.byName[lw]; ok {
				e = a.ents.list[id]
			}
		}
		if e == nil {
			e = a.ents.orgByFirst(lw)
		}
		if e != nil {
			e.addForm(r.words[0])
		}
	}
	if e == nil && len(r.words) >= 2 && hasOrgWord(r.words) && !placeName(r.words) {
		// "the Provincial Water Safety Commission": an organisation that
		// "the commission" or "it" may refer to later.
		kind := kindOrg
		if outletName(r.words) {
			kind = kindOutlet
		}
		e = a.ents.group(a.orgName(r0, r1, r.words), kind)
	}
	if e == nil {
		return nil
	}
	a.runEnt[r0] = int32(e.id + 1)
	// "Luuk Aalders, who farmed it": only a person takes "who"; "A Belgian
	// farmer, Joris Verstraete," names a person by a role.
	if e.kind == kindPerson && e.weak && r1+1 < s.end && a.toks[r1].punct(a.text) == ',' && (a.toks[r1+1].is("who") || a.descriptionBefore(r0, s) && a.roleBefore(r0, s)) {
		e.weak = false
	}
	subject := r0 == s.start || (r0 > s.start && a.toks[r0-1].kind == tPunct && a.toks[r0-1].quote >= 0) || a.verbLike(r1, s) ||
		// "Her main challenger, Aurelio Bastos, refused …": an appositive of the subject
		(r1+1 < s.end && a.toks[r1].punct(a.text) == ',' && a.verbLike(r1+1, s) && a.descriptionBefore(r0, s))
	a.ents.mention(pos, s.para, e.id, subject)
	if e.kind == kindPerson {
		a.readRoles(e, r0, r1, s)
	}
	return e
}

// pluralPeople are plural nouns for groups of people that a plural
// pronoun can refer to.
var pluralPeople = lexiconSet("plural_people.txt")

// affiliationAt reports whether the name run at r0 follows a role that
// works for an organisation and a preposition: "a spokesperson for NAME",
// "chief executive of NAME", "an analyst at NAME".
func (a *analysis) affiliationAt(r0 int, s sentence) bool {
	k := r0 - 1
	if k > s.start && a.toks[k].is("the") {
		k--
	}
	if k-1 < s.start || !(a.toks[k].is("for") || a.toks[k].is("at") || a.toks[k].is("of") || a.toks[k].is("with")) {
		return false
	}
	return employeeRoles.has(a.toks[k-1].lower)
}

// employeeRoles work for organisations, not for people (a lawyer may act
// for a person).
var employeeRoles = lexiconSet("employee_roles.txt")

// knownPerson reports whether a run names a person already in the story
// or starts with a known first name.
func (a *analysis) knownPerson(r *nameRun) bool {
	if len(r.words) == 0 {
		return false
	}
	if _, ok := lookupFirstName(r.words[0]); ok && len(r.words) >= 2 {
		return true
	}
	return a.ents.findByWord(strings.ToLower(strings.TrimSuffix(r.words[len(r.words)-1], ".")), 1<<62) != nil
}

// orgRun makes an organisation of a capitalised run that names no person
// ("Symantec said").
func (a *analysis) orgRun(r0, r1 int) *entity {
	r := parseRun(a.text, a.toks, r0, r1, &a.slab)
	if len(r.words) == 0 {
		return nil
	}
	if placeName(r.words) || outletName(r.words) {
		// "the Brisk Valley said" is no statement of anyone's, and an
		// outlet reports what others say
		return nil
	}
	name := strings.Join(r.words, " ")
	if len(r.words) == 1 {
		if e := a.ents.orgByFirst(strings.ToLower(name)); e != nil {
			e.addForm(name)
			a.ents.mention(a.toks[r.name0].start, int(a.toks[r0].para), e.id, true)
			return e
		}
		if _, ok := lookupFirstName(name); ok {
			// A lone first name or surname we have not seen: a person.
			return a.ents.resolvePerson(&r, a.toks[r.name0].start)
		}
	}
	e := a.ents.group(name, kindOrg)
	a.ents.mention(a.toks[r.name0].start, int(a.toks[r0].para), e.id, true)
	return e
}

// demonymRun reports a capitalised run that ends in a party or a people's
// name ("Lakeland Republican", "Norland Liberal", "Eastmark New Democrat"):
// a description of a person, not a name.
func demonymRun(toks []token) bool {
	last := toks[len(toks)-1].lower
	return partyWords.has(last) || (len(toks) <= 3 && isNationality(last) && !firstNameKnown(toks[0].lower))
}

func firstNameKnown(w string) bool {
	_, ok := firstNameGender(w)
	return ok
}

// partyWords name a member of a political party.
var partyWords = lexiconSet("party_words.txt")

// orgName is the name of an organisation written as the run [r0, r1):
// every word of it as written ("Federal Statistics Office", "Norland
// Miners' Federation"), less a leading article and a final possessive, so
// no title or place is split off as a person's would be.
func (a *analysis) orgName(r0, r1 int, words []string) string {
	// Articles, and the sentence adverbs a capital glues to the name
	// ("Meanwhile Oren Textiles said"), are no part of it.
	for r0 < r1 && a.toks[r0].kind == tWord && (a.toks[r0].lower == "the" || a.toks[r0].lower == "a" || a.toks[r0].lower == "an" || notNameWords.has(a.toks[r0].lower) && r0+1 < r1) {
		r0++
	}
	if r0 >= r1 {
		return strings.Join(words, " ")
	}
	name := a.text[a.toks[r0].start:a.toks[r1-1].end]
	if n, ok := cutPossessive(name); ok && !strings.HasSuffix(name, "'") && !strings.HasSuffix(name, "’") {
		name = n
	}
	if strings.ContainsAny(name, "\n") {
		return strings.Join(words, " ")
	}
	return name
}
