// Package render turns a who-said-what summary into views people read: a
// plain-text report for the terminal and a self-contained HTML review page
// for editors. Neither view changes the summary; both read only its fields
// and the article text its offsets index.
package render

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/whosaid/whosaid/internal/article"
)

// TextOptions controls the terminal report.
type TextOptions struct {
	// Width is the line width to wrap to; 0 or less means 80.
	Width int
	// Color turns on ANSI colours and bold text. Callers set it only for a
	// terminal and never when NO_COLOR is set.
	Color bool
}

// ANSI escape sequences used when TextOptions.Color is set.
const (
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiReset  = "\x1b[0m"
)

// Heading returns what a view shows as the article's title: its title, else
// source/id.
func Heading(a article.Article) string {
	if t := strings.TrimSpace(a.Title); t != "" {
		return t
	}
	return a.Source + "/" + a.ID
}

// SpeakerGroup is a speaker with their quotations in text order.
type SpeakerGroup struct {
	Speaker article.Speaker
	Quotes  []article.Quote
}

// BySpeaker groups the quotations by speaker, speakers in the order of their
// first quotation; a quote whose speaker is missing from the list is shown
// under a speaker named "unknown".
func BySpeaker(s *article.Summary) []SpeakerGroup {
	index := map[string]int{}
	var groups []SpeakerGroup
	quotes := append([]article.Quote(nil), s.Quotes...)
	sort.SliceStable(quotes, func(i, j int) bool { return quotes[i].Start < quotes[j].Start })
	for _, q := range quotes {
		i, ok := index[q.Speaker]
		if !ok {
			sp := article.Speaker{ID: q.Speaker, Name: "unknown"}
			if p := s.SpeakerByID(q.Speaker); p != nil {
				sp = *p
			}
			i = len(groups)
			index[q.Speaker] = i
			groups = append(groups, SpeakerGroup{Speaker: sp})
		}
		groups[i].Quotes = append(groups[i].Quotes, q)
	}
	return groups
}

// Role joins a speaker's title and affiliation ("head librarian, City
// Library"), empty when neither is known.
func Role(sp article.Speaker) string {
	var parts []string
	for _, p := range []string{sp.Title, sp.Affiliation} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// Text writes the summary as a report a journalist reads: the title, then
// each speaker with role and affiliation and every quotation in full, with
// its kind, cue and paragraph; flagged quotations are marked.
func Text(w io.Writer, s *article.Summary, opt TextOptions) error {
	width := opt.Width
	if width <= 0 {
		width = 80
	}
	if width < 40 {
		width = 40
	}
	style := func(code, text string) string {
		if !opt.Color || text == "" {
			return text
		}
		return code + text + ansiReset
	}
	var b strings.Builder
	for _, line := range Wrap(Heading(s.Article), width) {
		b.WriteString(style(ansiBold, line) + "\n")
	}
	meta := metaLine(s)
	if s.Extractor.Model != "" {
		meta += " (" + s.Extractor.Model + ")"
	}
	for _, line := range Wrap(meta, width) {
		b.WriteString(style(ansiDim, line) + "\n")
	}
	if sum := strings.TrimSpace(s.Summary); sum != "" {
		b.WriteString("\n")
		for _, line := range Wrap(sum, width) {
			b.WriteString(line + "\n")
		}
	}
	if len(s.Quotes) == 0 {
		b.WriteString("\nNo quotations found.\n")
	}
	const indent = "    "
	for _, g := range BySpeaker(s) {
		b.WriteString("\n")
		head := style(ansiBold+ansiCyan, g.Speaker.Name)
		if r := Role(g.Speaker); r != "" {
			head += " — " + r
		}
		head += " " + style(ansiDim, "("+Plural(len(g.Quotes), "quotation")+")")
		b.WriteString(head + "\n")
		if len(g.Speaker.Aliases) > 0 {
			b.WriteString(style(ansiDim, "  also called: "+strings.Join(g.Speaker.Aliases, ", ")) + "\n")
		}
		if len(g.Speaker.Flags) > 0 {
			b.WriteString(style(ansiYellow, "  ⚑ speaker flagged: "+strings.Join(g.Speaker.Flags, ", ")) + "\n")
		}
		for _, q := range g.Quotes {
			label := fmt.Sprintf("  ¶%d · %s", q.Paragraph, q.Kind)
			if q.Cue != "" {
				label += " · " + q.Cue
			}
			label += fmt.Sprintf(" · confidence %.2f", q.Confidence)
			b.WriteString(style(ansiDim, label) + "\n")
			if len(q.Flags) > 0 {
				b.WriteString(style(ansiYellow, indent+"⚑ FLAGGED: "+strings.Join(q.Flags, ", ")) + "\n")
			}
			for _, line := range Wrap(q.Text, width-len(indent)) {
				b.WriteString(indent + line + "\n")
			}
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write text summary: %w", err)
	}
	return nil
}

// metaLine says what the summary holds: source/id when a title is shown,
// the counts, and the extractor.
func metaLine(s *article.Summary) string {
	m := fmt.Sprintf("%s by %s · %s extractor", Plural(len(s.Quotes), "quotation"), Plural(len(s.Speakers), "speaker"), orDash(s.Extractor.Name))
	if strings.TrimSpace(s.Article.Title) != "" {
		m = s.Article.Source + "/" + s.Article.ID + " · " + m
	}
	return m
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// Plural writes "1 quotation" or "3 quotations".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Wrap breaks text into lines of at most width characters at spaces, after
// folding runs of white space (line breaks included) to one space; a word
// longer than the width gets a line of its own. No word is ever cut.
func Wrap(text string, width int) []string {
	if width < 1 {
		width = 1
	}
	var lines []string
	var line strings.Builder
	n := 0
	for _, word := range strings.Fields(text) {
		wl := utf8.RuneCountInString(word)
		if n > 0 && n+1+wl > width {
			lines = append(lines, line.String())
			line.Reset()
			n = 0
		}
		if n > 0 {
			line.WriteByte(' ')
			n++
		}
		line.WriteString(word)
		n += wl
	}
	if n > 0 {
		lines = append(lines, line.String())
	}
	return lines
}
