package offline

import (
	"slices"
	"sort"
	"strings"
)

// The entity indexes keep every lookup of entities.go proportional to the
// few entities that can match, not to the whole table: an article naming
// thousands of people costs no more per name than one naming three.
//
// A posting list holds the members of one key (people with a given
// surname, holders of a role, organisations whose name has a given word)
// and every mention of those members in text order, so "the member
// mentioned last before pos" is a binary search. The indexes are kept up
// to date by entities.add, entities.mention, entity.addRole and the
// setters entity.setName and entity.setFirst: change an entity's name,
// first name or roles only through them.
//
// An article with few entities needs no index: until the table holds more
// than indexThreshold entities, lookups scan it (a bounded cost per
// lookup) and nothing is indexed; past it, the indexes are built once from
// the table and the mention list, then kept up to date.

// mref is one mention in a posting list.
type mref struct {
	pos, ent, para int32
}

// posting is the members of one key and their mentions.
type posting struct {
	ids  []int32       // member entity ids, ascending
	refs gapList[mref] // mentions of the members, by position; equal positions in arrival order
}

func refPos(m mref) int { return int(m.pos) }

// insertRef adds a mention after every mention at the same or an earlier
// position, as entities.mention orders the mention list.
func (p *posting) insertRef(m mref) { insertAfter(&p.refs, m, refPos) }

// lastBefore returns the index of the last mention before pos, or -1.
func (p *posting) lastBefore(pos int) int {
	n := p.refs.Len()
	if n > 0 && int(p.refs.At(n-1).pos) < pos {
		return n - 1
	}
	return p.refs.search(func(m mref) bool { return int(m.pos) >= pos }) - 1
}

// idIndex maps a key to the ascending ids of the entities it names.
type idIndex map[string][]int32

func (x idIndex) add(key string, id int) {
	ids := x[key]
	if n := len(ids); n == 0 || ids[n-1] < int32(id) {
		x[key] = append(ids, int32(id))
		return
	}
	if i, found := slices.BinarySearch(ids, int32(id)); !found {
		x[key] = slices.Insert(ids, i, int32(id))
	}
}

func (x idIndex) remove(key string, id int) {
	ids := x[key]
	if i, found := slices.BinarySearch(ids, int32(id)); found {
		ids = slices.Delete(ids, i, i+1)
		if len(ids) == 0 {
			delete(x, key)
			return
		}
		x[key] = ids
	}
}

// lastFirst keys people by surname and first name ("" when unknown).
type lastFirst struct{ last, first string }

// index holds the posting lists and name indexes of an entity table.
type index struct {
	byLast      map[string]*posting    // people by surname
	byFirst     map[string]*posting    // people by first name, when known
	byLastFirst map[lastFirst]*posting // people by surname and first name
	byRole      map[string]*posting    // entities by role
	byOrgWord   map[string]*posting    // organisations by each word of their lower-cased name
	on          bool                   // the indexes are built and kept
	bySuffix    idIndex                // people by each word-aligned ending of their lower-cased name ("al rashid", "rashid")
	byFullName  idIndex                // people by their whole lower-cased name

	ties []int32 // reusable buffer of the entities tied for most recent
	work int     // steps of the tie walks, for the growth test
}

// postingFor returns the posting list of key in m, creating it.
func postingFor[K comparable](m map[K]*posting, key K) *posting {
	p := m[key]
	if p == nil {
		p = &posting{}
		m[key] = p
	}
	return p
}

// join makes e a member of p, with all its mentions so far.
func (e *entity) join(p *posting) {
	i, found := slices.BinarySearch(p.ids, int32(e.id))
	if found {
		return
	}
	p.ids = slices.Insert(p.ids, i, int32(e.id))
	e.posts = append(e.posts, p)
	for i := range e.refs.Len() {
		p.insertRef(e.refs.At(i))
	}
}

// leave removes e and its mentions from p.
func (e *entity) leave(p *posting) {
	i, found := slices.BinarySearch(p.ids, int32(e.id))
	if !found {
		return
	}
	p.ids = slices.Delete(p.ids, i, i+1)
	if e.refs.Len() > 0 {
		p.refs.deleteFunc(func(m mref) bool { return m.ent == int32(e.id) })
	}
	if k := slices.Index(e.posts, p); k >= 0 {
		e.posts = slices.Delete(e.posts, k, k+1)
	}
}

// indexThreshold is the number of entities past which the table is
// indexed. Tests set it to 0 to run the indexes on every article.
var indexThreshold = 32

// buildIndex indexes the whole table and its mentions, once.
func (es *entities) buildIndex() {
	x := &es.idx
	x.on = true
	x.byLast = map[string]*posting{}
	x.byFirst = map[string]*posting{}
	x.byLastFirst = map[lastFirst]*posting{}
	x.byRole = map[string]*posting{}
	x.byOrgWord = map[string]*posting{}
	x.bySuffix = idIndex{}
	x.byFullName = idIndex{}
	for _, e := range es.list {
		es.indexNew(e)
	}
	// The mention list is in the posting lists' order: by position, equal
	// positions in arrival order.
	for i := range es.mentions.Len() {
		m := es.mentions.At(i)
		e := es.list[m.ent]
		r := mref{int32(m.pos), int32(m.ent), int32(m.para)}
		e.refs.Insert(e.refs.Len(), r)
		for _, p := range e.posts {
			p.refs.Insert(p.refs.Len(), r)
		}
	}
}

// indexNew indexes an entity of an indexed table.
func (es *entities) indexNew(e *entity) {
	x := &es.idx
	switch e.kind {
	case kindPerson:
		e.join(postingFor(x.byLast, e.last))
		e.join(postingFor(x.byLastFirst, lastFirst{e.last, e.first}))
		if e.first != "" {
			e.join(postingFor(x.byFirst, e.first))
		}
		es.indexName(e, true)
	case kindOrg:
		for w := range strings.FieldsSeq(e.lname) {
			e.join(postingFor(x.byOrgWord, w))
		}
	}
	for r := range e.roles {
		e.join(postingFor(x.byRole, r))
	}
}

// indexName adds (or removes) a person's lower-cased name and its
// word-aligned endings.
func (es *entities) indexName(e *entity, add bool) {
	x := &es.idx
	n := e.lname
	op := x.byFullName.add
	sop := x.bySuffix.add
	if !add {
		op, sop = x.byFullName.remove, x.bySuffix.remove
	}
	op(n, e.id)
	for i := 0; i < len(n); i++ {
		if n[i] == ' ' {
			sop(n[i+1:], e.id)
		}
	}
}

// setName renames an entity, keeping the indexes.
func (e *entity) setName(name string) {
	indexed := e.es != nil && e.es.idx.on && e.kind == kindPerson
	if indexed {
		e.es.indexName(e, false)
	}
	e.name = name
	e.lname = strings.ToLower(name)
	if indexed {
		e.es.indexName(e, true)
	}
}

// setFirst sets a person's lower-cased first name, keeping the indexes.
func (e *entity) setFirst(first string) {
	if e.first == first {
		return
	}
	if e.es == nil || !e.es.idx.on || e.kind != kindPerson {
		e.first = first
		return
	}
	x := &e.es.idx
	e.leave(postingFor(x.byLastFirst, lastFirst{e.last, e.first}))
	if e.first != "" {
		e.leave(postingFor(x.byFirst, e.first))
	}
	e.first = first
	e.join(postingFor(x.byLastFirst, lastFirst{e.last, e.first}))
	if e.first != "" {
		e.join(postingFor(x.byFirst, e.first))
	}
}

// recent finds, over the posting lists ps, the latest mention before pos.
// It returns that position, or -1 when no member is mentioned before pos,
// and leaves in x.ties the members mentioned there (with repeats).
func (x *index) recent(pos int, ps ...*posting) int {
	best := -1
	for _, p := range ps {
		if p == nil {
			continue
		}
		if i := p.lastBefore(pos); i >= 0 && int(p.refs.At(i).pos) > best {
			best = int(p.refs.At(i).pos)
		}
	}
	x.ties = x.ties[:0]
	if best < 0 {
		return -1
	}
	for _, p := range ps {
		if p == nil {
			continue
		}
		for i := p.lastBefore(pos); i >= 0 && int(p.refs.At(i).pos) == best; i-- {
			x.work++
			x.ties = append(x.ties, p.refs.At(i).ent)
		}
	}
	return best
}

// minID returns the smallest id in the lists, or -1.
func minID(lists ...[]int32) int {
	m := -1
	for _, ids := range lists {
		if len(ids) > 0 && (m < 0 || int(ids[0]) < m) {
			m = int(ids[0])
		}
	}
	return m
}

func minOf(ids []int32) int {
	return int(slices.Min(ids))
}

func idsOf(p *posting) []int32 {
	if p == nil {
		return nil
	}
	return p.ids
}

// verifyIndexes makes every indexed lookup check itself against a scan of
// the whole table and panic on a difference. Tests turn it on.
var verifyIndexes = false

func (es *entities) check(what string, got, want *entity) *entity {
	if got != want {
		panic("offline: index lookup " + what + " disagrees with a full scan")
	}
	return got
}

// The reference lookups: scans of the whole table, the rules the indexed
// lookups must match exactly (see verifyIndexes). Also the fallback for keys
// the indexes do not hold.

// findPersonScan is the reference for findPerson: a scan of the whole table. It
// returns the person whose name parts match, preferring the
// most recently mentioned.
func (es *entities) findPersonScan(first, last string, before int) *entity {
	if verifyIndexes {
		es.checkNames()
	}
	es.work += len(es.list)
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
	if verifyIndexes {
		es.checkNames()
	}
	es.work += len(es.list)
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
	if verifyIndexes {
		es.checkNames()
	}
	es.work += len(es.list)
	for i := len(es.list) - 1; i >= 0; i-- {
		e := es.list[i]
		if e.kind != kindPerson || e.weak {
			continue
		}
		if n := e.lname; n != lower && endsWithWords(lower, n) && (e.first == "" || nameParticles[e.first]) {
			return e
		}
	}
	return nil
}

// findByWordScan is the reference for findByWord: a scan of the whole table. It
// returns the person whose surname or first name is w, most
// recently mentioned before pos.
func (es *entities) findByWordScan(w string, before int) *entity {
	if verifyIndexes {
		es.checkNames()
	}
	es.work += len(es.list)
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
	if verifyIndexes {
		es.checkNames()
	}
	es.work += len(es.list)
	var best *entity
	bestPos := -2
	for _, e := range es.list {
		if !e.roles[phrase] && !e.roles[role] {
			continue
		}
		if p := es.lastMention(e.id, before); p > bestPos {
			best, bestPos = e, p
		}
	}
	return best
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
	if verifyIndexes {
		es.checkNames()
	}
	es.work += len(es.list)
	var best *entity
	bestPos := -2
	for _, e := range es.list {
		if e.kind != kindOrg {
			continue
		}
		for w := range strings.FieldsSeq(e.lname) {
			if w == noun {
				if p := es.lastMention(e.id, before); p > bestPos {
					best, bestPos = e, p
				}
				break
			}
		}
	}
	return best
}

// maxLookback bounds how many mentions a pronoun looks back over, and how
// many found quotations a description looks back over for the last
// speaker, besides their paragraph windows. News copy holds a few dozen
// mentions in a four-paragraph window; only a paragraph of hundreds of
// names reaches the bound, which keeps such input linear.
const maxLookback = 128

// recentPerson returns the person mentioned last before pos, if that
// mention lies within three paragraphs of para.
func (es *entities) recentPerson(pos, para int) *entity {
	var got *entity
	if i := es.persons.lastBefore(pos); i >= 0 && para-int(es.persons.refs.At(i).para) <= 3 {
		got = es.list[es.persons.refs.At(i).ent]
	}
	if verifyIndexes {
		es.check("recentPerson", got, es.recentPersonScan(pos, para))
	}
	return got
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

// lastSpeakerBefore returns the last entity that spoke (or was a reporting
// verb's subject) before pos, within two paragraphs. Quotations are found
// in paragraph order, so the look-back stops at the first one more than
// two paragraphs back, or after maxLookback.
func (a *analysis) lastSpeakerBefore(pos, para int) *entity {
	var got *entity
	for i, n := len(a.found)-1, 0; i >= 0 && n < maxLookback; i, n = i-1, n+1 {
		a.ents.work++
		f := &a.found[i]
		if para-f.para > 2 {
			break
		}
		if f.span.start < pos && f.ent >= 0 {
			got = a.ents.list[f.ent]
			break
		}
	}
	if verifyIndexes {
		var want *entity
		for i := len(a.found) - 1; i >= 0; i-- {
			f := a.found[i]
			if f.span.start < pos && f.ent >= 0 && para-f.para <= 2 {
				want = a.ents.list[f.ent]
				break
			}
		}
		a.ents.check("lastSpeakerBefore", got, want)
	}
	return got
}

// cueIndex holds, for the sentence whose cues it was built from, the
// indexes of the cues that have a subject, in token order.
type cueIndex struct {
	sent        int  // first token of the sentence
	n           int  // number of cues
	first       *cue // the cue slice's first element
	sorted      bool // cue tokens ascend, so the index applies
	withSubject []int32
}

// nearestCue returns the cue with a subject nearest the quotation spanning
// tokens [open, closeTok], outside it, and its distance in tokens; on a tie
// the earlier cue. A sentence's cues and their subjects are settled before
// its quotations are read, so the index is built once per sentence.
func (a *analysis) nearestCue(s sentence, cues []cue, open, closeTok int) (*cue, int) {
	best, bestDist := (*cue)(nil), 1<<30
	if len(cues) == 0 {
		return best, bestDist
	}
	ci := &a.cueIdx
	if ci.sent != s.start || ci.n != len(cues) || ci.first != &cues[0] {
		ci.sent, ci.n, ci.first, ci.sorted = s.start, len(cues), &cues[0], true
		ci.withSubject = ci.withSubject[:0]
		for k := range cues {
			if k > 0 && cues[k].tok <= cues[k-1].tok {
				ci.sorted = false
			}
			if cues[k].subject != nil {
				ci.withSubject = append(ci.withSubject, int32(k))
			}
		}
	}
	if !ci.sorted {
		best, bestDist = nearestCueScan(cues, open, closeTok)
	} else {
		ws := ci.withSubject
		// the first cue with a subject after the quotation's opening
		j := sort.Search(len(ws), func(j int) bool { return cues[ws[j]].tok >= open })
		if j > 0 {
			best, bestDist = &cues[ws[j-1]], open-cues[ws[j-1]].tok
		}
		// the first cue with a subject after the quotation
		j += sort.Search(len(ws)-j, func(k int) bool { return cues[ws[j+k]].tok > closeTok })
		if j < len(ws) {
			if d := cues[ws[j]].tok - closeTok; d < bestDist {
				best, bestDist = &cues[ws[j]], d
			}
		}
	}
	if verifyIndexes {
		if b, d := nearestCueScan(cues, open, closeTok); b != best || d != bestDist {
			panic("offline: nearestCue disagrees with a scan of the cues")
		}
	}
	return best, bestDist
}

// nearestCueScan is the reference for nearestCue: a scan of the cues.
func nearestCueScan(cues []cue, open, closeTok int) (*cue, int) {
	var best *cue
	bestDist := 1 << 30
	for k := range cues {
		c := &cues[k]
		if c.subject == nil {
			continue
		}
		d := 0
		switch {
		case c.tok > closeTok:
			d = c.tok - closeTok
		case c.tok < open:
			d = open - c.tok
		default:
			continue
		}
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	return best, bestDist
}

// endsWithWords reports whether s ends with a space and then w, as
// strings.HasSuffix(s, " "+w) does, without building " "+w.
func endsWithWords(s, w string) bool {
	return len(s) > len(w) && s[len(s)-len(w)-1] == ' ' && s[len(s)-len(w):] == w
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

// gapList is a list its users keep sorted, stored with a gap at the last
// insertion point (a gap buffer): an insertion costs the distance from the
// previous one. Mentions arrive nearly in text order, but a long sentence
// first registers all its names, then its speakers at earlier positions,
// moving forward through the sentence; with a plain slice each of those
// would shift the rest of the sentence.
type gapList[T any] struct {
	buf    []T // the elements are buf[:g] and buf[g+gap:]
	g, gap int
}

// Len returns the number of elements.
func (l *gapList[T]) Len() int { return len(l.buf) - l.gap }

// At returns element i.
func (l *gapList[T]) At(i int) T {
	if i >= l.g {
		i += l.gap
	}
	return l.buf[i]
}

// moveGap moves the gap to just before element i.
func (l *gapList[T]) moveGap(i int) {
	switch {
	case i < l.g:
		copy(l.buf[i+l.gap:l.g+l.gap], l.buf[i:l.g])
	case i > l.g:
		copy(l.buf[l.g:i], l.buf[l.g+l.gap:i+l.gap])
	}
	l.g = i
}

// Insert makes v element i.
func (l *gapList[T]) Insert(i int, v T) {
	if l.gap == 0 {
		n := len(l.buf)
		nb := make([]T, max(4, 2*n))
		copy(nb, l.buf[:l.g])
		copy(nb[len(nb)-(n-l.g):], l.buf[l.g:])
		l.buf, l.gap = nb, len(nb)-n
	}
	l.moveGap(i)
	l.buf[l.g] = v
	l.g++
	l.gap--
}

// insertAfter inserts v after every element whose key is at most key(v),
// the order the mention list keeps.
func insertAfter[T any](l *gapList[T], v T, key func(T) int) {
	n, k := l.Len(), key(v)
	if n == 0 || key(l.At(n-1)) <= k {
		l.Insert(n, v)
		return
	}
	i := sort.Search(n, func(i int) bool { return key(l.At(i)) > k })
	l.Insert(i, v)
}

// deleteFunc removes the elements for which del is true.
func (l *gapList[T]) deleteFunc(del func(T) bool) {
	l.moveGap(l.Len())
	kept := slices.DeleteFunc(l.buf[:l.g], del)
	l.gap += l.g - len(kept)
	l.g = len(kept)
}

// search returns the first index i in [0, Len()) for which f(At(i)) holds,
// or Len(); f must be false then true along the list.
func (l *gapList[T]) search(f func(T) bool) int {
	return sort.Search(l.Len(), func(i int) bool { return f(l.At(i)) })
}
