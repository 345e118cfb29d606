package offline

import "strings"

// Scanning lookups: the twins of the indexed lookups for tables below
// indexThreshold, and the check that both agree (verifyIndexes).

// verifyIndexes makes every indexed lookup check itself against a scan of
// the whole table and panic on a difference. Tests turn it on.
var verifyIndexes = false

func (es *entities) check(what string, got, want *entity) *entity {
	if got != want {
		panic("offline: index lookup " + what + " disagrees with a full scan")
	}
	return got
}

// checkNames panics when an entity's cached lower-cased name is stale: a
// name changed without setName.
func (es *entities) checkNames() {
	for _, e := range es.list {
		if e.lname != strings.ToLower(e.name) {
			panic("offline: entity name changed without setName: " + e.name)
		}
	}
}

// startScan counts a whole-table scan as work and, when verifying,
// checks the cached names first.
func (es *entities) startScan() {
	if verifyIndexes {
		es.checkNames()
	}
	es.work += len(es.list)
}

// latestScan returns the entity matching ok that was mentioned last
// before pos (the first such in table order on a tie), or nil.
func (es *entities) latestScan(before int, ok func(*entity) bool) *entity {
	es.startScan()
	var best *entity
	bestPos := -2
	for _, e := range es.list {
		if !ok(e) {
			continue
		}
		if p := es.lastMention(e.id, before); p > bestPos {
			best, bestPos = e, p
		}
	}
	return best
}

// findPersonScan is the reference for findPerson: a scan of the whole table. It
// returns the person whose name parts match, preferring the
// most recently mentioned.
func (es *entities) findPersonScan(first, last string, before int) *entity {
	es.startScan()
	var best *entity
	bestPos := -1
	for _, e := range es.list {
		if e.kind != kindPerson {
			continue
		}
		if last != "" && e.last != last {
			continue
		}
		if first != "" && e.first != "" && e.first != first {
			continue
		}
		if p := es.lastMention(e.id, before); p > bestPos || best == nil {
			best, bestPos = e, p
		}
	}
	return best
}

// findSuffixScan is the reference for findSuffix: a scan of the whole table. It
// returns the person whose full name ends with the given words
// ("Al Rashid" in "Samira Al Rashid").
func (es *entities) findSuffixScan(lower string) *entity {
	es.startScan()
	for i := len(es.list) - 1; i >= 0; i-- {
		e := es.list[i]
		if e.kind == kindPerson && endsWithWords(e.lname, lower) {
			return e
		}
	}
	return nil
}

// findNameSuffixOfScan is the reference for findNameSuffixOf: a scan of the whole table. It
// returns the person, named with no first name yet, whose
// whole name ends the given full name.
func (es *entities) findNameSuffixOfScan(lower string) *entity {
	es.startScan()
	for i := len(es.list) - 1; i >= 0; i-- {
		e := es.list[i]
		if e.kind != kindPerson || e.weak {
			continue
		}
		if n := e.lname; n != lower && endsWithWords(lower, n) && (e.first == "" || nameParticles.has(e.first)) {
			return e
		}
	}
	return nil
}

// findByWordScan is the reference for findByWord: a scan of the whole table. It
// returns the person whose surname or first name is w, most
// recently mentioned before pos.
func (es *entities) findByWordScan(w string, before int) *entity {
	es.startScan()
	var best *entity
	bestPos := -2
	for _, e := range es.list {
		if e.kind != kindPerson || (e.last != w && e.first != w) {
			continue
		}
		p := es.lastMention(e.id, before)
		// a surname match beats a first-name match at equal recency
		if p > bestPos || (p == bestPos && e.last == w) {
			best, bestPos = e, p
		}
	}
	return best
}

// byRoleScan is the reference for byRole: a scan of the whole table. It
// returns the entity most recently mentioned before pos that holds
// the role, or nil.
func (es *entities) byRoleScan(role, phrase string, before int) *entity {
	return es.latestScan(before, func(e *entity) bool { return e.hasRole(phrase) || e.hasRole(role) })
}

// recentOrgScan is the reference for recentOrg: a scan of the whole table. It
// returns the named organisation mentioned last before pos.
func (es *entities) recentOrgScan(before int) *entity {
	es.work += es.mentions.Len()
	i := es.mentions.search(func(m mention) bool { return m.pos >= before })
	for i--; i >= 0; i-- {
		if e := es.list[es.mentions.At(i).ent]; e.kind == kindOrg {
			return e
		}
	}
	return nil
}

// orgNamedScan is the reference for orgNamed: a scan of the whole table. It
// returns the organisation, mentioned last before pos, whose name
// holds the noun ("the commission" → "Ontario Civilian Police Commission").
func (es *entities) orgNamedScan(noun string, before int) *entity {
	return es.latestScan(before, func(e *entity) bool {
		if e.kind != kindOrg {
			return false
		}
		for w := range strings.FieldsSeq(e.lname) {
			if w == noun {
				return true
			}
		}
		return false
	})
}

// recentPersonScan is the reference for recentPerson.
func (es *entities) recentPersonScan(pos, para int) *entity {
	ms := &es.mentions
	i := ms.search(func(m mention) bool { return m.pos >= pos })
	for j := i - 1; j >= 0 && para-ms.At(j).para <= 3; j-- {
		if e := es.list[ms.At(j).ent]; e.kind == kindPerson {
			return e
		}
	}
	return nil
}

// endsWithWords reports whether s ends with a space and then w, as
// strings.HasSuffix(s, " "+w) does, without building " "+w.
func endsWithWords(s, w string) bool {
	return len(s) > len(w) && s[len(s)-len(w)-1] == ' ' && s[len(s)-len(w):] == w
}
