package offline

import "strings"

// Cataphora: wire copy often opens on an unnamed official and names them a
// paragraph later —
//
//	A federal judge blocked the rule on Friday, saying it was "arbitrary".
//	U.S. District Judge Ana Ruiz wrote that …
//
// The speaker of the lead is the judge named next, not a separate "a
// federal judge". Only offices whose holders the story goes on to name are
// resolved this way; "a spokesperson" or "one official" usually stays
// anonymous.

// namedOffices are roles whose unnamed holder in a lead is named later.
var namedOffices = lexiconSet("named_offices.txt")

// cataphoraWindow is how many paragraphs after the quotation the office
// holder may be named.
const cataphoraWindow = 2

// resolveCataphora gives quotations attributed to an unnamed office holder
// ("a Superior Court judge") to the person holding that office who is
// named first after them, within a couple of paragraphs.
func (a *analysis) resolveCataphora() {
	for i := range a.found {
		f := &a.found[i]
		if f.ent < 0 {
			continue
		}
		g := a.ents.list[f.ent]
		if g.kind != kindGroup || !indefiniteName(g.name) {
			continue
		}
		for _, role := range g.roles {
			if !namedOffices.has(role) {
				continue
			}
			if p := a.firstHolderAfter(role, f.span.end, f.para); p != nil {
				g.spoke--
				p.spoke++
				f.ent = p.id
				break
			}
		}
	}
}

// indefiniteName reports a group named by an indefinite description.
func indefiniteName(name string) bool {
	l := strings.ToLower(name)
	return strings.HasPrefix(l, "a ") || strings.HasPrefix(l, "an ")
}

// firstHolderAfter returns the person with the role whose first mention
// comes after pos, within the window, earliest first.
func (a *analysis) firstHolderAfter(role string, pos, para int) *entity {
	var best *entity
	bestAt := -1
	a.ents.eachWith(a.ents.idx.byRole[role], func(e *entity) bool { return e.hasRole(role) }, func(p *entity) bool {
		if p.kind != kindPerson || p.at.Len() == 0 || p.at.At(0) < pos {
			return true
		}
		first := p.at.At(0)
		if pp := int(a.toks[a.tokenAt(first)].para); pp-para > cataphoraWindow {
			return true
		}
		if best == nil || first < bestAt {
			best, bestAt = p, first
		}
		return true
	})
	return best
}
