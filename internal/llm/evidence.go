package llm

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/internal/article"
)

// evidence decides whether the text supports an attribution: the speaker's
// name (or surname, honorific or role form, or an alias that occurs in the
// text and can mean no one else) joined to the quotation by a reporting cue
// in the same or the adjacent sentence; a pronoun or role that the offline
// extractor's resolver links to the speaker; or the offline extractor
// attributing the same quotation to the same speaker.
type evidence struct {
	ix    *textIndex
	lower string // the text in lower case, when that keeps every offset
	off   *article.Summary
	// people are the names of persons the article mentions (runs of
	// capitalised words) and of every speaker the model or the offline
	// extractor named; others holds each speaker's aliases.
	people []personName
	others []namedSpeaker
	// sentInstructs and paraInstructs say which sentences, and which
	// paragraphs' narration, instruct rather than report.
	sentInstructs []bool
	paraInstructs map[int]bool
	// Results kept for the article: forms per speaker and aliases, roles
	// per speaker, normalised names, name words, ambiguity per form and
	// speaker.
	memo      map[string][][2]int
	roleMemo  map[string][]string
	normMemo  map[string]string
	wordsMemo map[string][]string
	ambMemo   map[string]bool
}

type namedSpeaker struct {
	name    string
	aliases []string
}

func newEvidence(ix *textIndex, off *article.Summary, reg *registry) *evidence {
	ev := &evidence{ix: ix, off: off, memo: map[string][][2]int{}, roleMemo: map[string][]string{},
		normMemo: map[string]string{}, wordsMemo: map[string][]string{}, ambMemo: map[string]bool{}}
	if l := strings.ToLower(ix.text); len(l) == len(ix.text) {
		ev.lower = l
	}
	ev.people = ix.personNames()
	for _, sp := range reg.list {
		ev.others = append(ev.others, namedSpeaker{sp.Name, sp.Aliases})
	}
	for _, sp := range off.Speakers {
		if sp.Name == "unknown" {
			continue
		}
		// the offline extractor's descriptions ("the company") may be
		// misattached: only its names make another form ambiguous
		var names []string
		for _, a := range sp.Aliases {
			if nameLike(a) {
				names = append(names, a)
			}
		}
		ev.others = append(ev.others, namedSpeaker{sp.Name, names})
	}
	for _, o := range ev.others {
		ev.people = append(ev.people, personName{name: o.name})
	}
	return ev
}

// nameWords returns a name's words, normalised, without titles.
func nameWords(name string) []string {
	var out []string
	for _, w := range strings.Fields(article.NormalizeName(name)) {
		if !lexicon.titles[w] {
			out = append(out, w)
		}
	}
	return out
}

// nameLike reports whether s is a proper name rather than a description:
// its last word is capitalised ("Park", "Linda Park", not "the company").
func nameLike(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 || len(nameWords(s)) == 0 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(f[len(f)-1])
	return unicode.IsUpper(r)
}

// compatible reports whether two names can be the same speaker: equal after
// normalisation, or the words of one (titles aside) within the other's with
// the same last word ("Park", "Mayor Park" and "Linda Park").
func (ev *evidence) compatible(a, b string) bool {
	na, nb := ev.norm(a), ev.norm(b)
	if na == "" || nb == "" {
		return false
	}
	if na == nb {
		return true
	}
	x, y := ev.words(a), ev.words(b)
	if len(x) == 0 || len(y) == 0 {
		return false
	}
	if len(x) > len(y) {
		x, y = y, x
	}
	return x[len(x)-1] == y[len(y)-1] && subset(x, y)
}

// norm is article.NormalizeName, kept per name.
func (ev *evidence) norm(s string) string {
	if n, ok := ev.normMemo[s]; ok {
		return n
	}
	n := article.NormalizeName(s)
	ev.normMemo[s] = n
	return n
}

// words is nameWords, kept per name.
func (ev *evidence) words(s string) []string {
	if w, ok := ev.wordsMemo[s]; ok {
		return w
	}
	w := nameWords(s)
	ev.wordsMemo[s] = w
	return w
}

func subset(x, y []string) bool {
	for _, w := range x {
		found := false
		for _, v := range y {
			if v == w {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// find returns the occurrences of form in the text, on word boundaries;
// a form that starts in lower case ("the mayor") matches any case.
func (ev *evidence) find(form string) [][2]int {
	form = strings.TrimSpace(form)
	if form == "" {
		return nil
	}
	hay := ev.ix.text
	if r, _ := utf8.DecodeRuneInString(form); unicode.IsLower(r) && ev.lower != "" {
		hay, form = ev.lower, strings.ToLower(form)
	}
	var out [][2]int
	for off := 0; ; {
		i := strings.Index(hay[off:], form)
		if i < 0 {
			return out
		}
		s, e := off+i, off+i+len(form)
		before := runeBefore(hay, s, 0)
		after, _ := runeAt(hay, e, len(hay))
		if !isLetterOrDigit(before) && !isLetterOrDigit(after) {
			out = append(out, [2]int{s, e})
		}
		off = s + 1
	}
}

// forms returns the forms of speaker name that are evidence: the name, its
// surname, and the aliases given (the model's and the offline extractor's),
// each only when it occurs in the text and can refer to no other person of
// the article.
func (ev *evidence) forms(name string, aliases []string) [][2]int {
	key := name + "\x00" + strings.Join(aliases, "\x00")
	if f, ok := ev.memo[key]; ok {
		return f
	}
	f := ev.findForms(name, aliases)
	ev.memo[key] = f
	return f
}

func (ev *evidence) findForms(name string, aliases []string) [][2]int {
	cands := []string{name}
	if f := strings.Fields(name); len(nameWords(name)) >= 2 {
		cands = append(cands, strings.Trim(f[len(f)-1], ".,;:’'\"“”()"))
	}
	cands = append(cands, aliases...)
	cands = append(cands, ev.roles(name)...)
	var out [][2]int
	seen := map[string]bool{}
	for _, c := range cands {
		c = strings.TrimSpace(c)
		if c == "" || seen[c] || lexicon.pronouns[strings.ToLower(c)] {
			continue
		}
		seen[c] = true
		occ := ev.find(c)
		if len(occ) == 0 || ev.ambiguous(c, name) {
			continue
		}
		out = append(out, occ...)
	}
	return out
}

// roles returns the roles the text gives the speaker by writing an office
// before the name ("Mayor Linda Park": "the mayor").
func (ev *evidence) roles(name string) []string {
	if r, ok := ev.roleMemo[name]; ok {
		return r
	}
	var out []string
	for _, p := range ev.people {
		if ev.compatible(p.name, name) {
			for _, r := range p.roles {
				if r != "" {
					out = appendUnique(out, r)
				}
			}
		}
	}
	ev.roleMemo[name] = out
	return out
}

// named reports whether the text names the speaker by a form that is
// evidence.
func (ev *evidence) named(name string, aliases []string) bool {
	return len(ev.forms(name, aliases)) > 0
}

// ambiguous reports whether form may refer to a person of the article other
// than speaker: it is part of another person's name (a shared first name or
// surname), or an alias of another speaker.
func (ev *evidence) ambiguous(form, speaker string) bool {
	key := form + "\x00" + speaker
	if v, ok := ev.ambMemo[key]; ok {
		return v
	}
	v := ev.findAmbiguous(form, speaker)
	ev.ambMemo[key] = v
	return v
}

func (ev *evidence) findAmbiguous(form, speaker string) bool {
	fw := ev.words(form)
	nf := ev.norm(form)
	var matched []string // persons the form names
	for _, p := range ev.people {
		if len(fw) > 0 && subset(fw, ev.words(p.name)) {
			for _, m := range matched {
				if !ev.compatible(m, p.name) {
					return true // two different persons: "Reid" for Anna and Tom Reid
				}
			}
			matched = append(matched, p.name)
		}
		if ev.compatible(p.name, speaker) {
			continue
		}
		if len(fw) > 0 && subset(fw, ev.words(p.name)) {
			return true
		}
		for _, r := range p.roles {
			if ev.norm(r) == nf {
				return true
			}
		}
	}
	for _, o := range ev.others {
		if ev.compatible(o.name, speaker) {
			continue
		}
		for _, a := range o.aliases {
			if ev.norm(a) == nf {
				return true
			}
		}
	}
	return false
}

// subjectKind says who a cue's subject is, when it is not the speaker.
type subjectKind uint8

const (
	subjectNone    subjectKind = iota
	subjectPronoun             // he, she, they…: someone the resolver links
	subjectOther               // a name, a role or a group: someone else
)

// binding is what the cues of a sentence join.
type binding struct {
	claimed bool        // a form of the speaker is a cue's subject
	subject subjectKind // the strongest other subject found
}

// cuesIn returns the word ranges [a, b) of the reporting cues outside
// quotation marks in sentence k.
func (ev *evidence) cuesIn(k int) [][2]int {
	s := ev.ix.sents[k]
	a, b := ev.ix.wordRange(s[0], s[1])
	var out [][2]int
	for i := a; i < b; i++ {
		if ev.ix.words[i].quoted {
			continue
		}
		first := ev.ix.words[i]
	next:
		for _, cue := range lexicon.cues[strings.ToLower(ev.ix.text[first.start:first.end])] {
			if i+len(cue) > b {
				continue
			}
			for j, cw := range cue {
				w := ev.ix.words[i+j]
				if w.quoted || !strings.EqualFold(ev.ix.text[w.start:w.end], cw) {
					continue next
				}
			}
			out = append(out, [2]int{i, i + len(cue)})
			break
		}
	}
	return out
}

// bind reads sentence k: does a cue join one of the speaker's form
// occurrences to it, and if not, what other subject does a cue have?
func (ev *evidence) bind(k int, forms [][2]int) binding {
	var res binding
	s := ev.ix.sents[k]
	for _, c := range ev.cuesIn(k) {
		cs, ce := ev.ix.words[c[0]].start, ev.ix.words[c[1]-1].end
		according := strings.EqualFold(ev.ix.text[cs:ce], "according to")
		clauseStart := s[0]
		for _, q := range ev.ix.quotedOverlapping(s[0], cs) {
			clauseStart = max(clauseStart, q[1])
		}
		inverted := according || !hasLetter(ev.ix.text[clauseStart:cs])
		for _, o := range forms {
			if o[0] < s[0] || o[1] > s[1] || ev.ix.quotedAt(o[0]) >= 0 {
				continue
			}
			if o[1] <= cs && !according && ev.subjectOf(o[1], cs) {
				res.claimed = true
			}
			if o[0] >= ce && inverted && ev.wordsBetween(ce, o[0]) <= 3 && len(ev.ix.quotedOverlapping(ce, o[0])) == 0 {
				res.claimed = true
			}
		}
		if res.claimed {
			continue
		}
		kind := subjectNone
		if !inverted {
			a, b := ev.ix.wordRange(clauseStart, cs)
			kind = subjectOther
			for i := max(a, b-2); i < b; i++ {
				if lexicon.pronouns[strings.ToLower(ev.ix.text[ev.ix.words[i].start:ev.ix.words[i].end])] {
					kind = subjectPronoun
				}
			}
		} else if a, b := ev.ix.wordRange(ce, s[1]); b > a {
			kind = subjectOther
			if lexicon.pronouns[strings.ToLower(ev.ix.text[ev.ix.words[a].start:ev.ix.words[a].end])] {
				kind = subjectPronoun
			}
		}
		res.subject = max(res.subject, kind)
	}
	return res
}

// subjectOf reports whether a name ending at end can be the subject of the
// cue starting at cue: right before it, before it across an appositive
// ("Park, the city's mayor, said"), or a few words before it with no other
// noun phrase in between ("Park later told").
func (ev *evidence) subjectOf(end, cue int) bool {
	between := ev.ix.text[end:cue]
	if possessive(between) || len(ev.ix.quotedOverlapping(end, cue)) > 0 {
		return false
	}
	t := strings.TrimSpace(between)
	if t == "" || t == "," {
		return true // "Park said", "the leader, Carla Munn, said"
	}
	if strings.HasPrefix(t, ",") && strings.HasSuffix(t, ",") && strings.Count(t, ",") == 2 && ev.wordsBetween(end, cue) <= 10 {
		return true
	}
	a, b := ev.ix.wordRange(end, cue)
	if b-a > 4 || strings.ContainsAny(t, ",;:") {
		return false
	}
	for i := a; i < b; i++ {
		if nounPhraseOpeners[strings.ToLower(ev.ix.text[ev.ix.words[i].start:ev.ix.words[i].end])] {
			return false
		}
	}
	return true
}

// nounPhraseOpeners start a noun phrase that may be a subject of its own.
var nounPhraseOpeners = map[string]bool{"the": true, "a": true, "an": true, "his": true, "her": true, "its": true, "their": true, "this": true, "that": true,
	"these": true, "those": true, "he": true, "she": true, "they": true, "it": true, "we": true, "i": true, "who": true, "which": true, "and": true, "or": true}

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

func possessive(rest string) bool {
	return strings.HasPrefix(rest, "'s") || strings.HasPrefix(rest, "’s")
}

// wordsBetween counts the words in [s, e).
func (ev *evidence) wordsBetween(s, e int) int {
	a, b := ev.ix.wordRange(s, e)
	return b - a
}

// agrees reports whether the offline speaker sp is the named speaker: a
// compatible name, an alias of sp that is a name and equals it, or a role
// the text gives the speaker ("The mayor" for Mayor Linda Park).
func (ev *evidence) agrees(name string, sp *article.Speaker) bool {
	if sp == nil || sp.Name == "unknown" {
		return false
	}
	if ev.compatible(name, sp.Name) {
		return true
	}
	n := ev.norm(name)
	for _, a := range sp.Aliases {
		if nameLike(a) && ev.norm(a) == n {
			return true
		}
	}
	ns := ev.norm(sp.Name)
	for _, r := range ev.roles(name) {
		if ev.norm(r) == ns && !ev.ambiguous(r, name) {
			return true
		}
	}
	return false
}

// offlineOn returns the offline extractor's verdict on [s, e): whether it
// attributes a quotation overlapping the span to the speaker (agree) or
// to a named someone else (disagree).
func (ev *evidence) offlineOn(s, e int, name string, within bool) (agree, disagree bool) {
	for _, oq := range ev.off.Quotes {
		hit := overlap(s, e, oq.Start, oq.End)
		if within {
			hit = oq.Start < e && oq.End > s
		}
		if !hit {
			continue
		}
		sp := ev.off.SpeakerByID(oq.Speaker)
		if ev.agrees(name, sp) {
			agree = true
		} else if sp != nil && sp.Name != "unknown" {
			disagree = true
		}
	}
	return agree, disagree
}

// supports reports whether the text supports attributing span to the
// speaker. fromOffline says the attribution is the offline extractor's own,
// so its resolver links any pronoun it used. A cue in the quotation's own
// sentence with someone else as its subject outweighs everything else.
func (ev *evidence) supports(span [2]int, name string, aliases []string, fromOffline bool) bool {
	if len(ev.ix.sents) == 0 || ev.norm(name) == "" || name == "unknown" {
		return false
	}
	forms := ev.forms(name, aliases)
	a, b := ev.ix.sentencesOf(span[0], span[1])
	var own binding
	for k := a; k <= b; k++ {
		r := ev.bind(k, forms)
		own.claimed = own.claimed || r.claimed
		own.subject = max(own.subject, r.subject)
	}
	if own.claimed {
		return true
	}
	if own.subject == subjectOther {
		return false
	}
	agree, disagree := ev.offlineOn(span[0], span[1], name, false)
	switch {
	case agree && !fromOffline:
		return true
	case own.subject == subjectPronoun && fromOffline:
		return true
	case own.subject == subjectPronoun && disagree:
		return false
	}
	// The adjacent sentences: the speaker's name joined to a cue there; or
	// a cue there, or a pronoun subject here, whose referent the offline
	// resolver shows to be the speaker. A quotation that continues a run
	// ("“A,” she said. “B.”") belongs with the sentence before it in its
	// paragraph: when that one has a cue, the sentence after is not asked.
	for _, k := range []int{a - 1, b + 1} {
		if k < 0 || k >= len(ev.ix.sents) {
			continue
		}
		r := ev.bind(k, forms)
		if r.claimed {
			return true
		}
		if r.subject != subjectNone || own.subject == subjectPronoun {
			if link, _ := ev.offlineOn(ev.ix.sents[k][0], ev.ix.sents[k][1], name, true); link {
				return true
			}
		}
		if k == a-1 && r.subject != subjectNone && ev.ix.paragraphAt(ev.ix.sents[k][0]).n == ev.ix.paragraphAt(span[0]).n {
			return false // the run's speaker is someone else, or unlinked
		}
	}
	return false
}

// injected reports whether the claim at span sits in text that instructs
// rather than reports: its own sentence, or its paragraph's narration
// (outside quotation marks).
func (ev *evidence) injected(span [2]int) bool {
	if ev.sentInstructs == nil {
		ev.findInstructions()
	}
	a, b := ev.ix.sentencesOf(span[0], span[1])
	for k := max(a, 0); k <= b; k++ {
		if ev.sentInstructs[k] {
			return true
		}
	}
	p := ev.ix.paragraphAt(span[0])
	return p.end > p.start && ev.paraInstructs[p.n]
}

// findInstructions reads, once, which sentences instruct and which
// paragraphs instruct in their narration (quoted passages left out).
func (ev *evidence) findInstructions() {
	ev.sentInstructs = make([]bool, len(ev.ix.sents))
	for k, s := range ev.ix.sents {
		ev.sentInstructs[k] = instructs(ev.ix.text[s[0]:s[1]])
	}
	ev.paraInstructs = map[int]bool{}
	for _, p := range ev.ix.paras {
		var narr strings.Builder
		last := p.start
		for _, q := range ev.ix.quotedOverlapping(p.start, p.end) {
			narr.WriteString(ev.ix.text[last:max(last, q[0])])
			narr.WriteString(" … ")
			last = max(last, q[1])
		}
		narr.WriteString(ev.ix.text[min(last, p.end):p.end])
		ev.paraInstructs[p.n] = instructs(narr.String())
	}
}

// reported reports whether unquoted words at span read as reported speech:
// a reporting cue of their sentence, outside quotation marks, introduces
// them ("said [that] …", "told the crowd …") or follows them ("…, officials
// said"). Words elsewhere in a sentence with a cue (a relative clause, the
// cue's subject) are the narrator's.
func (ev *evidence) reported(span [2]int) bool {
	a, b := ev.ix.sentencesOf(span[0], span[1])
	for k := a; k >= 0 && k <= b; k++ {
		for _, c := range ev.cuesIn(k) {
			cs, ce := ev.ix.words[c[0]].start, ev.ix.words[c[1]-1].end
			if ce <= span[0] && ev.wordsBetween(ce, span[0]) <= 4 && !strings.ContainsAny(ev.ix.text[ce:span[0]], ".;") {
				return true
			}
			if n := ev.wordsBetween(span[1], cs); span[1] <= cs && n >= 1 && n <= 5 && strings.Contains(ev.ix.text[span[1]:cs], ",") {
				return true
			}
		}
	}
	return false
}

// personName is a person the text mentions, with the offices written
// before the name ("Mayor", "Councillor"): the text itself then calls the
// person "the mayor".
type personName struct {
	name  string
	roles []string
}

// personNames returns the persons the text mentions: runs of two or more
// capitalised words, titles and sentence openers aside, that do not end in
// a word for a place or a body.
func (ix *textIndex) personNames() []personName {
	var out []personName
	var run []string
	flush := func() {
		// the name follows the last title ("Health Minister Ana Silva");
		// the words up to it are the role ("the health minister", "the
		// minister")
		last := -1
		for i := 0; i < len(run)-1; i++ {
			if w := strings.ToLower(run[i]); lexicon.titles[w] || lexicon.notNames[w] && last == i-1 {
				last = i
			}
		}
		var roles []string
		if last >= 0 {
			var desc []string
			for _, w := range run[:last+1] {
				if w := strings.ToLower(w); !honorific[w] && (lexicon.titles[w] || !lexicon.notNames[w]) {
					desc = append(desc, w)
				}
			}
			if len(desc) > 0 && lexicon.titles[desc[len(desc)-1]] {
				roles = appendUnique(roles, "the "+strings.Join(desc, " "))
				roles = appendUnique(roles, "the "+desc[len(desc)-1])
			}
		}
		run = run[last+1:]
		for len(run) > 0 && nameConnectors[run[len(run)-1]] {
			run = run[:len(run)-1] // a connector ends no name
		}
		if len(run) >= 2 && !lexicon.notNames[strings.ToLower(run[len(run)-1])] && !lexicon.notNames[strings.ToLower(run[0])] {
			name := strings.Join(run, " ")
			merged := false
			for i := range out {
				if out[i].name == name {
					for _, r := range roles {
						out[i].roles = appendUnique(out[i].roles, r)
					}
					merged = true
				}
			}
			if !merged {
				out = append(out, personName{name: name, roles: roles})
			}
		}
		run = nil
	}
	prevEnd := -1
	for _, w := range ix.words {
		t := ix.text[w.start:w.end]
		r, _ := utf8.DecodeRuneInString(t)
		joined := prevEnd >= 0 && ix.text[prevEnd:w.start] == " "
		if !joined {
			flush()
		}
		if unicode.IsUpper(r) {
			t = strings.TrimSuffix(strings.TrimSuffix(t, "'s"), "’s")
			run = append(run, t)
			prevEnd = w.end
			continue
		}
		if len(run) > 0 && joined && nameConnectors[t] {
			run = append(run, t) // "van der", "de": part of the name
			prevEnd = w.end
			continue
		}
		flush()
		prevEnd = w.end
	}
	flush()
	return out
}

// honorific titles say nothing of a role.
var honorific = map[string]bool{"the": true, "mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "sir": true, "dame": true, "lord": true, "lady": true}

// nameConnectors join the parts of a name ("Ludwig van Beethoven").
var nameConnectors = map[string]bool{"de": true, "van": true, "von": true, "der": true, "den": true, "da": true, "di": true, "du": true, "la": true, "le": true, "bin": true, "al": true, "del": true, "dos": true, "das": true, "ter": true}
