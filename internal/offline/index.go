package offline

import (
	"slices"
	"strings"
)

// The entity indexes keep every lookup of resolve.go proportional to the
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
	for _, r := range e.roles {
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

// latestOrFirst returns the member of a or b mentioned last before pos
// (the first added on a tie), else the first added of either, else nil.
func (es *entities) latestOrFirst(pos int, a, b *posting) *entity {
	x := &es.idx
	if x.recent(pos, a, b) >= 0 {
		return es.list[minOf(x.ties)]
	}
	if id := minID(idsOf(a), idsOf(b)); id >= 0 {
		return es.list[id]
	}
	return nil
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

// The reference lookups: scans of the whole table, the rules the indexed
// lookups must match exactly (see verifyIndexes). Also the fallback for keys
// the indexes do not hold.
