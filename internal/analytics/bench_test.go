package analytics

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
)

// benchArticle is an article of n quotations by n/4 speakers.
func benchArticle(b *testing.B, n int) (article.Record, string) {
	var text strings.Builder
	var speakers []article.Speaker
	var quotes []qspec
	names := []string{"Margaret Oyelaran", "Thomas Verhoek", "Alex Moreno", "Riverside City Council"}
	for i := range n / 4 {
		for j, name := range names {
			id := fmt.Sprintf("s%d", i*4+j)
			speakers = append(speakers, sp(id, fmt.Sprintf("%s %d", name, i)))
			q := fmt.Sprintf("“Point %d of speaker %s is about the budget,”", i, id)
			fmt.Fprintf(&text, "%s said %s %d. “More on it,” she said.\n\n", q, name, i)
			quotes = append(quotes, qspec{id, q, article.KindDirect, "said"})
		}
	}
	rec := record(b, "news", "bench", text.String(), time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC), speakers, quotes)
	return rec, text.String()
}

// BenchmarkRowsAndEncode measures making an article's rows (gender
// inference included) and writing them as Parquet.
func BenchmarkRowsAndEncode(b *testing.B) {
	for _, n := range []int{8, 40} {
		rec, text := benchArticle(b, n)
		b.Run(fmt.Sprintf("quotes=%d", n), func(b *testing.B) {
			var size int
			for b.Loop() {
				rows := Rows(rec, text, Options{Gender: true})
				data, err := Encode(rows)
				if err != nil {
					b.Fatal(err)
				}
				size = len(data)
			}
			b.ReportMetric(float64(size), "parquet-bytes")
		})
	}
}

// BenchmarkAggregate measures the stats over 10,000 rows.
func BenchmarkAggregate(b *testing.B) {
	rec, text := benchArticle(b, 40)
	var rows []DayRow
	for i := range 250 {
		r := rec
		r.ID = fmt.Sprint(i)
		r.Tenant = fmt.Sprintf("t%d", i%3)
		for _, row := range Rows(r, text, Options{Gender: true}) {
			rows = append(rows, DayRow{Row: row, Day: fmt.Sprintf("2026-%02d-01", 1+i%12)})
		}
	}
	b.ResetTimer()
	for b.Loop() {
		Aggregate(rows, 10)
	}
}
