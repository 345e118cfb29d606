package offline

import (
	"embed"
	"fmt"
	"strings"
)

// Lexicons: the English vocabulary of the rules lives in plain text files
// under lexicon/, embedded in the binary and read once at package
// initialisation (never per extraction). Every file has one of two formats.
//
// A set or list file holds one entry a line (an entry may contain spaces,
// as "read more" does); order is kept for lists.
//
// A map file holds lines "VALUE: KEY KEY ...", which give each key that
// value ("judge: judge justice"); a line with a single word and no colon is
// a key with an empty value. Reporting verbs use the same form with the
// lemma as value ("say: say says said saying"), a trailing * on the lemma
// marking verbs that take an addressee ("tell*: tell tells told telling").
//
// In both formats blank lines and lines starting with # are ignored, and a
// key listed twice is an error. A format error is a build defect: the
// package panics at start-up, and TestLexiconFiles parses every file.

//go:embed lexicon/*.txt
var lexiconFiles embed.FS

// lexiconKind is the format of a lexicon file.
type lexiconKind uint8

const (
	kindSet lexiconKind = iota // one entry a line
	kindMap                    // "VALUE: KEY KEY ..." or a bare key
)

// lexiconEntry is one key of a lexicon file with its value (empty in sets).
type lexiconEntry struct {
	key, value string
}

// lexiconUses records the format each loaded file was read with, so the
// test can check that every embedded file is used and well-formed.
var lexiconUses = map[string]lexiconKind{}

// parseLexicon reads a lexicon file's entries in order. Keys and values
// share the memory of one copy of data.
func parseLexicon(data []byte, kind lexiconKind) ([]lexiconEntry, error) {
	text := string(data)
	lines := strings.Count(text, "\n") + 1
	out := make([]lexiconEntry, 0, lines)
	seen := make(map[string]int, lines)
	add := func(line int, key, value string) error {
		if prev, ok := seen[key]; ok {
			return fmt.Errorf("line %d: %q already listed on line %d", line, key, prev)
		}
		seen[key] = line
		out = append(out, lexiconEntry{key: key, value: value})
		return nil
	}
	n := 0
	for raw := range strings.Lines(text) {
		n++
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if kind == kindSet {
			if err := add(n, line, ""); err != nil {
				return nil, err
			}
			continue
		}
		value, keys, ok := strings.Cut(line, ":")
		if !ok {
			if strings.ContainsAny(line, " \t") {
				return nil, fmt.Errorf("line %d: %q: several keys need a value and a colon", n, line)
			}
			if err := add(n, line, ""); err != nil {
				return nil, err
			}
			continue
		}
		value = strings.TrimSpace(value)
		if value == "" || strings.ContainsAny(value, " \t") || strings.TrimSpace(keys) == "" {
			return nil, fmt.Errorf("line %d: %q: want \"VALUE: KEY KEY ...\"", n, line)
		}
		for w := range strings.FieldsSeq(keys) {
			if err := add(n, w, value); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// loadLexicon reads an embedded lexicon file; it panics on a missing or
// malformed file, a defect of the build rather than of any input.
func loadLexicon(name string, kind lexiconKind) []lexiconEntry {
	lexiconUses[name] = kind
	data, err := lexiconFiles.ReadFile("lexicon/" + name)
	if err != nil {
		panic("offline: embedded lexicon missing: " + name)
	}
	entries, err := parseLexicon(data, kind)
	if err != nil {
		panic(fmt.Sprintf("offline: lexicon/%s: %v", name, err))
	}
	return entries
}

// lexiconSet loads a set file.
func lexiconSet(name string) wordSet {
	entries := loadLexicon(name, kindSet)
	set := make(map[string]bool, len(entries))
	for _, e := range entries {
		set[e.key] = true
	}
	return newWordTable(set)
}

// lexiconList loads a list file, in order.
func lexiconList(name string) []string {
	entries := loadLexicon(name, kindSet)
	list := make([]string, len(entries))
	for i, e := range entries {
		list[i] = e.key
	}
	return list
}

// lexiconMap loads a map file.
func lexiconMap(name string) wordTable[string] {
	entries := loadLexicon(name, kindMap)
	m := make(map[string]string, len(entries))
	for _, e := range entries {
		m[e.key] = e.value
	}
	return newWordTable(m)
}

// genderNames are the values of gender in map files.
var genderNames = map[string]gender{"male": genderMale, "female": genderFemale, "plural": genderPlural, "neuter": genderNeuter}

// lexiconGenders loads a map file whose values are genders.
func lexiconGenders(name string) wordTable[gender] {
	m, err := genders(loadLexicon(name, kindMap))
	if err != nil {
		panic(fmt.Sprintf("offline: lexicon/%s: %v", name, err))
	}
	return newWordTable(m)
}

// genders reads entries whose values are gender names.
func genders(entries []lexiconEntry) (map[string]gender, error) {
	m := make(map[string]gender, len(entries))
	for _, e := range entries {
		g, ok := genderNames[e.value]
		if !ok {
			return nil, fmt.Errorf("%q: unknown gender %q", e.key, e.value)
		}
		m[e.key] = g
	}
	return m, nil
}
