package offline

import "strings"

// Cues: reporting verbs and "according to" in a sentence, and the checks
// that a verb introduces a statement rather than a thing or an amount.

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
	// relative is set when the cue's subject is a relative pronoun set
	// off by commas ("Pim, who argued that …, declined"): the statement
	// ends where the relative clause does.
	relative bool
	// second is set on a second reporting verb of the same speaker ("said
	// A and warned that B"): its statement stands beside a quotation the
	// first verb introduced.
	second bool
	// passive is set on a passive participle ("were told"): it introduces
	// no statement.
	passive bool
}

// verbForm describes a reporting verb form.
type verbForm struct {
	lemma string
	// participle forms ("adding", "saying") take the subject of the clause
	// they hang on.
	participle bool
	// object verbs ("told", "assured") take an addressee before the clause.
	object bool
}

// reportingVerbs maps lower-case forms of verbs that introduce speech to
// their description.
var reportingVerbs = loadReportingVerbs("reporting_verbs.txt")

// loadReportingVerbs reads the reporting verbs: "LEMMA: FORM ...", the
// lemma marked with * for verbs that take an addressee.
func loadReportingVerbs(name string) map[string]verbForm {
	entries := loadLexicon(name, kindMap)
	verbs := make(map[string]verbForm, len(entries))
	for _, e := range entries {
		lemma, obj := strings.CutSuffix(e.value, "*")
		verbs[e.key] = verbForm{lemma: lemma, participle: strings.HasSuffix(e.key, "ing"), object: obj}
	}
	return verbs
}

// weakVerbs are reporting verbs that rarely introduce speech on their own:
// they count only next to quotation marks or with an explicit "that".
var weakVerbs = lexiconSet("weak_verbs.txt")

// skipBeforeVerb are words between a subject and its reporting verb.
var skipBeforeVerb = lexiconSet("skip_before_verb.txt")

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
		v, ok := reportingVerb(t.lower)
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
		if i+1 < s.end && (amountVerbs.has(v.lemma) || objectVerbs.has(v.lemma) || v.lemma == "promise") && a.toks[i+1].kind == tWord && thingStart.has(a.toks[i+1].lower) {
			continue
		}
		// "shares added 0.4 per cent", "reported 12 cases": an amount, not a
		// statement.
		if i+1 < s.end && amountVerbs.has(v.lemma) && (a.toks[i+1].kind == tWord && startsWithDigit(a.toks[i+1].lower) || strings.ContainsRune("$€£¥", a.toks[i+1].punct(a.text))) {
			continue
		}
		end := i + 1
		if v.lemma == "point" || v.lemma == "go" {
			end = i + 2
		}
		// "workers were told to stay away", "the building was said to
		// be unsafe": a passive reports no one's statement, though its
		// subject is the person the story turns to
		cs = append(cs, cue{tok: i, end: end, form: v, text: a.text[t.start:a.toks[end-1].end], passive: !v.participle && a.passiveAt(i, s)})
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
	if auxiliaries.has(t.lower) {
		return true
	}
	if v, ok := reportingVerbs[t.lower]; ok && !v.participle {
		return true
	}
	if irregularPast.has(t.lower) {
		return true
	}
	n := len(t.lower)
	return n > 4 && (strings.HasSuffix(t.lower, "ed") || (strings.HasSuffix(t.lower, "s") && !strings.HasSuffix(t.lower, "ss") && !strings.HasSuffix(t.lower, "’s")))
}

// irregularPast are common irregular past tenses, finite verbs after a
// subject ("Osei spoke with reporters").
var irregularPast = lexiconSet("irregular_past.txt")

// passiveAt reports whether the reporting verb at token i is a passive
// participle: a form of "be" before it, over at most one adverb ("were
// later told").
func (a *analysis) passiveAt(i int, s sentence) bool {
	k := i - 1
	if k > s.start && a.toks[k].kind == tWord && (strings.HasSuffix(a.toks[k].lower, "ly") || passiveAdverbs.has(a.toks[k].lower)) {
		k--
	}
	return k >= s.start && a.toks[k].kind == tWord && a.toks[k].quote < 0 && beForms.has(a.toks[k].lower)
}

// beForms are the forms of "be" that make a passive.
var beForms = lexiconSet("be_forms.txt")

// passiveAdverbs stand between "be" and a passive participle ("were
// later told").
var passiveAdverbs = lexiconSet("passive_adverbs.txt")

// auxiliaries are short finite verbs (and "also") after a subject.
var auxiliaries = lexiconSet("auxiliaries.txt")

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
