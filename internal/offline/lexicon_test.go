package offline

import (
	"io/fs"
	"reflect"
	"strings"
	"testing"
)

// TestLexiconFiles parses every embedded lexicon file with the format it is
// loaded with, and fails on a file that nothing loads.
func TestLexiconFiles(t *testing.T) {
	names, err := fs.Glob(lexiconFiles, "lexicon/*.txt")
	if err != nil || len(names) == 0 {
		t.Fatalf("no embedded lexicon files (%v)", err)
	}
	for _, path := range names {
		name := strings.TrimPrefix(path, "lexicon/")
		kind, used := lexiconUses[name]
		if !used {
			t.Errorf("%s: embedded but never loaded", name)
			continue
		}
		data, err := lexiconFiles.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		entries, err := parseLexicon(data, kind)
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if len(entries) == 0 {
			t.Errorf("%s: no entries", name)
		}
	}
	for name := range lexiconUses {
		if _, err := lexiconFiles.ReadFile("lexicon/" + name); err != nil {
			t.Errorf("%s: loaded but not embedded", name)
		}
	}
}

func TestParseLexicon(t *testing.T) {
	tests := []struct {
		name string
		kind lexiconKind
		in   string
		want []lexiconEntry
		err  string
	}{
		{"set", kindSet, "# a comment\n\nalpha\n  beta  \nread more\n", []lexiconEntry{{"alpha", ""}, {"beta", ""}, {"read more", ""}}, ""},
		{"set keeps colons", kindSet, "related:\n", []lexiconEntry{{"related:", ""}}, ""},
		{"set duplicate", kindSet, "alpha\nbeta\nalpha\n", nil, `line 3: "alpha" already listed on line 1`},
		{"map groups", kindMap, "judge: judge justice\nmr\ndoctor:  dr dr.\n", []lexiconEntry{{"judge", "judge"}, {"justice", "judge"}, {"mr", ""}, {"dr", "doctor"}, {"dr.", "doctor"}}, ""},
		{"map duplicate across groups", kindMap, "a: x y\nb: y\n", nil, `line 2: "y" already listed on line 1`},
		{"map bare words need a colon", kindMap, "one two\n", nil, "line 1"},
		{"map value without keys", kindMap, "judge:\n", nil, "line 1"},
		{"map keys without value", kindMap, ": x\n", nil, "line 1"},
		{"map value with a space", kindMap, "a b: x\n", nil, "line 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseLexicon([]byte(tc.in), tc.kind)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error = %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestLexiconValues checks that the loaders give the values the rules
// rely on: verb flags, empty title values, genders and list order.
func TestLexiconValues(t *testing.T) {
	if v := reportingVerbs["told"]; v.lemma != "tell" || !v.object || v.participle {
		t.Errorf("told = %+v, want lemma tell, object verb", v)
	}
	if v := reportingVerbs["saying"]; v.lemma != "say" || v.object || !v.participle {
		t.Errorf("saying = %+v, want lemma say, participle", v)
	}
	if role, ok := titleWords.lookup("mr."); !ok || role != "" {
		t.Errorf(`titleWords.get("mr.") = %q, %v; want a title without role`, role, ok)
	}
	if titleWords.get("justice") != "judge" || roleNouns.get("spokeswoman") != "spokesperson" {
		t.Errorf("canonical roles wrong: justice→%q spokeswoman→%q", titleWords.get("justice"), roleNouns.get("spokeswoman"))
	}
	if subjectPronouns.get("She") != genderFemale || subjectPronouns.get("they") != genderPlural || titleGender.get("sir") != genderMale {
		t.Error("pronoun or title genders wrong")
	}
	if skipBeforeVerb.has("told") || !skipBeforeVerb.has("also") {
		t.Error(`skipBeforeVerb: want "also" and not "told"`)
	}
	if len(boilerplateStarts) == 0 || boilerplateStarts[0] != "story continues below" {
		t.Errorf("boilerplateStarts lost its order: %q", boilerplateStarts)
	}
	if _, ok := firstNameGender("will"); ok {
		t.Error(`"will" should not be a first name`)
	}
	if _, ok := firstNameGender("mark"); !ok {
		t.Error(`"mark" should stay a first name`)
	}
}

func TestGenders(t *testing.T) {
	entries, err := parseLexicon([]byte("male: he He\nneuter: it\n"), kindMap)
	if err != nil {
		t.Fatal(err)
	}
	m, err := genders(entries)
	if err != nil || m["He"] != genderMale || m["it"] != genderNeuter || len(m) != 3 {
		t.Fatalf("genders = %v, %v", m, err)
	}
	entries, _ = parseLexicon([]byte("robot: it\n"), kindMap)
	if _, err := genders(entries); err == nil || !strings.Contains(err.Error(), "unknown gender") {
		t.Fatalf("unknown gender accepted: %v", err)
	}
}
