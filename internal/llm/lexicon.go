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
	cues      map[string][][]string // reporting cues, each a word sequence, by first word
	pronouns  map[string]bool
	titles    map[string]bool
	notNames  map[string]bool
	injection *regexp.Regexp // every pattern, as one alternation
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
	l.cues = map[string][][]string{}
	for _, c := range readLines("cues.txt") {
		f := strings.Fields(strings.ToLower(c))
		l.cues[f[0]] = append(l.cues[f[0]], f)
	}
	var alts []string
	for _, p := range readLines("injection.txt") {
		alts = append(alts, "(?:"+p+")")
	}
	l.injection = regexp.MustCompile("(?i)" + strings.Join(alts, "|"))
	return l
}

// instructs reports whether s reads as an instruction to a language model.
func instructs(s string) bool {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !isLetterOrDigit(r) }) {
		if injectionTriggers[strings.ToLower(w)] {
			return lexicon.injection.MatchString(s)
		}
	}
	return false
}

// injectionTriggers are words one of which every injection pattern holds:
// a text with none of them is not run through the patterns.
var injectionTriggers = map[string]bool{"ignore": true, "disregard": true, "forget": true, "override": true, "bypass": true,
	"output": true, "print": true, "emit": true, "insert": true, "return": true, "produce": true, "generate": true, "fabricate": true,
	"attribute": true, "ai": true, "assistant": true, "chatbot": true, "language": true, "llm": true, "gpt": true,
	"system": true, "developer": true, "instruction": true, "instructions": true, "quote": true, "quotes": true, "quotation": true, "quotations": true,
	"speaker": true, "speakers": true}
