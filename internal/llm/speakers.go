package llm

import (
	"strings"

	"github.com/whosaid/whosaid/internal/article"
)

// registry merges the speakers of several replies (chunks) into one
// canonical list: a name matches a registered speaker when it equals its
// name or an alias after normalisation, or is the surname of exactly one
// registered full name.
type registry struct {
	list  []*ReplySpeaker
	index map[string]*ReplySpeaker // normalised name or alias → speaker
}

func newRegistry() *registry { return &registry{index: map[string]*ReplySpeaker{}} }

func (r *registry) add(sp ReplySpeaker) {
	sp.Name = strings.TrimSpace(sp.Name)
	if sp.Name == "" {
		return
	}
	if cur := r.lookup(sp.Name); cur != nil {
		// merge: keep the fuller name, gather aliases and details
		if len(sp.Name) > len(cur.Name) && sameSpeaker(sp.Name, cur.Name) {
			cur.Aliases = appendUnique(cur.Aliases, cur.Name)
			cur.Name = sp.Name
		}
		for _, a := range sp.Aliases {
			cur.Aliases = appendUnique(cur.Aliases, a)
		}
		if cur.Title == "" {
			cur.Title = sp.Title
		}
		if cur.Affiliation == "" {
			cur.Affiliation = sp.Affiliation
		}
		r.reindex(cur)
		return
	}
	s := sp
	s.Aliases = append([]string{}, sp.Aliases...)
	r.list = append(r.list, &s)
	r.reindex(&s)
}

func (r *registry) reindex(sp *ReplySpeaker) {
	r.index[article.NormalizeName(sp.Name)] = sp
	for _, a := range sp.Aliases {
		if k := article.NormalizeName(a); k != "" {
			if _, taken := r.index[k]; !taken {
				r.index[k] = sp
			}
		}
	}
}

// rebuild indexes every speaker again, after aliases were removed.
func (r *registry) rebuild() {
	r.index = map[string]*ReplySpeaker{}
	for _, sp := range r.list {
		r.reindex(sp)
	}
}

// lookup returns the registered speaker a name refers to, or nil.
func (r *registry) lookup(name string) *ReplySpeaker {
	k := article.NormalizeName(name)
	if k == "" {
		return nil
	}
	if sp, ok := r.index[k]; ok {
		return sp
	}
	var hit *ReplySpeaker
	for _, sp := range r.list {
		if sameSpeaker(sp.Name, name) {
			if hit != nil && hit != sp {
				return nil // ambiguous surname
			}
			hit = sp
		}
	}
	return hit
}

// canonical returns the canonical name for a name, registering it when new.
func (r *registry) canonical(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "unknown"
	}
	if sp := r.lookup(name); sp != nil {
		return sp.Name
	}
	r.add(ReplySpeaker{Name: name, Aliases: []string{}})
	return name
}

// sameSpeaker reports whether two names agree: equal after normalisation, or
// one is a single word that ends the other (a surname).
func sameSpeaker(a, b string) bool {
	x, y := strings.Fields(article.NormalizeName(a)), strings.Fields(article.NormalizeName(b))
	if len(x) == 0 || len(y) == 0 {
		return false
	}
	if strings.Join(x, " ") == strings.Join(y, " ") {
		return true
	}
	return (len(x) == 1 && x[0] == y[len(y)-1]) || (len(y) == 1 && y[0] == x[len(x)-1])
}

func appendUnique(list []string, s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return list
	}
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return list
		}
	}
	return append(list, s)
}
