package offline

import "strings"

// Roles: the titles and role nouns read around a name ("the mayor",
// "Ana Ruiz, a lawyer") and recorded on its entity.

// readRoles records the role words around a person's name: an apposition
// ("Brian Smith, a lawyer for the city,") and a lower-case role just before
// the name ("security researcher Jason Smith").
func (a *analysis) readRoles(e *entity, r0, r1 int, s sentence) {
	if r0 > s.start {
		p := &a.toks[r0-1]
		if p.kind == tWord && !p.upper {
			if role, ok := roleNouns.lookup(p.lower); ok && !documentNouns.has(role) && !orgRoles.has(role) {
				// "finance minister Aurelio Bastos": a role confirms a person
				e.weak = false
				e.addRole(role)
				if e.title == "" {
					e.title = p.lower
				}
				// "Harbour Review editor Jane Doe": the capitalised run before is the affiliation.
				if r0-2 >= s.start && isNameWord(&a.toks[r0-2]) && e.affiliation == "" {
					b0, b1 := runAt(a.text, a.toks, r0-2, s.start, s.end)
					e.affiliation = a.text[a.toks[b0].start:a.toks[b1-1].end]
				}
			}
		}
	}
	// "her son, Kaspar Brandt,", "the company's founder, Ana Ruiz,": the
	// role set before the name by a comma
	if r0-3 >= s.start && a.toks[r0-1].kind == tPunct && a.toks[r0-1].punct(a.text) == ',' {
		p, d := &a.toks[r0-2], &a.toks[r0-3]
		if p.kind == tWord && !p.upper && d.kind == tWord && (determiners.has(d.lower) || isPossessive(d.lower)) {
			if role, ok := roleNouns.lookup(p.lower); ok && !documentNouns.has(role) && !orgRoles.has(role) {
				e.addRole(role)
			}
		}
	}
	if r1 < s.end && a.toks[r1].kind == tPunct && a.toks[r1].punct(a.text) == ',' {
		// apposition up to the next comma, at most 15 tokens
		end := -1
		for j := r1 + 1; j < s.end && j < r1+16; j++ {
			t := &a.toks[j]
			if t.quote >= 0 {
				break
			}
			if t.kind == tPunct && (t.punct(a.text) == ',' || t.punct(a.text) == ';' || t.punct(a.text) == '.') {
				end = j
				break
			}
		}
		if end < 0 || end == r1+1 {
			return
		}
		first := &a.toks[r1+1]
		if first.kind != tWord {
			return
		}
		if !(determiners.has(first.lower) || roleNouns.get(first.lower) != "" || first.upper) {
			return
		}
		var affil bool
		for j := r1 + 1; j < end; j++ {
			t := &a.toks[j]
			if t.kind != tWord {
				continue
			}
			if role, ok := roleNouns.lookup(t.lower); ok && !t.upper {
				e.addRole(role)
			}
			if (t.lower == "at" || t.lower == "for" || t.lower == "of" || t.lower == "with") && j+1 < end && !affil {
				k := j + 1
				if a.toks[k].is("the") && k+1 < end {
					k++
				}
				if isNameWord(&a.toks[k]) && e.affiliation == "" {
					b0, b1 := runAt(a.text, a.toks, k, k, end)
					e.affiliation = a.text[a.toks[b0].start:a.toks[b1-1].end]
					affil = true
				}
			}
			if t.is("who") || t.is("which") {
				return
			}
		}
		if e.title == "" {
			t0 := r1 + 1
			if determiners.has(a.toks[t0].lower) && !a.toks[t0].upper {
				t0++
			}
			if t0 < end {
				e.title = a.text[a.toks[t0].start:a.toks[end-1].end]
			}
		}
	}
}

// roleNouns are heads of descriptive speaker phrases; the value is the
// canonical role used to match titles ("justice" and "judge" match).
var roleNouns = lexiconMap("role_nouns.txt")

// roleBefore reports whether a person's role noun stands between the
// sentence start and token r0.
func (a *analysis) roleBefore(r0 int, s sentence) bool {
	for k := s.start; k < r0; k++ {
		if personRoleNoun(a.toks[k].lower) {
			return true
		}
	}
	return false
}

// roleHeadAfter returns the token of a person's role noun that follows a
// capitalised modifier at k and ends the phrase ("… judge rebuked",
// "… spokesperson, said"), or -1.
func (a *analysis) roleHeadAfter(k int, s sentence) int {
	for m := k; m < s.end && m < k+3; m++ {
		t := &a.toks[m]
		if t.kind != tWord || t.upper || t.quote >= 0 || determiners.has(t.lower) || prepositions.has(t.lower) || notNameWords.has(t.lower) || a.verbLike(m, s) && !personRoleNoun(t.lower) {
			return -1
		}
		if personRoleNoun(t.lower) {
			if m+1 < s.end && (isNameWord(&a.toks[m+1]) || roleNouns.get(a.toks[m+1].lower) != "") {
				return -1
			}
			return m
		}
	}
	return -1
}

// agentNoun guesses nouns for people by their ending ("defenceman",
// "goaltender", "economist", "resident").
func agentNoun(w string) bool {
	if len(w) < 6 {
		return false
	}
	for _, suf := range []string{"man", "woman", "er", "or", "ist", "ian", "ant", "ent", "ee"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}
