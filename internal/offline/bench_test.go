package offline

import (
	"context"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/evaltest"
)

// newsLike builds about n bytes of news-style copy: named speakers, titles,
// pronouns, direct, partial and reported speech, in varied order.
func newsLike(n int) string {
	first := []string{"Anna", "Peter", "Maria", "John", "Laura", "David", "Grace", "Omar", "Helen", "Victor"}
	last := []string{"Kowalski", "Okafor", "Lopez", "Becker", "Chen", "Moreau", "Novak", "Reyes", "Walsh", "Jensen"}
	titles := []string{"Mayor", "Councillor", "Dr.", "Premier", "Coach"}
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		f, l, t := first[i%len(first)], last[(i*7)%len(last)], titles[i%len(titles)]
		pr := "she"
		if i%2 == 1 {
			pr = "he"
		}
		fmt.Fprintf(&b, "%s %s %s spoke to residents at the community centre on Tuesday evening about the new transit plan.\n\n", t, f, l)
		fmt.Fprintf(&b, "“We have waited %d years for a bus line that works, and this plan finally delivers it,” %s said.\n\n", i%40+2, pr)
		fmt.Fprintf(&b, "%s said the first phase would cost about $%d million and open in the spring, adding that the schedule was “tight but realistic.”\n\n", l, i%90+10)
		fmt.Fprintf(&b, "According to a report by the city, ridership fell %d per cent last year. The council will vote on the plan next month.\n\n", i%30+1)
		fmt.Fprintf(&b, "“Nobody on this council wants another delay,” said %s %s, a spokesperson for the transit agency. “The money is there.”\n\n", f, last[(i*3+1)%len(last)])
	}
	return b.String()
}

// tokenizerFloor is the floor the extractor is measured against: one plain
// pass of the tokenizer over the same bytes (paragraphs and words, no
// quotation, sentence or name logic).
// It reuses its token buffer, as the extractor does.
func tokenizerFloor(text string) int {
	floorToks = tokenizeInto(floorToks, text, splitParagraphs(text), nil)
	return len(floorToks)
}

var floorToks []token

// sink keeps the compiler from dropping the floor's work.
var sink int

// reportFloorRatio times the tokenizer floor over the same inputs for as
// many iterations as the benchmark ran, and reports the extractor's time
// as a multiple of it ("x-tokenizer"), so the ratio comes from one run.
// Where the process's CPU time is available it also reports the
// extractor's throughput in CPU time ("cpu-MB/s") and the ratio of CPU
// times ("x-tokenizer-cpu"), which a loaded machine disturbs far less.
func reportFloorRatio(b *testing.B, texts []string, extractCPU time.Duration) {
	b.Helper()
	n := b.N
	elapsed := b.Elapsed()
	c0, cpuOK := cpuTime()
	start := time.Now()
	for range n {
		for _, t := range texts {
			sink += tokenizerFloor(t)
		}
	}
	floor := time.Since(start)
	c1, _ := cpuTime()
	if floor > 0 {
		b.ReportMetric(float64(elapsed)/float64(floor), "x-tokenizer")
	}
	if cpuOK && extractCPU > 0 && c1 > c0 {
		total := 0
		for _, t := range texts {
			total += len(t)
		}
		b.ReportMetric(float64(total)*float64(n)/1e6/extractCPU.Seconds(), "cpu-MB/s")
		b.ReportMetric(float64(extractCPU)/float64(c1-c0), "x-tokenizer-cpu")
	}
}

func benchmarkExtractAll(b *testing.B, texts []string) {
	x := New(DefaultConfig())
	ctx := context.Background()
	total := 0
	for _, t := range texts {
		total += len(t)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	c0, _ := cpuTime()
	for b.Loop() {
		for _, t := range texts {
			if _, err := x.Extract(ctx, article.Article{Text: t}); err != nil {
				b.Fatal(err)
			}
		}
	}
	c1, _ := cpuTime()
	reportFloorRatio(b, texts, c1-c0)
}

func benchmarkExtract(b *testing.B, text string) { benchmarkExtractAll(b, []string{text}) }

// devTexts returns the dev articles' texts, or skips.
func devTexts(b *testing.B) []string {
	var texts []string
	for _, g := range devSet(b) {
		texts = append(texts, g.Text)
	}
	return texts
}

func seedText(b *testing.B) string {
	text, err := os.ReadFile(evaltest.File(b, "seed-article.txt"))
	if err != nil {
		b.Fatal(err)
	}
	return string(text)
}

// BenchmarkExtract measures throughput on the dev articles one at a time,
// the seed article and 1 MB of news-like text, each with its ratio to the
// tokenizer floor ("x-tokenizer").
func BenchmarkExtract(b *testing.B) {
	b.Run("news-1MB", func(b *testing.B) { benchmarkExtract(b, newsLike(1<<20)) })
	b.Run("dev-articles", func(b *testing.B) { benchmarkExtractAll(b, devTexts(b)) })
	b.Run("seed", func(b *testing.B) { benchmarkExtract(b, seedText(b)) })
}

// BenchmarkTokenizerFloor measures the tokenizer floor alone on the same
// inputs as BenchmarkExtract.
func BenchmarkTokenizerFloor(b *testing.B) {
	floor := func(b *testing.B, texts []string) {
		total := 0
		for _, t := range texts {
			total += len(t)
		}
		b.SetBytes(int64(total))
		b.ReportAllocs()
		for b.Loop() {
			for _, t := range texts {
				sink += tokenizerFloor(t)
			}
		}
	}
	b.Run("news-1MB", func(b *testing.B) { floor(b, []string{newsLike(1 << 20)}) })
	b.Run("dev-articles", func(b *testing.B) { floor(b, devTexts(b)) })
	b.Run("seed", func(b *testing.B) { floor(b, []string{seedText(b)}) })
}

// benchSizes are the input sizes of the adversarial benchmarks.
var benchSizes = []int{16 << 10, 64 << 10, 256 << 10, 1 << 20}

// BenchmarkAdversarial runs every generator at sizes from 16 KiB to 1 MiB;
// ns/op and allocs/op should grow in proportion to the size.
func BenchmarkAdversarial(b *testing.B) {
	for _, g := range generators {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("%s/%dKiB", g.name, n>>10), func(b *testing.B) { benchmarkExtract(b, g.gen(n)) })
		}
	}
}

// BenchmarkGrowth extracts every generated input at 64 KiB and at 1 MiB
// and reports the growth exponent of the time ("exp": time ∝ size^exp) and
// the time of the 1 MiB input ("ms/MiB"), each the best of the iterations,
// in CPU time where the system gives it. Run it with -benchtime 5x or
// more; TestGrowthIsLinear asserts linear growth on counts instead.
func BenchmarkGrowth(b *testing.B) {
	for _, g := range generators {
		b.Run(g.name, func(b *testing.B) {
			small, large := g.gen(64<<10), g.gen(1<<20)
			x := New(DefaultConfig())
			ctx := context.Background()
			// CPU time where available (a busy machine inflates wall
			// time), else wall time.
			now := func() time.Duration {
				if c, ok := cpuTime(); ok {
					return c
				}
				return time.Duration(time.Now().UnixNano())
			}
			ts, tl := time.Duration(math.MaxInt64), time.Duration(math.MaxInt64)
			for b.Loop() {
				t0 := now()
				if _, err := x.Extract(ctx, article.Article{Text: small}); err != nil {
					b.Fatal(err)
				}
				t1 := now()
				if _, err := x.Extract(ctx, article.Article{Text: large}); err != nil {
					b.Fatal(err)
				}
				ts, tl = min(ts, t1-t0), min(tl, now()-t1)
			}
			b.ReportMetric(math.Log(float64(tl)/float64(ts))/math.Log(float64(len(large))/float64(len(small))), "exp")
			b.ReportMetric(float64(tl)/float64(time.Millisecond)*float64(1<<20)/float64(len(large)), "ms/MiB")
		})
	}
}

// TestNewsLikeText keeps the benchmark input honest: it must exercise the
// extractor, not pass through it.
func TestNewsLikeText(t *testing.T) {
	text := newsLike(20000)
	s := extract(t, text)
	kinds := map[article.Kind]int{}
	for _, q := range s.Quotes {
		kinds[q.Kind]++
	}
	if kinds[article.KindDirect] == 0 || kinds[article.KindPartial] == 0 || kinds[article.KindIndirect] == 0 {
		t.Fatalf("news-like text should hold every kind, got %v", kinds)
	}
}

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
