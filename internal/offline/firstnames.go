package offline

import (
	"bufio"
	"embed"
	"strings"
	"sync"
)

//go:embed names/female.txt names/male.txt names/extra.txt
var nameFiles embed.FS

// gender of a person or a pronoun.
type gender uint8

const (
	genderUnknown gender = iota
	genderMale
	genderFemale
	genderPlural // they, groups
	genderNeuter // it, organisations
)

var (
	firstNamesOnce sync.Once
	firstNames     wordTable[gender] // lower-cased first name → gender (unknown when both)
)

// firstNameGender returns the gender a first name suggests and whether the
// name is a known first name at all.
func firstNameGender(lower string) (gender, bool) {
	firstNamesOnce.Do(loadFirstNames)
	return firstNames.lookup(lower)
}

// lookupFirstName is firstNameGender(strings.ToLower(name)), without
// allocating for a short ASCII name.
func lookupFirstName(name string) (gender, bool) {
	firstNamesOnce.Do(loadFirstNames)
	return firstNames.lookupLower(name)
}

func loadFirstNames() {
	names := make(map[string]gender, 9000)
	add := func(name string, g gender) {
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" || strings.HasPrefix(name, "#") {
			return
		}
		if old, ok := names[name]; ok && old != g {
			g = genderUnknown
		}
		names[name] = g
	}
	read := func(file string, each func(string)) {
		f, err := nameFiles.Open(file)
		if err != nil {
			panic("offline: embedded name list missing: " + file) // a build defect, not input
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			each(sc.Text())
		}
	}
	read("names/female.txt", func(s string) { add(s, genderFemale) })
	read("names/male.txt", func(s string) { add(s, genderMale) })
	// The supplement decides: it corrects names the lists lack or share.
	read("names/extra.txt", func(s string) {
		name, g, ok := strings.Cut(s, "\t")
		if !ok || strings.HasPrefix(name, "#") {
			return
		}
		lower := strings.ToLower(name)
		if g == "f" {
			names[lower] = genderFemale
		} else {
			names[lower] = genderMale
		}
	})
	// Words that are first names in the lists but far more often something
	// else in news copy.
	for w := range notFirstNames.m {
		delete(names, w)
	}
	firstNames = newWordTable(names)
}

// notFirstNames are words the name lists hold that are rarely first names
// in news copy ("will", "may", "hope").
var notFirstNames = lexiconSet("not_first_names.txt")
