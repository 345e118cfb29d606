package llm

import (
	"bufio"
	"embed"
	"fmt"
	"regexp"
	"strings"
)

//go:embed lexicon/*.txt
var lexiconFiles embed.FS

// lexicon holds the word lists of the evidence checks, read once from the
// embedded data files.
type lexiconData struct {
	cues      [][]string // reporting cues, each a word sequence
	pronouns  map[string]bool
	titles    map[string]bool
	notNames  map[string]bool
	injection []*regexp.Regexp
}

var lexicon = mustLexicon()

func readLines(file string) []string {
	f, err := lexiconFiles.Open("lexicon/" + file)
	if err != nil {
		panic(fmt.Sprintf("llm: embedded lexicon missing: %s", file)) // a build defect, not input
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

func set(lines []string) map[string]bool {
	m := make(map[string]bool, len(lines))
	for _, l := range lines {
		m[strings.ToLower(l)] = true
	}
	return m
}

func mustLexicon() *lexiconData {
	l := &lexiconData{
		pronouns: set(readLines("pronouns.txt")),
		titles:   set(readLines("titles.txt")),
		notNames: set(readLines("notnames.txt")),
	}
	for _, c := range readLines("cues.txt") {
		l.cues = append(l.cues, strings.Fields(strings.ToLower(c)))
	}
	for _, p := range readLines("injection.txt") {
		l.injection = append(l.injection, regexp.MustCompile("(?i)"+p))
	}
	return l
}

// instructs reports whether s reads as an instruction to a language model.
func instructs(s string) bool {
	for _, re := range lexicon.injection {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}
