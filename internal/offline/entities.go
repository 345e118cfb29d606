package offline

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// entityKind separates people from organisations and groups.
type entityKind uint8

const (
	kindPerson entityKind = iota
	kindOrg               // a named organisation ("Northwind", "Harbour Trust")
	kindGroup             // a description ("police", "officials", "the company")
	kindOutlet            // a news outlet ("the Harbour Gazette"): reports, never speaks
)

// entity is one real speaker candidate: a person, an organisation or a group.
type entity struct {
	id          int
	kind        entityKind
	name        string // canonical name
	first, last string // lower-cased name parts of a person
	forms       []string
	roles       map[string]bool
	title       string
	affiliation string
	gender      gender
	spoke       int // quotes attributed
	cues        int // reporting verbs whose subject it is
	// weak is set on a person known only from the shape of the name (two
	// or three capitalised words), until a title, a first name or a cue
	// confirms it.
	weak bool
	// pair is set on a group of two people named together ("Raj and Delia
	// Fontaine").
	pair bool
	at   gapList[int] // positions of the mentions, sorted

	es    *entities     // the table holding the entity, whose indexes it keeps
	lname string        // lower-cased name of a person
	posts []*posting    // the posting lists the entity belongs to
	refs  gapList[mref] // the mentions, as the posting lists hold them (indexed tables)
}

func (e *entity) addForm(f string) {
	f = strings.TrimSpace(f)
	if f == "" || strings.EqualFold(f, e.name) {
		return
	}
	for _, g := range e.forms {
		if strings.EqualFold(g, f) {
			return
		}
	}
	e.forms = append(e.forms, f)
}

func (e *entity) addRole(r string) {
	if r == "" {
		return
	}
	if e.roles == nil {
		e.roles = map[string]bool{}
	}
	if e.roles[r] {
		return
	}
	e.roles[r] = true
	if e.es != nil && e.es.idx.on {
		e.join(postingFor(e.es.idx.byRole, r))
	}
}

// mention is a reference to an entity at a byte position.
type mention struct {
	pos     int
	ent     int
	subject bool // the mention opens a sentence or is a speaker
	para    int
}

// entities keeps the entity table and the mentions in text order.
type entities struct {
	list     []*entity
	mentions gapList[mention] // by position, equal positions in arrival order
	byName   map[string]int   // lower-cased canonical name of orgs and groups → id
	idx      index
	persons  posting    // mentions of people, whatever the table's size
	chunks   [][]entity // storage of the entities, see alloc
	nalloc   int
	orgs     posting // mentions of organisations
	// work counts the steps of the lookups' inner loops, so tests can
	// check that it grows linearly with the input.
	work int
	// groupHead maps the last word of a group's lower-cased name to the
	// groups so named, in order of creation.
	groupHead map[string][]int
	// orgFirst maps the lower-cased first word of a named organisation of
	// several words to its id: "Northmark" after "Northmark Energy".
	orgFirst map[string]int
}

// groupEndingWith returns the latest group whose name is phrase or ends
// with it ("regional health authority" for "health authority"), or nil.
func (es *entities) groupEndingWith(phrase string) *entity {
	head := phrase[strings.LastIndexByte(phrase, ' ')+1:]
	ids := es.groupHead[head]
	for i := len(ids) - 1; i >= 0; i-- {
		n := strings.ToLower(es.list[ids[i]].name)
		if n == phrase || strings.HasSuffix(n, " "+phrase) {
			return es.list[ids[i]]
		}
	}
	return nil
}

// orgByFirst returns the named organisation whose name starts with the
// word w (lower case), or nil.
func (es *entities) orgByFirst(w string) *entity {
	if id, ok := es.orgFirst[w]; ok {
		return es.list[id]
	}
	return nil
}

// add takes a copy of the new entity into the table and returns it.
func (es *entities) add(proto *entity) *entity {
	e := es.alloc()
	*e = *proto
	e.id = len(es.list)
	es.list = append(es.list, e)
	e.es = es
	if e.lname == "" {
		e.lname = strings.ToLower(e.name)
	}
	if es.idx.on {
		es.indexNew(e)
	} else if len(es.list) > indexThreshold {
		es.buildIndex()
	}
	return e
}

func (es *entities) mention(pos, para, id int, subject bool) {
	m := mention{pos: pos, ent: id, subject: subject, para: para}
	e := es.list[id]
	insertAfter(&e.at, pos, func(p int) int { return p })
	r := mref{int32(pos), int32(id), int32(para)}
	switch e.kind {
	case kindPerson:
		es.persons.insertRef(r)
	case kindOrg:
		es.orgs.insertRef(r)
	}
	if es.idx.on {
		insertAfter(&e.refs, r, refPos)
		for _, p := range e.posts {
			p.insertRef(r)
		}
	}
	// Mentions arrive nearly in order; keep them sorted by position.
	insertAfter(&es.mentions, m, func(m mention) int { return m.pos })
}

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
	// ("in Stanley Park"): a place, not a person, unless a title says so.
	placeContext bool
}

// ofOrgHeads are the words that start an organisation's name followed by
// "of" or "for" and its field or place.
var ofOrgHeads = lexiconSet("of_org_heads.txt")

// nameParticles open family names ("Al Rashid", "bin Salman", "de Klerk"):
// never a first name, even where the lists hold one ("Al").
var nameParticles = lexiconSet("name_particles.txt")

// connectors join the parts of a name ("Ludwig van Beethoven").
var connectors = lexiconSet("name_connectors.txt")

// isNameWord reports whether token t can be part of a name run.
func isNameWord(t *token) bool {
	return t.kind == tWord && t.upper && t.quote < 0
}

// runAt reads the capitalised run that contains token i, bounded by the
// sentence [lo, hi).
func runAt(text string, toks []token, i, lo, hi int) (int, int) {
	a, b := i, i+1
	for a > lo {
		p := &toks[a-1]
		if p.kind == tWord && (p.lower == "of" || p.lower == "for") && a-2 >= lo && isNameWord(&toks[a-2]) && ofOrgHeads[strings.TrimSuffix(toks[a-2].lower, ".")] && isNameWord(&toks[a]) {
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
		if p.kind == tWord && connectors[p.lower] {
			// "Pieter van der Berg", "Mr. van der Berg": a chain of particles
			// after a name word.
			k := a - 1
			for k-1 >= lo && toks[k-1].kind == tWord && connectors[toks[k-1].lower] && !toks[k-1].upper {
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
		// "Ministry of Health", "University of Northern Alberta": an
		// organisation's name goes on over "of".
		if t.kind == tWord && (t.lower == "of" || t.lower == "for") && b+1 < hi && isNameWord(&toks[b+1]) && ofOrgHeads[strings.TrimSuffix(toks[b-1].lower, ".")] {
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
		if t.kind == tWord && connectors[t.lower] && b > a {
			k := b
			for k < hi && toks[k].kind == tWord && connectors[toks[k].lower] && (k == b || !toks[k].upper) {
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
	return abbreviations[t.lower] || (utf8.RuneCountInString(t.lower) == 1 && t.upper)
}

// parseRun interprets tokens [a, b) as a title and a name.
func parseRun(text string, toks []token, a, b int) nameRun {
	r := nameRun{tok0: a, tok1: b}
	r.placeContext = a > 0 && toks[a-1].kind == tWord && locatives[toks[a-1].lower]
	i := a
	// Leading function words ("The", "But") and titles.
	for i < b {
		t := &toks[i]
		if t.kind != tWord {
			i++
			continue
		}
		w := strings.TrimSuffix(t.lower, ".")
		if notNameWords[w] && !(i+1 < b && titleWords[toks[i+1].lower] != "" && w == "first") {
			i++
			r.titleWords = nil
			continue
		}
		role, isTitle := titleWords[w]
		nat := isNationality(w) && i+1 < b && isTitleWord(toks[i+1].lower)
		// "Economist Pieter van der Berg", "Farmer Ben Ruiz": a role noun
		// capitalised at the head of the sentence, before a full name.
		if i == a && !isTitle && !nat && b-i >= 3 && personRoleNoun(w) && (i == 0 || toks[i-1].kind != tWord) {
			role, isTitle = roleNouns[w], true
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
		if g, ok := titleGender[w]; ok {
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
		r.words = make([]string, 0, nw)
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
	r := roleNouns[w]
	return r != "" && !orgRoles[r] && !documentNouns[r] && !strings.HasSuffix(w, "s")
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
	_, ok := titleWords[strings.TrimSuffix(lower, ".")]
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

// splitAffiliation moves capitalised words that precede the name proper
// into the title: an office after an affiliation ("Transport Minister
// Helen Park", "Lake County District Attorney Tom Reid") or a
// place or party before a known first name ("Kentucky Republican Mitch
// McConnell").
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
		if role, ok := titleWords[w]; ok && role != "" || roleNouns[w] != "" && officeWords[w] {
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
		if _, ok := firstNameGender(toks[idx[0]].lower); !ok || roleNouns[toks[idx[0]].lower] != "" {
			for k := 1; k <= len(idx)-2; k++ {
				if _, ok := firstNameGender(toks[idx[k]].lower); !ok || nameParticles[toks[idx[k]].lower] || !toks[idx[k]].upper || connectors[toks[idx[k]].lower] {
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
		if role := titleWords[w]; role != "" {
			r.role = role
		} else if role := roleNouns[w]; role != "" && officeWords[w] {
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
			if !connectors[w] {
				capital++
			}
		}
		if capital < 2 || capital > 3 || len(r.titleWords) > 0 {
			return false, false
		}
		for i, w := range r.words {
			if connectors[w] && i > 0 {
				continue
			}
			lw := r.lowerAt(i)
			if orgWords[lw] && !r.surnameWord(i) || notNameWords[lw] || isAllCaps(w) {
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
		if orgWords[lw] && !r.surnameWord(i) || notNameWords[lw] {
			return false
		}
		if isAllCaps(w) && utf8.RuneCountInString(w) > 2 {
			return false
		}
	}
	if len(r.words) >= 2 {
		// "Chief Market Strategist": an office, not a name
		if lw := r.lowerAt(len(r.words) - 1); roleNouns[lw] != "" && !surnameRoles[lw] {
			return false
		}
		first := r.lowerAt(0)
		if strings.HasSuffix(r.words[0], ".") {
			first = strings.ToLower(r.words[0])
		}
		if _, ok := firstNameGender(first); ok {
			return true
		}
		if len(r.titleWords) > 0 {
			return true
		}
		// An initial ("J. Smith") or an unknown first name with a surname.
		return utf8.RuneCountInString(strings.TrimSuffix(r.words[0], ".")) == 1
	}
	return len(r.titleWords) > 0 && r.role != "" || len(r.titleWords) > 0 && titleGender[strings.ToLower(strings.TrimSuffix(r.titleWords[len(r.titleWords)-1], "."))] != genderUnknown
}

// isAllCaps reports an acronym: upper-case letters and no lower-case one
// (a word of a script without case is no acronym).
// surnameWord reports whether word i of the run, a word that usually
// names a place or an organisation ("Park", "Hall", "Ford"), is a surname
// here: the last word after a title or a known first name ("Mayor Linda
// Park", "Dana Hall"), and not after a locative ("in Stanley Park").
func (r *nameRun) surnameWord(i int) bool {
	if i == 0 || i != len(r.words)-1 || !surnameOrgWords[strings.ToLower(r.words[i])] {
		return false
	}
	if len(r.titleWords) > 0 && (r.role != "" || titleGender[strings.ToLower(strings.TrimSuffix(r.titleWords[len(r.titleWords)-1], "."))] != genderUnknown) {
		return true
	}
	if r.placeContext {
		return false
	}
	_, first := firstNameGender(strings.ToLower(r.words[0]))
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

// findPerson returns the person whose name parts match, preferring the
// most recently mentioned (the first found on a tie).
func (es *entities) findPerson(first, last string, before int) *entity {
	if first == "" || last == "" || !es.idx.on {
		return es.findPersonScan(first, last, before)
	}
	x := &es.idx
	a, b := x.byLastFirst[lastFirst{last, first}], x.byLastFirst[lastFirst{last, ""}]
	var got *entity
	if x.recent(before, a, b) >= 0 {
		got = es.list[minOf(x.ties)]
	} else if id := minID(idsOf(a), idsOf(b)); id >= 0 {
		got = es.list[id]
	}
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
			if e := es.list[ids[k]]; !e.weak && (e.first == "" || nameParticles[e.first]) {
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
	ids := es.surnameIDs(w)
	if len(ids) < 2 {
		return nil
	}
	var first *entity
	for _, id := range ids {
		e := es.list[id]
		if e.kind != kindPerson || e.first == "" || e.weak {
			continue
		}
		for _, f := range e.forms {
			if strings.EqualFold(f, w) {
				return e
			}
		}
		if first == nil {
			first = e
		}
	}
	return first
}

// lastMention returns the position of the entity's last mention before pos,
// or -1.
func (es *entities) lastMention(id, before int) int {
	at := &es.list[id].at
	i := at.search(func(p int) bool { return p >= before })
	if i == 0 {
		return -1
	}
	return at.At(i - 1)
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
	var e *entity
	if len(words) == 1 {
		e = es.findByWord(lw[0], pos)
		if e == nil {
			e = es.add(&entity{kind: kindPerson, name: words[0], last: lw[0]})
		}
	} else {
		first, last := lw[0], lw[len(lw)-1]
		e = es.findPerson(first, last, pos)
		full := strings.Join(words, " ")
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
		// Hashish" starts with a particle, not the name Al.
		if g, ok := firstNameGender(first); ok && g != genderUnknown && !nameParticles[first] {
			e.gender = g
		}
	}
	e.addForm(strings.Join(words, " "))
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
		if titleGender[strings.ToLower(strings.TrimSuffix(r.titleWords[0], "."))] != genderUnknown {
			e.addForm(t + " " + words[len(words)-1])
		}
	}
	return e
}

// group returns the entity for an organisation or a description, creating
// it on first use.
func (es *entities) group(name string, kind entityKind) *entity {
	key := strings.ToLower(name)
	if es.byName == nil {
		es.byName = map[string]int{}
	}
	if id, ok := es.byName[key]; ok {
		return es.list[id]
	}
	e := es.add(&entity{kind: kind, name: name, gender: genderNeuter, lname: key})
	if kind == kindGroup {
		e.gender = genderPlural
	}
	es.byName[key] = e.id
	if kind == kindGroup {
		head := key[strings.LastIndexByte(key, ' ')+1:]
		if es.groupHead == nil {
			es.groupHead = map[string][]int{}
		}
		es.groupHead[head] = append(es.groupHead[head], e.id)
	}
	if kind == kindOrg {
		if first, rest, ok := strings.Cut(key, " "); ok && rest != "" && !notNameWords[first] {
			if es.orgFirst == nil {
				es.orgFirst = map[string]int{}
			}
			if _, taken := es.orgFirst[first]; !taken {
				es.orgFirst[first] = e.id
			}
		}
	}
	return e
}

// byRole returns the entity most recently mentioned before pos that holds
// the role, or nil (the first one added on a tie).
// byRoleIDs returns the ids of the entities holding a role, ascending.
func (es *entities) byRoleIDs(role string) []int {
	if !es.idx.on {
		var out []int
		for _, e := range es.list {
			if e.roles[role] {
				out = append(out, e.id)
			}
		}
		return out
	}
	ids := idsOf(es.idx.byRole[role])
	out := make([]int, len(ids))
	for i, id := range ids {
		out[i] = int(id)
	}
	return out
}

// surnameIDs returns the ids of the people with surname w, ascending.
func (es *entities) surnameIDs(w string) []int {
	if !es.idx.on {
		var out []int
		for _, e := range es.list {
			if e.kind == kindPerson && e.last == w {
				out = append(out, e.id)
			}
		}
		return out
	}
	ids := idsOf(es.idx.byLast[w])
	out := make([]int, len(ids))
	for i, id := range ids {
		out[i] = int(id)
	}
	return out
}

func (es *entities) byRole(role, phrase string, before int) *entity {
	if !es.idx.on {
		return es.byRoleScan(role, phrase, before)
	}
	x := &es.idx
	a, b := x.byRole[phrase], x.byRole[role]
	if phrase == role {
		b = nil
	}
	var got *entity
	if x.recent(before, a, b) >= 0 {
		got = es.list[minOf(x.ties)]
	} else if id := minID(idsOf(a), idsOf(b)); id >= 0 {
		got = es.list[id]
	}
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

// resolvePronoun picks the entity a pronoun of gender g at pos refers to:
// the nearest earlier compatible mention that is a subject (opens a sentence
// or speaks), else the nearest compatible mention, within a few paragraphs.
// A subject of unknown gender gives way to a subject of the pronoun's gender
// earlier in the same paragraph. A person of unknown gender learns the
// pronoun's gender.
//
// The look-back is bounded by maxLookback mentions besides the paragraphs.
// No pronoun is compatible with genderUnknown: it finds no one.
func (es *entities) resolvePronoun(g gender, pos, para int) *entity {
	if g != genderMale && g != genderFemale && g != genderPlural && g != genderNeuter {
		return nil
	}
	i := es.mentions.search(func(m mention) bool { return m.pos >= pos })
	var nonSubject, unknownSubj *entity
	var pick *entity
	unknownPara := -1
	// nonSubjectFirst is set when a person of the pronoun's own gender was
	// mentioned after the nearest subject of unknown gender: "Rice won …
	// Her coach, Samuel Kiprono, laughed. 'She went early,' he said."
	nonSubjectFirst := false
	for j := i - 1; j >= 0 && i-j <= maxLookback; j-- {
		es.work++
		m := es.mentions.At(j)
		if para-m.para > 4 {
			break
		}
		e := es.list[m.ent]
		if unknownSubj != nil && m.para != unknownPara {
			break
		}
		if !compatible(e, g) {
			continue
		}
		if m.subject {
			if e.gender == genderUnknown && (g == genderMale || g == genderFemale) {
				if unknownSubj == nil && (!e.weak || e.spoke > 0) {
					unknownSubj, unknownPara = e, m.para
				}
				continue
			}
			if unknownSubj != nil && unknownSubj.cues > 0 && e.cues == 0 {
				// "…, Marsh writes. '…,' he writes.": the speaker of unknown
				// gender outranks a person who only acts in the story
				pick = unknownSubj
				break
			}
			pick = e
			break
		}
		if nonSubject == nil && !e.weak && unknownSubj == nil {
			nonSubject = e
			nonSubjectFirst = e.gender == g && g != genderUnknown && m.para == para
		}
	}
	if pick == nil && nonSubjectFirst {
		pick = nonSubject
	}
	if pick == nil {
		pick = unknownSubj
	}
	if pick == nil {
		pick = nonSubject
	}
	if pick != nil && pick.gender == genderUnknown && (g == genderMale || g == genderFemale) {
		pick.gender = g
	}
	return pick
}

func compatible(e *entity, g gender) bool {
	switch g {
	case genderMale, genderFemale:
		return e.kind == kindPerson && (e.gender == g || e.gender == genderUnknown)
	case genderPlural:
		return e.kind == kindGroup || e.kind == kindOrg
	case genderNeuter:
		return e.kind == kindOrg || (e.kind == kindGroup && e.gender == genderNeuter)
	}
	return false
}
