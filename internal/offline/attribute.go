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
	return a
}

// scanNames registers every name run of sentence si outside quotations as
// a mention, with titles and appositions as roles.
func (a *analysis) scanNames(si int) {
	s := a.sents[si]
	for i := s.start; i < s.end; i++ {
		t := &a.toks[i]
		if !isNameWord(t) {
			continue
		}
		r0, r1 := runAt(a.text, a.toks, i, s.start, s.end)
		a.registerRun(si, r0, r1)
		i = r1 - 1
	}
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
	if r.personLike() {
		e = a.ents.resolvePerson(&r, pos)
	} else if len(r.words) == 1 {
		lw := r.lowerAt(0)
		e = a.ents.findByWord(lw, pos)
		if e != nil {
			e.addForm(r.words[0])
		}
	}
	if e == nil && len(r.words) >= 2 && hasOrgWord(r.words) {
		// "the Provincial Water Safety Commission": an organisation that
		// "the commission" or "it" may refer to later.
		e = a.ents.group(strings.Join(r.words, " "), kindOrg)
	}
	if e == nil {
		return nil
	}
	a.runEnt[r0] = int32(e.id + 1)
	subject := r0 == s.start || (r0 > s.start && a.toks[r0-1].kind == tPunct && a.toks[r0-1].quote >= 0) || a.verbLike(r1, s)
	a.ents.mention(pos, s.para, e.id, subject)
	if e.kind == kindPerson {
		a.readRoles(e, r0, r1, s)
	}
	return e
}

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
	n := len(t.lower)
	return n > 4 && (strings.HasSuffix(t.lower, "ed") || (strings.HasSuffix(t.lower, "s") && !strings.HasSuffix(t.lower, "ss") && !strings.HasSuffix(t.lower, "’s")))
}

var auxiliaries = map[string]bool{"is": true, "was": true, "has": true, "had": true, "will": true, "would": true, "could": true, "can": true, "does": true, "did": true, "says": true, "said": true, "also": true}

// readRoles records the role words around a person's name: an apposition
// ("Brian Smith, a lawyer for the city,") and a lower-case role just before
// the name ("security researcher Jason Smith").
func (a *analysis) readRoles(e *entity, r0, r1 int, s sentence) {
	if r0 > s.start {
		p := &a.toks[r0-1]
		if p.kind == tWord && !p.upper {
			if role, ok := roleNouns[p.lower]; ok {
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
		end := i + 1
		if v.lemma == "point" {
			end = i + 2
		}
		cs = append(cs, cue{tok: i, end: end, form: v, text: a.text[t.start:a.toks[end-1].end]})
	}
	return cs
}

// resolveSubject finds the speaker of cue c in sentence s.
func (a *analysis) resolveSubject(c *cue, s sentence, prev []cue) {
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
	if i >= s.start && a.toks[i].quote < 0 {
		t := &a.toks[i]
		if t.kind == tWord {
			if e, s0, s1, pr := a.phraseEndingAt(i, s); e != nil {
				c.subject, c.subj0, c.subj1, c.pronoun = e, s0, s1, pr
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
		if e, s0, s1, _ := a.phraseEndingAt(i-1, s); e != nil && e.kind == kindPerson && s0 > s.start && a.toks[s0-1].punct(a.text) == ',' {
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
				if e, s0, s1, _ := a.phraseEndingAt(j-1, s); e != nil && (e.kind == kindPerson || (s0 == s.start && s1-s0 >= 2 && e.kind != kindGroup)) {
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
		// "Jane Doe and John Roe said": both speak, as one group.
		if e.kind == kindPerson && r0-2 > s.start && a.toks[r0-1].is("and") && isNameWord(&a.toks[r0-2]) {
			p0, p1 := runAt(a.text, a.toks, r0-2, s.start, s.end)
			if other := a.registerRun(a.sentOf(p0), p0, p1); other != nil && other.kind == kindPerson && other != e {
				g := a.ents.group(other.name+" and "+e.name, kindGroup)
				g.gender = genderPlural
				a.ents.mention(a.toks[p0].start, s.para, g.id, true)
				return g, p0, r1, false
			}
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
		if j > s.start && j < i && a.toks[j].kind == tWord && a.toks[j-1].kind == tWord && roleNouns[a.toks[j-1].lower] != "" {
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
		if reportingVerbs[p.lower].lemma != "" || p.lower == "and" || p.lower == "but" || p.lower == "that" || p.lower == "has" || p.lower == "had" || p.lower == "also" {
			break
		}
		if start < head-4 {
			break
		}
		start--
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
	if isNameWord(t) {
		r0, r1 := runAt(a.text, a.toks, j, j, s.end)
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
	return a.describe(j, head, head+1, s), j, head + 1, false
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
	if determiners[a.toks[first].lower] && !a.toks[first].upper {
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
		if definite {
			if e := a.recentSpeaker(pos, s.para); e != nil {
				return e
			}
		}
	}
	if orgRoles[role] {
		if definite {
			// "the commission" → the organisation named "… Commission";
			// "the company", "the firm" → the organisation last named.
			e := a.ents.orgNamed(h.lower, pos)
			if e == nil && genericOrgNouns[h.lower] {
				e = a.ents.recentOrg(pos)
			}
			if e != nil {
				e.addForm("the " + phrase)
				a.ents.mention(pos, s.para, e.id, true)
				return e
			}
		}
	} else if definite || determiners[det] {
		if e := a.ents.byRole(role, phrase, pos); e != nil {
			e.addForm("the " + phrase)
			a.ents.mention(pos, s.para, e.id, true)
			return e
		}
	}
	// "the soft-spoken professor said": a singular person role
	// nobody holds yet refers to the person the story is about.
	if definite && !orgRoles[role] && !strings.HasSuffix(role, "s") && role != "police" && role != "staff" && role != "people" {
		e := a.recentSpeaker(pos, s.para)
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
		e := a.ents.group(name, kindGroup)
		if strings.HasSuffix(role, "s") || role == "police" || role == "staff" || role == "people" {
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
var orgRoles = map[string]bool{
	"company": true, "agency": true, "organization": true, "organisation": true, "department": true,
	"ministry": true, "board": true, "union": true, "association": true, "council": true,
	"commission": true, "committee": true, "service": true, "office": true, "party": true,
	"team": true, "club": true, "group": true, "government": true, "court": true, "city": true,
	"province": true, "state": true, "country": true, "campaign": true, "authorities": true,
}

// genericOrgNouns refer to whichever organisation the story is about.
var genericOrgNouns = map[string]bool{"company": true, "firm": true, "organization": true, "organisation": true, "group": true, "agency": true}

// documentNouns speak for their author ("the statement said").
var documentNouns = map[string]bool{
	"statement": true, "release": true, "letter": true, "post": true, "blog": true, "website": true,
	"report": true, "study": true, "filing": true, "ruling": true, "decision": true, "documents": true,
	"survey": true, "poll": true, "data": true,
}

// possessiveGender maps possessive determiners to the gender of their owner.
var possessiveGender = map[string]gender{"his": genderMale, "her": genderFemale, "their": genderPlural, "its": genderNeuter}

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
	name := strings.Join(r.words, " ")
	if len(r.words) == 1 {
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
