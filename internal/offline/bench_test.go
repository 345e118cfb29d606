package offline

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

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

func benchmarkExtract(b *testing.B, text string) {
	x := New(DefaultConfig())
	a := article.Article{Text: text}
	ctx := context.Background()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := x.Extract(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExtract measures throughput on the seed article and on 1 MB of
// news-like text.
func BenchmarkExtract(b *testing.B) {
	b.Run("news-1MB", func(b *testing.B) { benchmarkExtract(b, newsLike(1<<20)) })
	b.Run("dev-articles", func(b *testing.B) {
		gold := devSet(b)
		x := New(DefaultConfig())
		ctx := context.Background()
		total := 0
		for _, g := range gold {
			total += len(g.Text)
		}
		b.SetBytes(int64(total))
		b.ReportAllocs()
		for b.Loop() {
			for _, g := range gold {
				if _, err := x.Extract(ctx, article.Article{Text: g.Text}); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("seed", func(b *testing.B) {
		text, err := os.ReadFile(evaltest.File(b, "seed-article.txt"))
		if err != nil {
			b.Fatal(err)
		}
		benchmarkExtract(b, string(text))
	})
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
