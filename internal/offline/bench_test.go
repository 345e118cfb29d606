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
