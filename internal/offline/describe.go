package offline

import "strings"

// Descriptions: the entity a descriptive phrase refers to, including
// organisations and the issuers of documents.

// describe resolves a descriptive phrase [start, end) with head noun at
// head: to the person or organisation holding that role, else to a group
// named by the phrase.
func (a *analysis) describe(start, head, end int, s sentence) *entity {
	h := &a.toks[head]
	role := roleNouns.get(h.lower)
	first := start
	if determiners.has(a.toks[first].lower) && (!a.toks[first].upper || a.toks[first].lower == "the") {
		first++
	}
	phrase := strings.ToLower(a.text[a.toks[first].start:a.toks[head].end])
	pos := a.toks[start].start
	definite := a.toks[start].is("the")
	det := a.toks[start].lower
	if documentNouns.has(role) {
		// "her statement read", "his letter said": the owner speaks; "the
		// statement said": the speaker last named.
		if g, ok := possessiveGender.lookup(det); ok {
			if e := a.ents.resolvePronoun(g, pos, s.para); e != nil {
				return e
			}
		}
		if definite && authorDocuments.has(role) {
			if e := a.recentSpeaker(pos, s.para); e != nil {
				return e
			}
		}
	}
	if documentNouns.has(role) && !definite {
		// "a police statement", "a statement from the ministry": the
		// organisation that issued it
		if e := a.documentIssuer(start, head, end, s); e != nil {
			return e
		}
	}
	if orgRoles.has(role) {
		if definite || det == "its" || det == "their" {
			// "the commission" → the organisation named "… Commission";
			// "the company", "the firm", "their union" → the organisation
			// last named.
			e := a.ents.orgNamed(h.lower, pos)
			if e == nil && (genericOrgNouns.has(h.lower) || !definite) {
				e = a.ents.recentOrg(pos)
			}
			if e != nil {
				if definite {
					e.addForm("the " + phrase)
				}
				a.ents.mention(pos, s.para, e.id, true)
				return e
			}
		}
	} else if definite || determiners.has(det) || (start == head && (strings.HasSuffix(role, "s") || role == "police")) {
		// "the judge", "his lawyer", and bare plurals ("officers said")
		// that name a group already in the story.
		if e := a.ents.byRole(role, phrase, pos); e != nil {
			if definite || determiners.has(det) {
				e.addForm("the " + phrase)
			}
			a.ents.mention(pos, s.para, e.id, true)
			return e
		}
	}
	// "the soft-spoken professor said": a singular person role
	// nobody holds yet refers to the person the story is about.
	if definite && !orgRoles.has(role) && !documentNouns.has(role) && !strings.HasSuffix(role, "s") && role != "police" && role != "staff" && role != "people" {
		// the person who opened the sentence before, else the last speaker
		e := a.recentSubjectPerson(pos, s.para)
		if e == nil {
			e = a.recentSpeaker(pos, s.para)
		}
		if e == nil || e.kind != kindPerson {
			e = a.recentPerson(pos, s.para)
		}
		if e != nil && e.kind == kindPerson {
			e.addRole(role)
			e.addForm("the " + phrase)
			a.ents.mention(pos, s.para, e.id, true)
			return e
		}
	}
	// "the county's annual report" is named "annual report": the owner
	// only qualifies it
	nameFrom := first
	if documentNouns.has(role) && nameFrom+1 < head && isPossessive(a.toks[nameFrom].lower) {
		nameFrom++
	}
	name := a.text[a.toks[nameFrom].start:a.toks[end-1].end]
	if definite || !determiners.has(a.toks[start].lower) {
		// "the health authority" after "the regional health authority":
		// the group already named by a longer phrase.
		if e := a.ents.groupEndingWith(strings.ToLower(name)); e != nil && definite {
			a.ents.mention(pos, s.para, e.id, true)
			return e
		}
		e := a.ents.group(name, kindGroup)
		if orgRoles.has(role) {
			e.gender = genderNeuter
		} else if strings.HasSuffix(role, "s") || role == "police" || role == "staff" || role == "people" {
			e.gender = genderPlural
		} else {
			e.gender = genderUnknown
		}
		e.addRole(role)
		a.ents.mention(pos, s.para, e.id, true)
		return e
	}
	// "a spokesperson", "one official": an unnamed speaker, one per phrase.
	e := a.ents.group(a.text[a.toks[start].start:a.toks[end-1].end], kindGroup)
	e.addRole(role)
	a.ents.mention(pos, s.para, e.id, true)
	return e
}

// orgRoles are role nouns that name organisations: never a person.
var orgRoles = lexiconSet("org_roles.txt")

// genericOrgNouns refer to whichever organisation the story is about.
var genericOrgNouns = lexiconSet("generic_org_nouns.txt")

// documentNouns speak for their author ("the statement said").
var documentNouns = lexiconSet("document_nouns.txt")

// documentIssuer reads who issued an unnamed document: a modifier naming a
// group or organisation ("a police statement", "a ministry report") or a
// source after it ("a statement from the Valdorian government").
func (a *analysis) documentIssuer(start, head, end int, s sentence) *entity {
	for k := start + 1; k < head; k++ {
		t := &a.toks[k]
		if t.kind != tWord {
			continue
		}
		if r := roleNouns.get(t.lower); r != "" && (orgRoles.has(r) || r == "police") {
			if e := a.ents.orgNamed(t.lower, a.toks[start].start); e != nil {
				return e
			}
			if e := a.ents.byRole(r, t.lower, a.toks[start].start); e != nil {
				return e
			}
		}
	}
	if n := end; n+1 < s.end && (a.toks[n].is("from") || a.toks[n].is("by")) {
		if e, _, _, _ := a.phraseAt(n+1, s, false); e != nil && e.kind != kindOutlet {
			return e
		}
	}
	return nil
}

// authorDocuments speak for whoever spoke last ("the statement said");
// other documents ("the study found", "the lawsuit says") speak for
// themselves unless a possessive names their owner.
var authorDocuments = lexiconSet("author_documents.txt")
