package offline

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/internal/article"
)

// analysis holds the working state of one extraction.
type analysis struct {
	text   string
	paras  []span
	quotes []quoteSpan
	toks   []token
	sents  []sentence
	ents   entities

	// runEnt maps the first token of a name run to its entity, so a run
	// read during the scan is not resolved twice.
	runEnt []int32 // entity id + 1 per token; 0: none yet

	found []found
	// skip marks boilerplate paragraphs: teasers, captions, page furniture.
	skip []bool

	cueBuf []cue // findCues' reusable buffer
	cueIdx cueIndex
	sc     *scratch // pooled storage, see release
}

// found is one quotation the analysis located, before output.
type found struct {
	span       span
	kind       article.Kind
	cue        string
	ent        int // entity index, -1 when unknown
	para       int
	confidence float64
	quote      int // index into quotes for direct and partial, else -1
	// fragment is, for a partial quote, the quoted words with their marks.
	fragment span
}

// cue is a reporting verb (or "according to") in a sentence.
type cue struct {
	tok     int // token index of the verb ("according" for according to)
	end     int // token after the cue words
	form    verbForm
	text    string
	subject *entity
	// subjTok is the token range of the subject phrase.
	subj0, subj1 int
	pronoun      bool
	inverted     bool // the subject follows the verb
	according    bool
}

func newAnalysis(text string) *analysis {
	a := &analysis{text: text}
	a.paras = splitParagraphsInto(a.scratch().paras, text)
	a.quotes = findQuotes(text, a.paras)
	a.toks = tokenizeInto(a.scratch().toks, text, a.paras, a.quotes)
	a.reuseScratch()
	a.sents = splitSentencesInto(a.scratch().sents, text, a.toks)
	a.skip = skipParagraphs(text, a.paras)
	return a
}

// scanNames registers every name run of sentence si outside quotations as
// a mention, with titles and appositions as roles.
func (a *analysis) scanNames(si int) {
	s := a.sents[si]
	for i := s.start; i < s.end; i++ {
		t := &a.toks[i]
		if t.kind == tWord && !t.upper && t.quote < 0 && pluralPeople[t.lower] {
			// "dozens of residents gathered": a group that "they" may
			// refer to later.
			e := a.ents.group(t.lower, kindGroup)
			e.addRole(roleNouns[t.lower])
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
	if r1-r0 != 1 || roleNouns[a.toks[r0].lower] == "" || orgRoles[roleNouns[a.toks[r0].lower]] {
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
		if _, ok := firstNameGender(first); !ok && (notNameWords[first] || orgWords[first] || roleNouns[first] != "" || isAllCaps(a.text[a.toks[p0].start:a.toks[p0].end])) {
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
	r := parseRun(a.text, a.toks, r0, r1)
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
			e = a.ents.group(strings.Join(r.words, " "), kind)
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
			// "Facebook" when both "Facebook" and "Facebook Research" are
			// named: the organisation of that very name
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
		e = a.ents.group(strings.Join(r.words, " "), kind)
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
	return employeeRoles[a.toks[k-1].lower]
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
	if _, ok := firstNameGender(strings.ToLower(r.words[0])); ok && len(r.words) >= 2 {
		return true
	}
	return a.ents.findByWord(strings.ToLower(strings.TrimSuffix(r.words[len(r.words)-1], ".")), 1<<62) != nil
}

// outletName reports the name of a news outlet ("Harbour Gazette").
func outletName(words []string) bool {
	return len(words) >= 2 && outletWords[strings.ToLower(words[len(words)-1])]
}

// outletWords end the names of newspapers, broadcasters and wires.
var outletWords = lexiconSet("outlet_words.txt")

// placeName reports a name that ends in a word for a place ("Brisk
// Valley", "Harrow Road", "Lowell Harbour"): places never speak.
func placeName(words []string) bool {
	return len(words) >= 2 && (placeWords[strings.ToLower(words[len(words)-1])] || placeFirstWords[strings.ToLower(strings.TrimSuffix(words[0], "."))])
}

// placeFirstWords open the names of places ("Port Ellery", "Mount Vale",
// "Lake Orrin").
var placeFirstWords = lexiconSet("place_first_words.txt")

// placeWords end the names of places.
var placeWords = lexiconSet("place_words.txt")

func hasOrgWord(words []string) bool {
	for _, w := range words {
		if orgWords[strings.ToLower(strings.TrimSuffix(w, "."))] {
			return true
		}
	}
	return false
}

// verbLike reports whether token i (after a name) reads as a finite verb,
// so the name is its subject: "Moreau pieced", "Novak recorded", "Smith has".
func (a *analysis) verbLike(i int, s sentence) bool {
	if i >= s.end {
		return false
	}
	t := &a.toks[i]
	if t.kind != tWord || t.upper || t.quote >= 0 {
		return false
	}
	if auxiliaries[t.lower] {
		return true
	}
	if v, ok := reportingVerbs[t.lower]; ok && !v.participle {
		return true
	}
	if irregularPast[t.lower] {
		return true
	}
	n := len(t.lower)
	return n > 4 && (strings.HasSuffix(t.lower, "ed") || (strings.HasSuffix(t.lower, "s") && !strings.HasSuffix(t.lower, "ss") && !strings.HasSuffix(t.lower, "’s")))
}

// irregularPast are common irregular past tenses, finite verbs after a
// subject ("Osei spoke with reporters").
var irregularPast = lexiconSet("irregular_past.txt")

// auxiliaries are short finite verbs (and "also") after a subject.
var auxiliaries = lexiconSet("auxiliaries.txt")

// readRoles records the role words around a person's name: an apposition
// ("Brian Smith, a lawyer for the city,") and a lower-case role just before
// the name ("security researcher Jason Smith").
func (a *analysis) readRoles(e *entity, r0, r1 int, s sentence) {
	if r0 > s.start {
		p := &a.toks[r0-1]
		if p.kind == tWord && !p.upper {
			if role, ok := roleNouns[p.lower]; ok && !documentNouns[role] && !orgRoles[role] {
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
		if !(determiners[first.lower] || roleNouns[first.lower] != "" || first.upper) {
			return
		}
		var affil bool
		for j := r1 + 1; j < end; j++ {
			t := &a.toks[j]
			if t.kind != tWord {
				continue
			}
			if role, ok := roleNouns[t.lower]; ok && !t.upper {
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
			if determiners[a.toks[t0].lower] && !a.toks[t0].upper {
				t0++
			}
			if t0 < end {
				e.title = a.text[a.toks[t0].start:a.toks[end-1].end]
			}
		}
	}
}

// findCues returns the reporting cues of a sentence, outside quotations.
func (a *analysis) findCues(s sentence) []cue {
	// The cues live until the next sentence: reuse one buffer.
	cs := a.cueBuf[:0]
	defer func() { a.cueBuf = cs[:0] }()
	for i := s.start; i < s.end; i++ {
		t := &a.toks[i]
		if t.kind != tWord || t.quote >= 0 {
			continue
		}
		if t.lower == "according" && i+1 < s.end && a.toks[i+1].is("to") {
			cs = append(cs, cue{tok: i, end: i + 2, text: "according to", according: true, form: verbForm{lemma: "according to"}})
			i++
			continue
		}
		v, ok := reportingVerbs[t.lower]
		if !ok {
			continue
		}
		if i > s.start {
			p := &a.toks[i-1]
			// "the said report", "a statement", "his reports": nouns, not verbs.
			if p.kind == tWord && (p.lower == "the" || p.lower == "a" || p.lower == "an" || p.lower == "his" || p.lower == "her" || p.lower == "their" || p.lower == "its" || p.lower == "to") && !v.participle {
				continue
			}
		}
		if v.lemma == "point" && !(i+1 < s.end && a.toks[i+1].is("out")) {
			continue
		}
		// "went on" and "goes on" report; "went home" does not.
		if v.lemma == "go" && !(i+1 < s.end && a.toks[i+1].is("on") && a.nextToQuote(i)) {
			continue
		}
		// "added a goal", "promised a rise", "added three more": a thing,
		// not a statement
		if i+1 < s.end && (amountVerbs[v.lemma] || objectVerbs[v.lemma] || v.lemma == "promise") && a.toks[i+1].kind == tWord && thingStart[a.toks[i+1].lower] {
			continue
		}
		// "shares added 0.4 per cent", "reported 12 cases": an amount, not a
		// statement.
		if i+1 < s.end && amountVerbs[v.lemma] && (a.toks[i+1].kind == tWord && startsWithDigit(a.toks[i+1].lower) || strings.ContainsRune("$€£¥", a.toks[i+1].punct(a.text))) {
			continue
		}
		end := i + 1
		if v.lemma == "point" || v.lemma == "go" {
			end = i + 2
		}
		cs = append(cs, cue{tok: i, end: end, form: v, text: a.text[t.start:a.toks[end-1].end]})
	}
	return cs
}

// thingStart are words that open an object noun phrase, not a clause.
var thingStart = lexiconSet("thing_start.txt")

// amountVerbs are reporting verbs that also count things ("added 0.4 per
// cent", "posted 12 wins").
var amountVerbs = lexiconSet("amount_verbs.txt")

func startsWithDigit(w string) bool { return w != "" && w[0] >= '0' && w[0] <= '9' }

// nextToQuote reports whether a quotation closes just before the cue at i
// (after a comma or directly), or the sentence holds a quotation at all.
func (a *analysis) nextToQuote(i int) bool {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		if a.toks[j].quote >= 0 {
			return true
		}
	}
	return false
}

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
	for i >= s.start && a.toks[i].kind == tWord && skipBeforeVerb[a.toks[i].lower] {
		i--
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
	if v < limit && (a.verbLike(v, s) || a.toks[v].kind == tWord && !a.toks[v].upper && !prepositions[a.toks[v].lower] && !determiners[a.toks[v].lower]) {
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
			if w := a.toks[k-1].lower; pluralPeople[w] {
				start := k - 1
				for start > s.start && a.toks[start-1].kind == tWord && (!a.toks[start-1].upper || determiners[a.toks[start-1].lower]) && start > k-4 {
					start--
					if determiners[a.toks[start].lower] {
						break
					}
				}
				if determiners[a.toks[start].lower] || start == s.start || a.toks[start].upper {
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

// cueBetween reports whether a reporting verb stands in tokens [i, j): then
// a coordinated verb after j may have a subject of its own clause.
func (a *analysis) cueBetween(i, j int, s sentence) bool {
	for k := i; k < j && k < s.end; k++ {
		if _, ok := reportingVerbs[a.toks[k].lower]; ok && a.toks[k].kind == tWord && a.toks[k].quote < 0 {
			return true
		}
	}
	return false
}

// afterQuote reports whether token i follows a closing quotation mark,
// directly or after a comma ("…,” said X" / "…”, said X").
func (a *analysis) afterQuote(i int) bool {
	if i == 0 {
		return false
	}
	p := &a.toks[i-1]
	if p.kind == tCloseQuote || (p.quote >= 0 && p.kind == tPunct) {
		return true
	}
	return i >= 2 && p.punct(a.text) == ',' && a.toks[i-2].kind == tCloseQuote
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
			return nil, 0, 0, false
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

// demonymRun reports a capitalised run that ends in a party or a people's
// name ("Kentucky Republican", "B.C. Liberal", "Ontario New Democrat"):
// a description of a person, not a name.
func demonymRun(toks []token) bool {
	last := toks[len(toks)-1].lower
	return partyWords[last] || (len(toks) <= 3 && isNationality(last) && !firstNameKnown(toks[0].lower))
}

func firstNameKnown(w string) bool {
	_, ok := firstNameGender(w)
	return ok
}

// partyWords name a member of a political party.
var partyWords = lexiconSet("party_words.txt")

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
	if r0-s.start > 10 || !determiners[a.toks[s.start].lower] {
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

// descriptionOpens reports whether the sentence opens with a short
// description and a comma right before token s0: "The utility, Northmark
// Energy, said …".
func (a *analysis) descriptionOpens(s0 int, s sentence) bool {
	if s0-1 <= s.start || s0-1 > s.start+4 || a.toks[s0-1].punct(a.text) != ',' {
		return false
	}
	if !determiners[a.toks[s.start].lower] {
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
	if g, ok := subjectPronouns[a.text[t.start:t.end]]; ok {
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
			// "…, a Kentucky Republican, said": a description of someone
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
	if _, ok := roleNouns[t.lower]; !ok {
		// "a spokesperson for the city" — hop back over one prepositional phrase.
		j := i
		for j > s.start && j > i-5 && a.toks[j].kind == tWord && !a.toks[j].is("for") && !a.toks[j].is("at") && !a.toks[j].is("of") && !a.toks[j].is("with") && !a.toks[j].is("from") {
			j--
		}
		prep := a.toks[j].is("for") || a.toks[j].is("at") || a.toks[j].is("of") || a.toks[j].is("with") || a.toks[j].is("from")
		if prep && j > s.start && j < i && a.toks[j-1].kind == tWord && roleNouns[a.toks[j-1].lower] != "" {
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
		if determiners[p.lower] {
			start--
			break
		}
		if reportingVerbs[p.lower].lemma != "" || p.lower == "and" || p.lower == "but" || p.lower == "that" || p.lower == "has" || p.lower == "had" || p.lower == "also" || p.lower == "who" || p.lower == "which" || auxiliaries[p.lower] {
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
			if t.kind != tWord || t.quote >= 0 || (t.upper && k > s.start) || determiners[t.lower] || notNameWords[t.lower] && k == s.start {
				plain = false
				break
			}
		}
		if plain {
			start = s.start
		}
	}
	return a.describe(start, head, i+1, s), start, i + 1, false
}

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
	if g, ok := subjectPronouns[a.text[t.start:t.end]]; ok && t.kind == tWord {
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
				if roleNouns[u.lower] != "" && !orgRoles[roleNouns[u.lower]] && (m+1 >= s.end || roleNouns[a.toks[m+1].lower] == "") {
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
	if determiners[t.lower] {
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
			if e := a.registerRun(a.sentOf(m), r0, r1); e != nil && e.kind == kindPerson && !(e.weak && determiners[t.lower] && !afterPossessive) {
				return e, j, r1, false
			}
			if determiners[t.lower] && r1 >= s.end-1 && head < 0 {
				head = r1 - 1
				break
			}
			m = r1 - 1
			continue
		}
		if _, ok := roleNouns[u.lower]; ok || (determiners[t.lower] && agentNoun(u.lower)) {
			head = m
		} else if head >= 0 {
			break
		}
	}
	if head < 0 {
		return nil, 0, 0, false
	}
	// "said her coach, Anders Lindgren, …": the description's appositive
	if n := head + 1; n+1 < s.end && a.toks[n].punct(a.text) == ',' && isNameWord(&a.toks[n+1]) && personRoleNoun(a.toks[head].lower) {
		r0, r1 := runAt(a.text, a.toks, n+1, n+1, s.end)
		if e := a.registerRun(a.sentOf(r0), r0, r1); e != nil && e.kind == kindPerson {
			e.addRole(roleNouns[a.toks[head].lower])
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
		e.addRole(roleNouns[a.toks[role].lower])
		return e, r1
	}
	return nil, 0
}

// roleHeadAfter returns the token of a person's role noun that follows a
// capitalised modifier at k and ends the phrase ("… judge rebuked",
// "… spokesperson, said"), or -1.
func (a *analysis) roleHeadAfter(k int, s sentence) int {
	for m := k; m < s.end && m < k+3; m++ {
		t := &a.toks[m]
		if t.kind != tWord || t.upper || t.quote >= 0 || determiners[t.lower] || prepositions[t.lower] || notNameWords[t.lower] || a.verbLike(m, s) && !personRoleNoun(t.lower) {
			return -1
		}
		if personRoleNoun(t.lower) {
			if m+1 < s.end && (isNameWord(&a.toks[m+1]) || roleNouns[a.toks[m+1].lower] != "") {
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

// describe resolves a descriptive phrase [start, end) with head noun at
// head: to the person or organisation holding that role, else to a group
// named by the phrase.
func (a *analysis) describe(start, head, end int, s sentence) *entity {
	h := &a.toks[head]
	role := roleNouns[h.lower]
	first := start
	if determiners[a.toks[first].lower] && (!a.toks[first].upper || a.toks[first].lower == "the") {
		first++
	}
	phrase := strings.ToLower(a.text[a.toks[first].start:a.toks[head].end])
	pos := a.toks[start].start
	definite := a.toks[start].is("the")
	det := a.toks[start].lower
	if documentNouns[role] {
		// "her statement read", "his letter said": the owner speaks; "the
		// statement said": the speaker last named.
		if g, ok := possessiveGender[det]; ok {
			if e := a.ents.resolvePronoun(g, pos, s.para); e != nil {
				return e
			}
		}
		if definite && authorDocuments[role] {
			if e := a.recentSpeaker(pos, s.para); e != nil {
				return e
			}
		}
	}
	if documentNouns[role] && !definite {
		// "a police statement", "a statement from the ministry": the
		// organisation that issued it
		if e := a.documentIssuer(start, head, end, s); e != nil {
			return e
		}
	}
	if orgRoles[role] {
		if definite || det == "its" || det == "their" {
			// "the commission" → the organisation named "… Commission";
			// "the company", "the firm", "their union" → the organisation
			// last named.
			e := a.ents.orgNamed(h.lower, pos)
			if e == nil && (genericOrgNouns[h.lower] || !definite) {
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
	} else if definite || determiners[det] || (start == head && (strings.HasSuffix(role, "s") || role == "police")) {
		// "the judge", "his lawyer", and bare plurals ("officers said")
		// that name a group already in the story.
		if e := a.ents.byRole(role, phrase, pos); e != nil {
			if definite || determiners[det] {
				e.addForm("the " + phrase)
			}
			a.ents.mention(pos, s.para, e.id, true)
			return e
		}
	}
	// "the soft-spoken professor said": a singular person role
	// nobody holds yet refers to the person the story is about.
	if definite && !orgRoles[role] && !strings.HasSuffix(role, "s") && role != "police" && role != "staff" && role != "people" {
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
	name := a.text[a.toks[first].start:a.toks[end-1].end]
	if definite || !determiners[a.toks[start].lower] {
		// "the health authority" after "the regional health authority":
		// the group already named by a longer phrase.
		if e := a.ents.groupEndingWith(strings.ToLower(name)); e != nil && definite {
			a.ents.mention(pos, s.para, e.id, true)
			return e
		}
		e := a.ents.group(name, kindGroup)
		if orgRoles[role] {
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
		if r := roleNouns[t.lower]; r != "" && (orgRoles[r] || r == "police") {
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

// possessiveGender maps possessive determiners to the gender of their owner.
var possessiveGender = lexiconGenders("possessive_gender.txt")

// recentSpeaker returns the last entity that spoke (or was a reporting
// verb's subject) before pos, within two paragraphs.
func (a *analysis) recentSpeaker(pos, para int) *entity {
	return a.lastSpeakerBefore(pos, para)
}

// orgRun makes an organisation of a capitalised run that names no person
// ("Symantec said").
func (a *analysis) orgRun(r0, r1 int) *entity {
	r := parseRun(a.text, a.toks, r0, r1)
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
		if _, ok := firstNameGender(strings.ToLower(name)); ok {
			// A lone first name or surname we have not seen: a person.
			return a.ents.resolvePerson(&r, a.toks[r.name0].start)
		}
	}
	e := a.ents.group(name, kindOrg)
	a.ents.mention(a.toks[r.name0].start, int(a.toks[r0].para), e.id, true)
	return e
}

// sentOf returns the index of the sentence holding token i.
func (a *analysis) sentOf(i int) int {
	lo, hi := 0, len(a.sents)
	for lo < hi {
		m := (lo + hi) / 2
		if a.sents[m].end <= i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// firstLetterUpper reports whether the first letter within [s.start, s.end)
// is upper case or a digit.
func firstLetterUpper(text string, s span) bool {
	for _, r := range text[s.start:s.end] {
		if unicode.IsLetter(r) {
			return unicode.IsUpper(r)
		}
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// wordCount counts the words of text without allocating.
func wordCount(text string) int {
	n, in := 0, false
	for _, r := range text {
		if unicode.IsSpace(r) {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

// endsWithStop reports whether the text ends with sentence punctuation,
// ignoring closing marks.
func endsWithStop(text string) bool {
	t := strings.TrimRightFunc(text, func(r rune) bool { return r == '”' || r == '"' || r == '’' || r == '»' || unicode.IsSpace(r) })
	r, _ := utf8.DecodeLastRuneInString(t)
	return r == '.' || r == '!' || r == '?' || r == '…' || r == ','
}
