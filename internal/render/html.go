package render

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"

	"github.com/whosaid/whosaid/internal/article"
)

//go:embed review.html.tmpl
var reviewTemplate string

var review = template.Must(template.New("review").Parse(reviewTemplate))

// palette holds the speakers' highlight colours: light backgrounds on which
// the page's near-black text keeps a contrast ratio above 10:1, each with a
// darker edge for the legend swatch and the underline. Speakers past the
// palette reuse it in order.
var palette = []struct{ Fill, Edge string }{
	{"#ffe08a", "#8a6400"}, {"#a8d8ff", "#1f5f99"}, {"#ffc2d1", "#a3154c"}, {"#b9f0c0", "#276b2b"},
	{"#e0c8ff", "#5b3599"}, {"#ffd0a8", "#9c4b00"}, {"#b8f1ee", "#00685c"}, {"#e6e6b0", "#5f5f00"},
}

// legendItem is one speaker in the page's legend.
type legendItem struct {
	ID, Name, Role, Aliases string
	Count                   int
	Class                   string
	Flags                   string
}

// segment is a run of article text, highlighted when Quote is set.
type segment struct {
	Text  string
	Quote *quoteView
	// Before, Words and After split a partial quotation's text around the
	// quoted words, so they can be underlined.
	Before, Words, After string
}

// quoteView is what the page shows about one quotation.
type quoteView struct {
	ID, Class, Speaker, Kind, Cue, Tip, Flags string
	Confidence                                string
	Flagged                                   bool
}

// page is the template's data.
type page struct {
	Title, Meta, Summary string
	Legend               []legendItem
	Segments             []segment
	Quotes               []*quoteView
	Shown, Total         int
	Flagged              int
	Palette              []paletteClass
}

type paletteClass struct{ Class, Fill, Edge string }

// HTML writes a self-contained review page (inline CSS, no script, no
// network): the article text with every quotation highlighted in its
// speaker's colour, a legend of speakers with roles and counts, and, on
// hover or keyboard focus, the quotation's speaker, kind, cue and
// confidence. Flagged quotations are striped and marked ⚑. text must be the
// text the summary's offsets index.
func HTML(w io.Writer, s *article.Summary, text string) error {
	p := page{Title: Heading(s.Article), Summary: strings.TrimSpace(s.Summary), Total: len(s.Quotes)}
	p.Meta = metaLine(s)
	for i, c := range palette {
		p.Palette = append(p.Palette, paletteClass{Class: fmt.Sprintf("c%d", i), Fill: c.Fill, Edge: c.Edge})
	}
	class := map[string]string{}
	names := map[string]string{}
	for i, sp := range s.Speakers {
		class[sp.ID] = fmt.Sprintf("c%d", i%len(palette))
		names[sp.ID] = sp.Name
	}
	counts := map[string]int{}
	for _, q := range s.Quotes {
		counts[q.Speaker]++
	}
	for _, sp := range s.Speakers {
		p.Legend = append(p.Legend, legendItem{ID: sp.ID, Name: sp.Name, Role: Role(sp), Aliases: strings.Join(sp.Aliases, ", "),
			Count: counts[sp.ID], Class: class[sp.ID], Flags: strings.Join(sp.Flags, ", ")})
	}
	// a quotation whose speaker is not listed still gets a colour and a name
	for _, q := range s.Quotes {
		if _, ok := class[q.Speaker]; !ok {
			class[q.Speaker] = fmt.Sprintf("c%d", len(class)%len(palette))
			names[q.Speaker] = "unknown"
			p.Legend = append(p.Legend, legendItem{ID: q.Speaker, Name: "unknown", Count: counts[q.Speaker], Class: class[q.Speaker]})
		}
	}

	quotes := append([]article.Quote(nil), s.Quotes...)
	sort.SliceStable(quotes, func(i, j int) bool { return quotes[i].Start < quotes[j].Start })
	pos := 0
	for _, q := range quotes {
		// A span outside the text, or overlapping one already shown, cannot
		// be highlighted in place; it is still listed below the article.
		v := &quoteView{ID: q.ID, Class: class[q.Speaker], Speaker: names[q.Speaker], Kind: string(q.Kind), Cue: q.Cue,
			Confidence: fmt.Sprintf("%.2f", q.Confidence), Flags: strings.Join(q.Flags, ", "), Flagged: len(q.Flags) > 0}
		v.Tip = tip(v)
		p.Quotes = append(p.Quotes, v)
		if v.Flagged {
			p.Flagged++
		}
		if q.Start < pos || q.End > len(text) || q.Start >= q.End {
			continue
		}
		if q.Start > pos {
			p.Segments = append(p.Segments, segment{Text: text[pos:q.Start]})
		}
		seg := segment{Text: text[q.Start:q.End], Quote: v}
		if q.Kind == article.KindPartial && q.QuoteStart >= q.Start && q.QuoteEnd <= q.End && q.QuoteStart < q.QuoteEnd {
			seg.Before, seg.Words, seg.After = text[q.Start:q.QuoteStart], text[q.QuoteStart:q.QuoteEnd], text[q.QuoteEnd:q.End]
		}
		p.Segments = append(p.Segments, seg)
		p.Shown++
		pos = q.End
	}
	if pos < len(text) {
		p.Segments = append(p.Segments, segment{Text: text[pos:]})
	}
	if err := review.Execute(w, p); err != nil {
		return fmt.Errorf("write review page: %w", err)
	}
	return nil
}

// tip is the description shown on hover and focus and read by screen
// readers.
func tip(v *quoteView) string {
	t := v.Speaker + " · " + v.Kind
	if v.Cue != "" {
		t += " · cue “" + v.Cue + "”"
	} else {
		t += " · no cue"
	}
	t += " · confidence " + v.Confidence
	if v.Flagged {
		t += " · ⚑ flagged: " + v.Flags
	}
	return t
}
