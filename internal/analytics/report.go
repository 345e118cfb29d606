package analytics

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteText writes the stats as plain tables.
func WriteText(w io.Writer, st Stats) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%d articles, %d quotations, %d speakers, %d quoted people\n", st.Articles, st.Quotes, st.Speakers, st.People)
	fmt.Fprintf(tw, "\nTop speakers\nSPEAKER\tTYPE\tGENDER\tQUOTES\tARTICLES\n")
	for _, s := range st.TopSpeakers {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\n", s.Name, s.Type, dash(s.Gender), s.Quotes, s.Articles)
	}
	fmt.Fprintf(tw, "\nQuotations per speaker type\nTYPE\tQUOTES\tSPEAKERS\n")
	for _, t := range st.ByType {
		fmt.Fprintf(tw, "%s\t%d\t%d\n", t.Type, t.Quotes, t.Speakers)
	}
	if st.GenderInferred {
		g := st.ByGender
		fmt.Fprintf(tw, "\nQuoted people by gender: women %d, men %d, unknown %d; women are %s of those of known gender\n", g.Female, g.Male, g.Unknown, pct(g))
		fmt.Fprintf(tw, "\nShare of women by section and month\nSECTION\tMONTH\tWOMEN\tMEN\tUNKNOWN\tWOMEN %%\n")
		for _, s := range st.BySectionMonth {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\n", s.Section, s.Month, s.Female, s.Male, s.Unknown, pct(s.GenderCount))
		}
	} else {
		fmt.Fprintf(tw, "\nGender inference is off (WHOSAID_GENDER=off).\n")
	}
	fmt.Fprintf(tw, "\nPeople quoted by more than one outlet\nSPEAKER\tOUTLETS\tQUOTES\n")
	for _, o := range st.MultiOutlet {
		fmt.Fprintf(tw, "%s\t%s\t%d\n", o.Name, strings.Join(o.Outlets, ", "), o.Quotes)
	}
	if len(st.MultiOutlet) == 0 {
		fmt.Fprintf(tw, "(none)\n")
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// pct formats the share of women among people of known gender.
func pct(g GenderCount) string {
	if g.Female+g.Male == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*g.WomenShare)
}

//go:embed stats.html.tmpl
var statsTemplate string

// Colours of the charts: speaker types and genders, each legible on white
// and told apart by people with the common colour-vision deficiencies.
var (
	typeColours   = map[string]string{TypePerson: "#1f78b4", TypeOrganisation: "#e66101", TypeGroup: "#4d9221"}
	genderColours = map[string]string{GenderFemale: "#762a83", GenderMale: "#1b7837", GenderUnknown: "#bababa"}
)

var statsPage = template.Must(template.New("stats").Funcs(template.FuncMap{"pct": pct}).Parse(statsTemplate))

// bar is one horizontal bar of the speaker chart.
type bar struct {
	Label, Title, Colour string
	Y, Width, TextY      int
	Value                int
}

// segmentView is one coloured part of a stacked column.
type segmentView struct {
	X, Y, W, H int
	Colour     string
	Title      string
}

// column is one month of a stacked chart.
type column struct {
	Label     string
	X, LabelX int
	Segments  []segmentView
	// Note is printed above the column ("60%"), when set.
	Note string
}

// chart is a stacked column chart.
type chart struct {
	Width, Height, BaseY int
	Columns              []column
	Legend               []legendEntry
}

type legendEntry struct{ Label, Colour string }

type pageData struct {
	Stats                  Stats
	Bars                   []bar
	BarsHeight             int
	GenderChart, TypeChart chart
}

const (
	barLeft   = 190 // room for the speaker's name
	barMax    = 460
	barStep   = 26
	colWidth  = 46
	colGap    = 26
	colHeight = 180
)

// WriteHTML writes the stats as one self-contained HTML page with inline
// SVG charts: quotations per speaker, the gender balance of quoted people
// per month, and quotations per speaker type per month. It loads nothing
// from the network.
func WriteHTML(w io.Writer, st Stats) error {
	d := pageData{Stats: st}
	maxQ := 1
	for _, s := range st.TopSpeakers {
		maxQ = max(maxQ, s.Quotes)
	}
	for i, s := range st.TopSpeakers {
		y := 10 + i*barStep
		d.Bars = append(d.Bars, bar{Label: s.Name, Title: fmt.Sprintf("%s (%s): %d quotations in %d articles", s.Name, s.Type, s.Quotes, s.Articles),
			Colour: typeColours[s.Type], Y: y, TextY: y + 14, Width: max(2, s.Quotes*barMax/maxQ), Value: s.Quotes})
	}
	d.BarsHeight = 20 + len(d.Bars)*barStep
	genders := []string{GenderFemale, GenderMale, GenderUnknown}
	types := []string{TypePerson, TypeOrganisation, TypeGroup}
	d.GenderChart = stacked(st.Months, genders, genderColours, func(m Month, g string) int {
		switch g {
		case GenderFemale:
			return m.People.Female
		case GenderMale:
			return m.People.Male
		}
		return m.People.Unknown
	}, "people")
	for i, m := range st.Months {
		if m.People.Female+m.People.Male > 0 {
			d.GenderChart.Columns[i].Note = fmt.Sprintf("%.0f%%", 100*m.People.WomenShare)
		}
	}
	d.TypeChart = stacked(st.Months, types, typeColours, func(m Month, t string) int { return m.Quotes[t] }, "quotations")
	return statsPage.Execute(w, d)
}

// stacked builds a 100% stacked column chart: one column per month, its
// parts the shares of each key.
func stacked(months []Month, keys []string, colours map[string]string, value func(Month, string) int, unit string) chart {
	c := chart{Height: colHeight + 56, BaseY: colHeight + 26}
	for _, k := range keys {
		c.Legend = append(c.Legend, legendEntry{Label: k, Colour: colours[k]})
	}
	for i, m := range months {
		x := 52 + i*(colWidth+colGap)
		col := column{Label: m.Month, X: x, LabelX: x + colWidth/2}
		total := 0
		for _, k := range keys {
			total += value(m, k)
		}
		y := c.BaseY
		for _, k := range keys {
			v := value(m, k)
			if v == 0 || total == 0 {
				continue
			}
			h := v * colHeight / total
			y -= h
			col.Segments = append(col.Segments, segmentView{X: x, Y: y, W: colWidth, H: h, Colour: colours[k],
				Title: fmt.Sprintf("%s, %s: %d %s of %d (%.0f%%)", m.Month, k, v, unit, total, 100*float64(v)/float64(total))})
		}
		c.Columns = append(c.Columns, col)
	}
	c.Width = 72 + len(months)*(colWidth+colGap)
	return c
}
