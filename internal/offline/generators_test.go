package offline

import (
	"fmt"
	"strings"
)

// Adversarial input generators for the benchmarks, the growth test and the
// output-identity test. Every sentence is invented for the purpose.

// generator builds about n bytes of one kind of input.
type generator struct {
	name string
	gen  func(n int) string
}

// generators lists the inputs whose cost must grow linearly with size.
var generators = []generator{
	{"news", newsLike},
	{"distinct-names", distinctNames},
	{"quote-storm", quoteStorm},
	{"alternating-marks", alternatingMarks},
	{"no-spaces", noSpaces},
	{"nested-quotes", nestedQuotes},
	{"said-x-repeated", saidXRepeated},
	{"name-forms", nameForms},
	{"one-paragraph", oneParagraph},
	{"long-sentence-cues", longSentenceCues},
	{"partials-one-cue", partialsOneCue},
	{"appositions", appositions},
	{"role-phrases", rolePhrases},
	{"punctuation-runs", punctuationRuns},
	{"capitalised-run", capitalisedRun},
}

// syllables make invented surnames, distinct for every index.
var syllables = []string{"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ba", "de", "fo", "gu", "ha", "ji", "pe", "zo"}

// surname returns an invented capitalised surname unique to i.
func surname(i int) string {
	var b strings.Builder
	for k := 0; k < 3 || i > 0; k++ {
		b.WriteString(syllables[i%len(syllables)])
		i /= len(syllables)
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// distinctNames is news copy in which nearly every paragraph names a new
// person, so the entity table grows with the input.
func distinctNames(n int) string {
	first := []string{"Anna", "Peter", "Maria", "John", "Laura", "David", "Grace", "Omar", "Helen", "Victor"}
	titles := []string{"Mayor", "Councillor", "Dr.", "Premier", "Coach"}
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		f, l, t := first[i%len(first)], surname(i), titles[i%len(titles)]
		o := surname(i/2 + 7919)
		fmt.Fprintf(&b, "%s %s %s told reporters the plan was late.\n\n", t, f, l)
		fmt.Fprintf(&b, "“The bridge will open in May,” %s said, while %s %s disagreed.\n\n", l, first[(i+3)%len(first)], o)
		fmt.Fprintf(&b, "%s said the %s Harbour Trust would pay. “It is fair,” she said.\n\n", o, l)
	}
	return b.String()
}

// quoteStorm is runs of quotation marks of every style with few words.
func quoteStorm(n int) string {
	marks := []string{"\"", "“", "”", "‘", "’", "«", "»", "„", "'", "‹", "›"}
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		for k := 0; k < 7; k++ {
			b.WriteString(marks[(i*7+k*3)%len(marks)])
		}
		if i%5 == 0 {
			b.WriteString(" said Kim ")
		}
		if i%40 == 39 {
			b.WriteString("\n\n")
		}
	}
	return b.String()
}

// alternatingMarks alternates opening and closing curly marks around short
// words, in one long paragraph.
func alternatingMarks(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		if i%2 == 0 {
			b.WriteString("“")
		} else {
			b.WriteString("”")
		}
		if i%3 == 0 {
			b.WriteString("yes ")
		}
		if i%11 == 0 {
			b.WriteString("said Lee, ")
		}
	}
	return b.String()
}

// noSpaces is one line with no spaces at all: words, marks and cues glued.
func noSpaces(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "“Itwaslate%d,”saidMs.%s.", i, surname(i%97))
	}
	return b.String()
}

// nestedQuotes nests quotations several levels deep inside each other.
func nestedQuotes(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		l := surname(i % 50)
		fmt.Fprintf(&b, "“She told me ‘he said “they wrote ‘we never agreed to %d’ in the letter” to us’ before noon,” said Ravi %s.\n\n", i, l)
		if i%4 == 0 {
			b.WriteString("“Open “open “open ‘open ‘open “open ")
		}
	}
	return b.String()
}

// saidXRepeated repeats `said X, "` with no closing marks in one paragraph.
func saidXRepeated(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "said %s, \"", surname(i%300))
	}
	return b.String()
}

// nameForms names many people and organisations in every form the entity
// lookups handle: a family name with a particle before the full name, one
// first name shared by many people and used alone, one surname shared by
// many, roles, and organisations that share a head noun.
func nameForms(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		s, t := surname(i), surname(i+4099)
		fmt.Fprintf(&b, "Al %s spoke first. “We agree,” Al %s said.\n\nLater Samira Al %s said the vote was close.\n\n", s, s, s)
		fmt.Fprintf(&b, "Anna %s joined the board. “Fine,” Anna said. Samira said nothing.\n\n", t)
		fmt.Fprintf(&b, "%s Smith arrived late. “Late again,” Smith said.\n\n", t)
		fmt.Fprintf(&b, "The %s Water Commission met. “We are ready,” the commission said.\n\n", s)
		fmt.Fprintf(&b, "Mayor Omar %s opened it. “Done,” the mayor said, and %s agreed.\n\n", t, s)
	}
	return b.String()
}

// oneParagraph is one endless paragraph: many women named, then pronouns
// and quotations that find no compatible speaker nearby ("he", "they"),
// and quotations with no cue at all.
func oneParagraph(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "Maria %s visited the plant. He said it was fine. “The line stopped again today,” he said. They said “we know” and it said nothing. “Nobody came to fix the line this week.” ", surname(i))
	}
	return b.String()
}

// longSentenceCues is one sentence with no full stop and a reporting cue
// every few words, with new names, reported speech and "according to".
func longSentenceCues(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "Anna %s said that the plan works for the town and Peter %s argued that the budget was far too small and according to Omar %s the mayor said the officials agreed, ", surname(i), surname(i+9000), surname(i+18000))
	}
	return b.String()
}

// partialsOneCue is one sentence of many quoted fragments, attributed by
// a single cue at its very end.
func partialsOneCue(n int) string {
	var b strings.Builder
	for b.Len() < n {
		b.WriteString("the plan was “a total waste of public money for years” and ")
	}
	b.WriteString("Anna Smith said.")
	return b.String()
}

// appositions is one sentence of speakers described by appositions and
// relative clauses before their cues.
func appositions(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "Anna %s, a spokesperson for the city, who chairs the board, said “we will build it soon enough” and ", surname(i))
	}
	return b.String()
}

// rolePhrases quotes speakers known only by roles, now and then naming a
// new holder of one.
func rolePhrases(n int) string {
	roles := []string{"mayor", "spokesperson", "official", "minister", "coach", "professor", "judge", "senator"}
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "The %s said “we are fine with all of this today.” ", roles[i%len(roles)])
		if i%3 == 0 {
			fmt.Fprintf(&b, "Mayor Anna %s agreed.\n\n", surname(i))
		}
	}
	return b.String()
}

// punctuationRuns puts long runs of punctuation between quoted fragments
// and cues, in one sentence.
func punctuationRuns(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString("it was “a plain waste of all the money” ")
		b.WriteString(strings.Repeat("!;", 40))
		if i%50 == 49 {
			b.WriteString(" Anna Smith said, ")
		}
	}
	return b.String()
}

// capitalisedRun is long runs of capitalised words with cues between them.
func capitalisedRun(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		for k := range 60 {
			b.WriteString(surname(i*60 + k))
			b.WriteByte(' ')
		}
		b.WriteString("said “the vote is over now for everyone,” and ")
	}
	return b.String()
}
