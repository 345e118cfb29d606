package offline

import (
	"strings"
	"unicode/utf8"
)

// Name runs: capitalised words read as one name, with the titles before
// it (parseRun); whether a run names a person is in personshape.go.

// nameRun is a run of capitalised words read as a name, with any title
// that precedes it.
type nameRun struct {
	tok0, tok1 int      // token range of the whole run, end exclusive
	name0      int      // first token of the name proper (after titles)
	words      []string // the name's words as written
	// lw[i], for i < nlw, is words[i] lower-cased without a final period
	// (the token's own lower case where it can be), so the checks of a
	// run lower-case nothing; see lowerAt.
	lw         [4]string
	nlw        int
	titleWords []string
	role       string
	gender     gender
	possessive bool
	weak       bool
	// placeContext is set when a locative preposition precedes the run
	// ("in Orchard Park"): a place, not a person, unless a title says so.
	placeContext bool
}

// isNameWord reports whether token t can be part of a name run.
func isNameWord(t *token) bool {
	return t.kind == tWord && t.upper && t.quote < 0
}

// runAt reads the capitalised run that contains token i, bounded by the
// sentence [lo, hi).
// pluralApostrophe reports whether token k is the apostrophe of a plural
// possessive glued to a capitalised word ending in s ("Miners'").
func pluralApostrophe(text string, toks []token, k, lo int) bool {
	if k-1 < lo || toks[k].kind != tPunct || toks[k].quote >= 0 {
		return false
	}
	if r := toks[k].punct(text); r != '\'' && r != '’' {
		return false
	}
	w := &toks[k-1]
	return isNameWord(w) && w.end == toks[k].start && strings.HasSuffix(w.lower, "s")
}

func runAt(text string, toks []token, i, lo, hi int) (int, int) {
	a, b := i, i+1
	for a > lo {
		p := &toks[a-1]
		// "the Norland Miners' Federation": a plural possessive inside an
		// organisation's name
		if pluralApostrophe(text, toks, a-1, lo) {
			a -= 2
			continue
		}
		if p.kind == tWord && (p.lower == "of" || p.lower == "for") && a-2 >= lo && isNameWord(&toks[a-2]) && ofOrgHeads.has(strings.TrimSuffix(toks[a-2].lower, ".")) && isNameWord(&toks[a]) {
			a -= 2
			continue
		}
		if isNameWord(p) && adjacent(text, p, &toks[a]) && !isPossessive(p.lower) {
			a--
			continue
		}
		if p.kind == tPunct && p.punct(text) == '.' && a-2 >= lo && isNameWord(&toks[a-2]) && isAbbrev(&toks[a-2]) {
			a -= 2
			continue
		}
		if p.kind == tWord && connectors.has(p.lower) {
			// "Pieter van der Berg", "Mr. van der Berg": a chain of particles
			// after a name word.
			k := a - 1
			for k-1 >= lo && toks[k-1].kind == tWord && connectors.has(toks[k-1].lower) && !toks[k-1].upper {
				k--
			}
			if k-1 >= lo && isNameWord(&toks[k-1]) && adjacent(text, &toks[k-1], &toks[k]) {
				a = k - 1
				continue
			}
		}
		break
	}
	for b < hi {
		t := &toks[b]
		if b+1 < hi && pluralApostrophe(text, toks, b, lo) && isNameWord(&toks[b+1]) {
			b += 2
			continue
		}
		// "Ministry of Health", "University of Northern Alberta": an
		// organisation's name goes on over "of".
		if t.kind == tWord && (t.lower == "of" || t.lower == "for") && b+1 < hi && isNameWord(&toks[b+1]) && ofOrgHeads.has(strings.TrimSuffix(toks[b-1].lower, ".")) {
			b += 2
			continue
		}
		if isNameWord(t) && adjacent(text, &toks[b-1], t) && !isPossessive(toks[b-1].lower) {
			b++
			continue
		}
		if t.kind == tPunct && t.punct(text) == '.' && isAbbrev(&toks[b-1]) && b+1 < hi && isNameWord(&toks[b+1]) {
			b += 2
			continue
		}
		if t.kind == tWord && connectors.has(t.lower) && b > a {
			k := b
			for k < hi && toks[k].kind == tWord && connectors.has(toks[k].lower) && (k == b || !toks[k].upper) {
				k++
			}
			if k < hi && isNameWord(&toks[k]) && adjacent(text, &toks[k-1], &toks[k]) {
				b = k + 1
				continue
			}
		}
		break
	}
	return a, b
}

func isPossessive(lower string) bool {
	return strings.HasSuffix(lower, "’s") || strings.HasSuffix(lower, "'s")
}

// adjacent reports whether only spaces separate two tokens.
func adjacent(text string, a, b *token) bool {
	return strings.TrimSpace(text[a.end:b.start]) == "" && !strings.Contains(text[a.end:b.start], "\n")
}

func isAbbrev(t *token) bool {
	return abbreviations.has(t.lower) || (utf8.RuneCountInString(t.lower) == 1 && t.upper)
}

// parseRun interprets tokens [a, b) as a title and a name, taking the
// name's word list from slab (nil: its own allocation).
func parseRun(text string, toks []token, a, b int, slab *strSlab) nameRun {
	r := nameRun{tok0: a, tok1: b}
	r.placeContext = a > 0 && toks[a-1].kind == tWord && locatives.has(toks[a-1].lower)
	i := a
	// Leading function words ("The", "But") and titles.
	for i < b {
		t := &toks[i]
		if t.kind != tWord {
			i++
			continue
		}
		w := strings.TrimSuffix(t.lower, ".")
		_, honorific := titleWords.lookup(w)
		if notNameWords.has(w) && !honorific && !(i+1 < b && titleWords.get(toks[i+1].lower) != "" && w == "first") {
			i++
			r.titleWords = nil
			continue
		}
		role, isTitle := titleWords.lookup(w)
		nat := isNationality(w) && i+1 < b && isTitleWord(toks[i+1].lower)
		// "Economist Pieter van der Berg", "Farmer Ben Ruiz": a role noun
		// capitalised at the head of the sentence, before a full name.
		if i == a && !isTitle && !nat && b-i >= 3 && personRoleNoun(w) && (i == 0 || toks[i-1].kind != tWord) {
			role, isTitle = roleNouns.get(w), true
		}
		if !isTitle && !nat {
			break
		}
		// A title word that is the last word left is the name itself
		// ("Justice" alone is no one).
		if i+1 >= b {
			break
		}
		r.titleWords = append(r.titleWords, text[t.start:t.end])
		if role != "" {
			r.role = role
		}
		if g, ok := titleGender.lookup(w); ok {
			r.gender = g
		}
		i++
		// skip the period of an abbreviated title
		if i < b && toks[i].kind == tPunct {
			i++
		}
	}
	r.name0 = i
	r.splitAffiliation(text, toks, b)
	i = r.name0
	if nw := countWords(toks[i:b]); nw > 0 {
		r.words = slab.take(nw)
	}
	for ; i < b; i++ {
		t := &toks[i]
		if t.kind != tWord {
			if len(r.words) > 0 && t.punct(text) == '.' {
				k := len(r.words) - 1
				if k < r.nlw && strings.HasSuffix(r.words[k], ".") {
					r.lw[k] = strings.ToLower(r.words[k])
				}
				r.words[k] += "."
			}
			continue
		}
		w := text[t.start:t.end]
		if s, ok := cutPossessive(w); ok {
			w = s
			r.possessive = true
		}
		r.words = append(r.words, w)
		if k := len(r.words) - 1; k < len(r.lw) {
			if len(w) == t.end-t.start && utf8.ValidString(w) {
				r.lw[k] = t.lower // ToLower(w): a token never ends with a period
			} else {
				r.lw[k] = strings.ToLower(strings.TrimSuffix(w, "."))
			}
			r.nlw = k + 1
		}
	}
	return r
}

// personRoleNoun reports a role noun that names a person's occupation or
// position, not an organisation or a document.
func personRoleNoun(w string) bool {
	r := roleNouns.get(w)
	return r != "" && !orgRoles.has(r) && !documentNouns.has(r) && !strings.HasSuffix(w, "s")
}

// lowerAt returns words[i] lower-cased without a final period.
func (r *nameRun) lowerAt(i int) string {
	if i < r.nlw {
		return r.lw[i]
	}
	return strings.ToLower(strings.TrimSuffix(r.words[i], "."))
}

// countWords counts the word tokens of toks.
func countWords(toks []token) int {
	n := 0
	for k := range toks {
		if toks[k].kind == tWord {
			n++
		}
	}
	return n
}

func isTitleWord(lower string) bool {
	_, ok := titleWords.lookup(strings.TrimSuffix(lower, "."))
	return ok
}

// isNationality guesses adjectives of nationality ("Russian", "Canadian").
func isNationality(w string) bool {
	for _, suf := range []string{"ian", "ean", "can", "ese", "ish", "ch", "i"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return w == "u.s" || w == "u.k" || w == "us" || w == "uk"
}

func cutPossessive(w string) (string, bool) {
	for _, s := range []string{"’s", "'s", "’", "'"} {
		if strings.HasSuffix(w, s) && len(w) > len(s)+1 {
			return strings.TrimSuffix(w, s), true
		}
	}
	return w, false
}

// ofOrgHeads are the words that start an organisation's name followed by
// "of" or "for" and its field or place.
var ofOrgHeads = lexiconSet("of_org_heads.txt")

// nameParticles open family names ("Al Rashid", "bin Salman", "de Klerk"):
// never a first name, even where the lists hold one ("Al").
var nameParticles = lexiconSet("name_particles.txt")

// connectors join the parts of a name ("Ludwig van Beethoven").
var connectors = lexiconSet("name_connectors.txt")

// titleWords precede a name as a title or honorific ("Justice Ana Ruiz",
// "First Lady Melania Trump"); the value is the role a later "the …" phrase
// can use to refer to that person.
var titleWords = lexiconMap("title_words.txt")

// titleGender gives the gender some titles imply.
var titleGender = lexiconGenders("title_gender.txt")

// notNameWords are capitalised words that start sentences or name things
// other than people; a capitalised run made only of them names nobody.
var notNameWords = lexiconSet("not_name_words.txt")

// orgWords mark a capitalised run as an organisation or place rather than a
// person.
var orgWords = lexiconSet("org_words.txt")

// surnameOrgWords are words that mark places and organisations but are
// also common family names ("Linda Park", "Dana Hall").
var surnameOrgWords = lexiconSet("surname_org_words.txt")

// locatives precede places ("in Orchard Park", "near Elm Hall").
var locatives = lexiconSet("locatives.txt")
