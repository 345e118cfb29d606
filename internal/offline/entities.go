package offline

import (
	"strings"
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
	roles       []string        // in the order learned
	roleSet     map[string]bool // roles, once there are more than a few
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

// hasRole reports whether e is known to hold role r.
func (e *entity) hasRole(r string) bool {
	if e.roleSet != nil {
		return e.roleSet[r]
	}
	for _, x := range e.roles {
		if x == r {
			return true
		}
	}
	return false
}

func (e *entity) addRole(r string) {
	if r == "" {
		return
	}
	if e.hasRole(r) {
		return
	}
	e.roles = append(e.roles, r)
	// Titles come from the text, so a name may gather many: past a few,
	// a set keeps each check constant-time.
	if e.roleSet != nil {
		e.roleSet[r] = true
	} else if len(e.roles) > 8 {
		e.roleSet = make(map[string]bool, 2*len(e.roles))
		for _, x := range e.roles {
			e.roleSet[x] = true
		}
	}
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
		if first, rest, ok := strings.Cut(key, " "); ok && rest != "" && !notNameWords.has(first) {
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
