package analytics

import (
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/offline"
)

// SpeakerType classifies a speaker as a person, an organisation or a
// group from its name: a last word that is a plural noun for people
// ("residents", "city officials") makes a group; a word that marks an
// organisation ("Council", "Ministry", "Inc.") makes an organisation;
// anything else is a person.
func SpeakerType(sp article.Speaker) string {
	words := strings.Fields(strings.ToLower(sp.Name))
	if len(words) == 0 {
		return TypePerson
	}
	for i := range words {
		words[i] = strings.Trim(words[i], ",;:()\"'“”’")
	}
	// The head noun decides first: "city officials" are a group, the
	// "Workers Union" an organisation.
	last := words[len(words)-1]
	if offline.IsGroupWord(last) || groupWords[last] {
		return TypeGroup
	}
	for _, w := range words {
		if offline.IsOrganisationWord(w) {
			return TypeOrganisation
		}
	}
	return TypePerson
}

// groupWords are plural nouns for groups of people that the offline
// extractor's list lacks.
var groupWords = map[string]bool{
	"officials": true, "critics": true, "experts": true, "analysts": true, "authorities": true,
	"supporters": true, "opponents": true, "lawmakers": true, "investigators": true, "organizers": true,
	"organisers": true, "researchers": true, "scientists": true, "economists": true, "members": true,
	"leaders": true, "people": true, "witnesses": true, "sources": true, "advocates": true, "officers": true,
}

// honorificGender maps honorifics and gendered titles to the gender they
// state.
var honorificGender = map[string]string{
	"mr": GenderMale, "sir": GenderMale, "lord": GenderMale, "king": GenderMale, "prince": GenderMale,
	"mrs": GenderFemale, "ms": GenderFemale, "miss": GenderFemale, "dame": GenderFemale, "lady": GenderFemale,
	"queen": GenderFemale, "princess": GenderFemale, "madam": GenderFemale,
}

// InferGender returns female, male or unknown for a person, from the
// article's own evidence first and first-name statistics second:
//
//  1. an honorific in the speaker's name, title or aliases ("Ms Okafor"),
//     or written before the speaker's surname in the text ("Mr. Brandt
//     said");
//  2. a subject pronoun bound to the reporting cue of one of the
//     speaker's quotations ("…,” she said; He added that …) — the
//     extractor attributed that quotation to this speaker, so the pronoun
//     refers to them;
//  3. failing any evidence in the article, the first name when the
//     embedded lists give it one gender only.
//
// Evidence that disagrees, a name used by both genders, an unknown first
// name or a surname alone give unknown. It never looks at organisations or
// groups: callers ask only for persons.
func InferGender(text string, sp article.Speaker, quotes []article.Quote) string {
	var female, male int
	vote := func(g string) {
		switch g {
		case GenderFemale:
			female++
		case GenderMale:
			male++
		}
	}
	for _, form := range append([]string{sp.Name, sp.Title}, sp.Aliases...) {
		for _, w := range strings.Fields(form) {
			vote(honorificGender[strings.ToLower(strings.TrimSuffix(w, "."))])
		}
	}
	if surname := surnameOf(sp.Name); surname != "" && text != "" {
		re := regexp.MustCompile(`(?i)\b(mr|mrs|ms|miss|sir|dame)\.?\s+` + regexp.QuoteMeta(surname) + `\b`)
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			vote(honorificGender[strings.ToLower(m[1])])
		}
	}
	for _, q := range quotes {
		vote(pronounAtCue(text, q))
	}
	switch {
	case female > 0 && male == 0:
		return GenderFemale
	case male > 0 && female == 0:
		return GenderMale
	case female > 0 && male > 0:
		return GenderUnknown
	}
	if first := firstNameOf(sp.Name); first != "" {
		if g := offline.FirstNameGender(first); g != "" {
			return g
		}
	}
	return GenderUnknown
}

// nameWords returns the words of a name without honorifics and
// punctuation.
func nameWords(name string) []string {
	var out []string
	for _, w := range strings.Fields(name) {
		w = strings.Trim(w, ".,;:()\"'“”’")
		if w == "" || honorificGender[strings.ToLower(w)] != "" || strings.EqualFold(w, "dr") || strings.EqualFold(w, "prof") {
			continue
		}
		out = append(out, w)
	}
	return out
}

// firstNameOf returns the first name of a name of two words or more, ""
// for a single word (a surname alone says nothing).
func firstNameOf(name string) string {
	w := nameWords(name)
	if len(w) < 2 || !startsUpper(w[0]) || len(strings.TrimSuffix(w[0], ".")) < 2 {
		return ""
	}
	return w[0]
}

// surnameOf returns the last word of a name, "" for none.
func surnameOf(name string) string {
	w := nameWords(name)
	if len(w) == 0 || !startsUpper(w[len(w)-1]) {
		return ""
	}
	return w[len(w)-1]
}

func startsUpper(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r)
	}
	return false
}

// pronounAtCue returns the gender of a subject pronoun joined to the
// quotation's reporting cue ("she said", "said he", "He told …"), looked
// for in the words just before and just after the quotation and at the
// start of a reported clause; "" when there is none.
func pronounAtCue(text string, q article.Quote) string {
	if q.Cue == "" || q.Start < 0 || q.End > len(text) || q.Start >= q.End {
		return ""
	}
	re := cuePronoun(q.Cue)
	windows := []string{clause(text[max(0, q.Start-80):q.Start], true), clause(text[q.End:min(len(text), q.End+80)], false)}
	if q.Kind != article.KindDirect {
		windows = append(windows, text[q.Start:min(q.End, q.Start+60)])
	}
	for _, w := range windows {
		if m := re.FindStringSubmatch(w); m != nil {
			p := strings.ToLower(m[1] + m[2])
			if p == "she" {
				return GenderFemale
			}
			return GenderMale
		}
	}
	return ""
}

// cueRegexps caches cuePronoun's expressions by lower-cased cue: a few
// cues ("said", "told", "added") cover almost every quotation.
var (
	cueRegexpsMu sync.Mutex
	cueRegexps   = map[string]*regexp.Regexp{}
)

// maxCueRegexps bounds the cache: cues written by a model are free text.
const maxCueRegexps = 256

// cuePronoun returns the expression that finds a subject pronoun joined
// to cue: "she said" anywhere in the window; the inverted "said she" only
// at the end of a clause ("…,” said she.), since "said she would …"
// reports what someone else said of a woman.
func cuePronoun(cue string) *regexp.Regexp {
	key := strings.ToLower(cue)
	cueRegexpsMu.Lock()
	defer cueRegexpsMu.Unlock()
	if re, ok := cueRegexps[key]; ok {
		return re
	}
	c := regexp.QuoteMeta(key)
	re := regexp.MustCompile(`(?i)(?:\b(he|she)\s+(?:has\s+|had\s+|also\s+|later\s+)?` + c + `\b|\b` + c + `\s+(he|she)\s*(?:[,.;:!?]|$))`)
	if len(cueRegexps) < maxCueRegexps {
		cueRegexps[key] = re
	}
	return re
}

// clause cuts a window at a sentence end: keeps what follows the last one
// (before the quotation) or what precedes the first (after it).
func clause(w string, before bool) string {
	if before {
		if i := strings.LastIndexAny(w, ".!?\n"); i >= 0 {
			return w[i+1:]
		}
		return w
	}
	// Skip a closing mark and punctuation that belong to the quotation.
	trimmed := strings.TrimLeft(w, "\"'”’,.!? ")
	if i := strings.IndexAny(trimmed, ".!?\n"); i >= 0 {
		return trimmed[:i]
	}
	return trimmed
}
