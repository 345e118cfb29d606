package offline

import (
	"strings"
	"unicode/utf8"
)

// Entity lookups: the person a name, a surname or a role refers to, and the
// organisation a name or word refers to (each with a scanning twin in
// scan.go for small tables).

// findPerson returns the person whose name parts match, preferring the
// most recently mentioned (the first found on a tie).
func (es *entities) findPerson(first, last string, before int) *entity {
	if first == "" || last == "" || !es.idx.on {
		return es.findPersonScan(first, last, before)
	}
	x := &es.idx
	a, b := x.byLastFirst[lastFirst{last, first}], x.byLastFirst[lastFirst{last, ""}]
	got := es.latestOrFirst(before, a, b)
	if verifyIndexes {
		es.check("findPerson", got, es.findPersonScan(first, last, before))
	}
	return got
}

// findSuffix returns the person whose full name ends with the given words
// ("Al Rashid" in "Samira Al Rashid"), the last one added.
func (es *entities) findSuffix(lower string) *entity {
	if !es.idx.on {
		return es.findSuffixScan(lower)
	}
	var got *entity
	if ids := es.idx.bySuffix[lower]; len(ids) > 0 {
		got = es.list[ids[len(ids)-1]]
	}
	if verifyIndexes {
		es.check("findSuffix", got, es.findSuffixScan(lower))
	}
	return got
}

// findNameSuffixOf returns the person, named with no first name yet, whose
// whole name ends the given full name, the last one added.
func (es *entities) findNameSuffixOf(lower string) *entity {
	if !es.idx.on {
		return es.findNameSuffixOfScan(lower)
	}
	best := -1
	for i := 0; i < len(lower); i++ {
		if lower[i] != ' ' {
			continue
		}
		ids := es.idx.byFullName[lower[i+1:]]
		for k := len(ids) - 1; k >= 0 && int(ids[k]) > best; k-- {
			es.work++
			if e := es.list[ids[k]]; !e.weak && (e.first == "" || nameParticles.has(e.first)) {
				best = int(ids[k])
				break
			}
		}
	}
	var got *entity
	if best >= 0 {
		got = es.list[best]
	}
	if verifyIndexes {
		es.check("findNameSuffixOf", got, es.findNameSuffixOfScan(lower))
	}
	return got
}

// findByWord returns the person whose surname or first name is w, most
// recently mentioned before pos; on a tie, the last one added whose
// surname is w, else the first one added.
func (es *entities) findByWord(w string, before int) *entity {
	if w == "" || !es.idx.on {
		return es.findByWordScan(w, before)
	}
	x := &es.idx
	a, b := x.byLast[w], x.byFirst[w]
	got := -1
	if x.recent(before, a, b) >= 0 {
		for _, id := range x.ties {
			if es.list[id].last == w && int(id) > got {
				got = int(id)
			}
		}
		if got < 0 {
			got = minOf(x.ties)
		}
	} else if ids := idsOf(a); len(ids) > 0 {
		got = int(ids[len(ids)-1])
	} else if ids := idsOf(b); len(ids) > 0 {
		got = int(ids[0])
	}
	var e *entity
	if got >= 0 {
		e = es.list[got]
	}
	if verifyIndexes {
		es.check("findByWord", e, es.findByWordScan(w, before))
	}
	return e
}

// bySurname returns the person a bare surname w refers to when several
// people of the story share it ("Imogen Young" and her uncle "Terrence
// Young"): news copy calls the principal by the bare surname and the
// relative by full name, so the one already called by the surname alone
// wins, else the one introduced first. It returns nil when fewer than two
// people share the surname.
func (es *entities) bySurname(w string) *entity {
	var first, called *entity
	n := 0
	es.eachWith(es.idx.byLast[w], func(e *entity) bool { return e.kind == kindPerson && e.last == w }, func(e *entity) bool {
		n++
		if e.first == "" || e.weak {
			return true
		}
		for _, f := range e.forms {
			if strings.EqualFold(f, w) && called == nil {
				called = e
			}
		}
		if first == nil {
			first = e
		}
		return true
	})
	switch {
	case n < 2:
		return nil
	case called != nil:
		return called
	}
	return first
}

// maxNamesakes bounds how many people sharing a surname (or holders of a
// role) a lookup looks at: a story names a handful of relatives, and an
// input naming thousands costs no more per name.
const maxNamesakes = 8

// eachWith calls fn, in the order they were added and at most
// maxNamesakes times, for the entities an index posting holds or, while
// the table is too small to be indexed, for those match accepts; fn
// returns false to stop. It allocates nothing.
func (es *entities) eachWith(p *posting, match func(*entity) bool, fn func(*entity) bool) {
	seen := 0
	if !es.idx.on {
		for _, e := range es.list {
			if !match(e) {
				continue
			}
			if seen++; seen > maxNamesakes || !fn(e) {
				return
			}
		}
		return
	}
	for _, id := range idsOf(p) {
		if seen++; seen > maxNamesakes || !fn(es.list[id]) {
			return
		}
	}
}

// resolvePerson maps a person-like run to an entity, creating or merging.
func (es *entities) resolvePerson(r *nameRun, pos int) *entity {
	words := r.words
	var lw []string
	if r.nlw == len(words) {
		lw = r.lw[:len(words)]
	} else {
		lw = make([]string, len(words))
		for i := range words {
			lw[i] = r.lowerAt(i)
		}
	}
	full := strings.Join(words, " ")
	var e *entity
	if len(words) == 1 {
		e = es.findByWord(lw[0], pos)
		if e != nil && r.gender != genderUnknown && e.gender != genderUnknown && e.gender != r.gender {
			// "Mr Mabbott" when his wife was named last: the relative of
			// the honorific's gender
			es.eachWith(es.idx.byLast[lw[0]], func(p *entity) bool { return p.kind == kindPerson && p.last == lw[0] }, func(p *entity) bool {
				if p.gender == r.gender || p.gender == genderUnknown {
					e = p
				}
				return p.gender != r.gender
			})
		}
		if e == nil {
			e = es.add(&entity{kind: kindPerson, name: words[0], last: lw[0]})
		}
	} else {
		first, last := lw[0], lw[len(lw)-1]
		e = es.findPerson(first, last, pos)
		lfull := ""
		if e == nil {
			lfull = strings.ToLower(full)
			e = es.findSuffix(lfull)
		}
		if e == nil {
			// "Al Rashid" named first, "Samira Al Rashid" later: one person.
			e = es.findNameSuffixOf(lfull)
			if e != nil {
				e.setFirst(first)
			}
		}
		if e == nil {
			e = es.add(&entity{kind: kindPerson, name: full, first: first, last: last, weak: r.weak, lname: lfull})
		} else {
			if !r.weak {
				e.weak = false
			}
			if e.first == "" {
				e.setFirst(first)
			}
			if utf8.RuneCountInString(full) > utf8.RuneCountInString(e.name) {
				e.addForm(e.name)
				e.setName(full)
			}
		}
		// A first name's gender outranks one learned from a pronoun; "Al
		// Rashid" starts with a particle, not the name Al.
		if g, ok := firstNameGender(first); ok && g != genderUnknown && !nameParticles.has(first) {
			e.gender = g
		}
	}
	e.addForm(full)
	if r.gender != genderUnknown {
		e.gender = r.gender
	}
	if len(r.titleWords) > 0 {
		t := strings.Join(r.titleWords, " ")
		if (r.role != "" || len(r.titleWords) > 1) && (e.title == "" || len(t) > len(e.title)) {
			e.title = t
		}
		if r.role != "" {
			e.addRole(r.role)
			e.addRole(strings.ToLower(t))
		}
		if titleGender.getLower(strings.TrimSuffix(r.titleWords[0], ".")) != genderUnknown {
			e.addForm(t + " " + words[len(words)-1])
		}
	}
	return e
}

// byRole returns the entity most recently mentioned before pos that holds
// the role, or nil (the first one added on a tie).
func (es *entities) byRole(role, phrase string, before int) *entity {
	if !es.idx.on {
		return es.byRoleScan(role, phrase, before)
	}
	x := &es.idx
	a, b := x.byRole[phrase], x.byRole[role]
	if phrase == role {
		b = nil
	}
	got := es.latestOrFirst(before, a, b)
	if verifyIndexes {
		es.check("byRole", got, es.byRoleScan(role, phrase, before))
	}
	return got
}

// recentOrg returns the named organisation mentioned last before pos.
func (es *entities) recentOrg(before int) *entity {
	var got *entity
	if i := es.orgs.lastBefore(before); i >= 0 {
		got = es.list[es.orgs.refs.At(i).ent]
	}
	if verifyIndexes {
		es.check("recentOrg", got, es.recentOrgScan(before))
	}
	return got
}

// orgNamed returns the organisation, mentioned last before pos, whose name
// holds the noun ("the commission" → "Ontario Civilian Police Commission"),
// the first one added on a tie.
func (es *entities) orgNamed(noun string, before int) *entity {
	if !es.idx.on {
		return es.orgNamedScan(noun, before)
	}
	x := &es.idx
	a := x.byOrgWord[noun]
	var got *entity
	if x.recent(before, a) >= 0 {
		got = es.list[minOf(x.ties)]
	} else if ids := idsOf(a); len(ids) > 0 {
		got = es.list[ids[0]]
	}
	if verifyIndexes {
		es.check("orgNamed", got, es.orgNamedScan(noun, before))
	}
	return got
}

// recentPerson returns the person mentioned last before pos, if that
// mention lies within three paragraphs of para.
func (es *entities) recentPerson(pos, para int) *entity {
	var got *entity
	if i := es.persons.lastBefore(pos); i >= 0 && para-int(es.persons.refs.At(i).para) <= 3 {
		got = es.list[es.persons.refs.At(i).ent]
	}
	if verifyIndexes {
		es.check("recentPerson", got, es.recentPersonScan(pos, para))
	}
	return got
}
