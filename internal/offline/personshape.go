package offline

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The shape of a name run: the affiliation before a name, and whether the
// run reads as a person.

// splitAffiliation moves capitalised words that precede the name proper
// into the title: an office after an affiliation ("Transport Minister
// Helen Park", "Lake County District Attorney Tom Reid") or a
// place or party before a known first name ("Lakeland Republican Joan
// Avery").
func (r *nameRun) splitAffiliation(text string, toks []token, b int) {
	var idx []int // word tokens of the remaining run
	for i := r.name0; i < b; i++ {
		if toks[i].kind == tWord {
			idx = append(idx, i)
		}
	}
	if len(idx) < 3 {
		return
	}
	cut := -1
	// the last office word that still leaves a name after it
	for k := len(idx) - 2; k >= 1; k-- {
		w := strings.TrimSuffix(toks[idx[k-1]].lower, ".")
		if role, ok := titleWords.lookup(w); ok && role != "" || roleNouns.get(w) != "" && officeWords.has(w) {
			cut = k
			break
		}
	}
	if cut >= 0 && len(idx)-cut >= 3 {
		// "Chief Market Analyst Rosa Lindqvist": the office cut leaves
		// more than a name; cut again at a first name.
		for k := cut + 1; k <= len(idx)-2; k++ {
			if _, ok := firstNameGender(toks[idx[k]].lower); ok {
				if _, first := firstNameGender(toks[idx[cut]].lower); !first {
					cut = k
				}
				break
			}
		}
	}
	if cut < 0 {
		if _, ok := firstNameGender(toks[idx[0]].lower); !ok || roleNouns.get(toks[idx[0]].lower) != "" {
			for k := 1; k <= len(idx)-2; k++ {
				if _, ok := firstNameGender(toks[idx[k]].lower); !ok || nameParticles.has(toks[idx[k]].lower) || !toks[idx[k]].upper || connectors.has(toks[idx[k]].lower) {
					continue
				}
				// "Vermont Democrat Jane Holt": a place, party or
				// nationality before a first name.
				cut = k
				break
			}
		}
	}
	if cut < 0 {
		return
	}
	for k := 0; k < cut; k++ {
		t := &toks[idx[k]]
		r.titleWords = append(r.titleWords, text[t.start:t.end])
		w := strings.TrimSuffix(t.lower, ".")
		if role := titleWords.get(w); role != "" {
			r.role = role
		} else if role := roleNouns.get(w); role != "" && officeWords.has(w) {
			r.role = role
		}
	}
	r.name0 = idx[cut]
}

// officeWords are role nouns that serve as titles inside a capitalised run.
var officeWords = lexiconSet("office_words.txt")

// personLike reports whether the run reads as a person's name.
func (r *nameRun) personLike() bool {
	ok, weak := r.personShape()
	r.weak = weak
	return ok
}

// personShape reports whether the run reads as a person's name, and whether
// only its shape says so.
func (r *nameRun) personShape() (bool, bool) {
	if !r.personStrong() {
		if len(r.words) == 1 && len(r.titleWords) == 0 && uncasedWord(r.words[0]) {
			// 王伟, 김민준: a name written without spaces in its own script.
			n := utf8.RuneCountInString(r.words[0])
			return n >= 2 && n <= 4, true
		}
		// particles ("van der", "de la") do not count as words of the shape
		capital := 0
		for _, w := range r.words {
			if !connectors.has(w) {
				capital++
			}
		}
		if capital < 2 || capital > 3 || len(r.titleWords) > 0 {
			return false, false
		}
		for i, w := range r.words {
			if connectors.has(w) && i > 0 {
				continue
			}
			lw := r.lowerAt(i)
			if orgWords.has(lw) && !r.surnameWord(i) || notNameWords.has(lw) || isAllCaps(w) {
				return false, false
			}
			for _, c := range w {
				if !unicode.IsLetter(c) && c != '-' && c != '’' && c != '\'' && c != '.' {
					return false, false
				}
			}
		}
		return true, true
	}
	return true, false
}

func (r *nameRun) personStrong() bool {
	if len(r.words) == 0 || len(r.words) > 5 {
		return false
	}
	for i, w := range r.words {
		lw := r.lowerAt(i)
		if orgWords.has(lw) && !r.surnameWord(i) || notNameWords.has(lw) {
			return false
		}
		if isAllCaps(w) && utf8.RuneCountInString(w) > 2 {
			return false
		}
	}
	if len(r.words) >= 2 {
		// "Chief Market Strategist": an office, not a name
		if lw := r.lowerAt(len(r.words) - 1); roleNouns.get(lw) != "" && !surnameRoles.has(lw) {
			return false
		}
		var known bool
		if strings.HasSuffix(r.words[0], ".") {
			_, known = lookupFirstName(r.words[0])
		} else {
			_, known = firstNameGender(r.lowerAt(0))
		}
		if known {
			return true
		}
		if len(r.titleWords) > 0 {
			return true
		}
		// An initial ("J. Smith") or an unknown first name with a surname.
		return utf8.RuneCountInString(strings.TrimSuffix(r.words[0], ".")) == 1
	}
	return len(r.titleWords) > 0 && r.role != "" || len(r.titleWords) > 0 && titleGender.getLower(strings.TrimSuffix(r.titleWords[len(r.titleWords)-1], ".")) != genderUnknown
}

// isAllCaps reports an acronym: upper-case letters and no lower-case one
// (a word of a script without case is no acronym).
// surnameWord reports whether word i of the run, a word that usually
// names a place or an organisation ("Park", "Hall", "Ford"), is a surname
// here: the last word after a title or a known first name ("Mayor Linda
// Park", "Dana Hall"), and not after a locative ("in Orchard Park").
func (r *nameRun) surnameWord(i int) bool {
	if i == 0 || i != len(r.words)-1 || !surnameOrgWords.getLower(r.words[i]) {
		return false
	}
	if len(r.titleWords) > 0 && (r.role != "" || titleGender.getLower(strings.TrimSuffix(r.titleWords[len(r.titleWords)-1], ".")) != genderUnknown) {
		return true
	}
	if r.placeContext {
		return false
	}
	_, first := lookupFirstName(r.words[0])
	return first
}

// surnameRoles are role nouns that are also common surnames ("Ann Baker").
var surnameRoles = lexiconSet("surname_roles.txt")

func isAllCaps(w string) bool {
	upper := false
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		upper = upper || unicode.IsUpper(r)
	}
	return upper
}
