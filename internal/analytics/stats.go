package analytics

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/pipeline"
)

// NoSection labels rows whose article has no section.
const NoSection = "(none)"

// Stats are the source aggregates of a set of rows: the same figures the
// README's Athena queries give over the S3 export.
type Stats struct {
	// Articles, Quotes, People and Speakers count distinct articles,
	// quotations, quoted people (a person once per article) and distinct
	// speakers (by normalised name).
	Articles int `json:"articles"`
	Quotes   int `json:"quotes"`
	People   int `json:"people"`
	Speakers int `json:"speakers"`
	// GenderInferred is false when no row carries a gender (inference off).
	GenderInferred bool `json:"gender_inferred"`
	// TopSpeakers are the most quoted speakers, most quotations first.
	TopSpeakers []SpeakerCount `json:"top_speakers"`
	// ByType counts quotations and distinct speakers per speaker type.
	ByType []TypeCount `json:"by_type"`
	// ByGender counts quoted people per gender, over all rows.
	ByGender GenderCount `json:"by_gender"`
	// BySectionMonth is the gender balance of quoted people per section
	// and month.
	BySectionMonth []SectionMonth `json:"by_section_month"`
	// Months is the time series: quotations per speaker type and quoted
	// people per gender, per month.
	Months []Month `json:"months"`
	// MultiOutlet lists people quoted by more than one outlet (tenant).
	MultiOutlet []OutletSpread `json:"multi_outlet"`
}

// SpeakerCount is one speaker's total.
type SpeakerCount struct {
	Name     string `json:"name"`
	Key      string `json:"key"`
	Type     string `json:"type"`
	Gender   string `json:"gender,omitempty"`
	Quotes   int    `json:"quotes"`
	Articles int    `json:"articles"`
}

// TypeCount is one speaker type's total.
type TypeCount struct {
	Type     string `json:"type"`
	Quotes   int    `json:"quotes"`
	Speakers int    `json:"speakers"`
}

// GenderCount counts quoted people by gender. WomenShare is the share of
// women among the people whose gender is known (0 when none is).
type GenderCount struct {
	Female     int     `json:"female"`
	Male       int     `json:"male"`
	Unknown    int     `json:"unknown"`
	WomenShare float64 `json:"women_share"`
}

func (g *GenderCount) add(gender string) {
	switch gender {
	case GenderFemale:
		g.Female++
	case GenderMale:
		g.Male++
	default:
		g.Unknown++
	}
	if k := g.Female + g.Male; k > 0 {
		g.WomenShare = float64(g.Female) / float64(k)
	}
}

// SectionMonth is the gender balance of one section in one month.
type SectionMonth struct {
	Section string `json:"section"`
	Month   string `json:"month"`
	GenderCount
}

// Month is one month of the time series.
type Month struct {
	Month string `json:"month"`
	// Quotes counts quotations per speaker type.
	Quotes map[string]int `json:"quotes"`
	// People counts quoted people per gender.
	People GenderCount `json:"people"`
}

// OutletSpread is a person quoted by several outlets.
type OutletSpread struct {
	Name    string   `json:"name"`
	Key     string   `json:"key"`
	Outlets []string `json:"outlets"`
	Quotes  int      `json:"quotes"`
}

// rowMonth is the YYYY-MM of a row's partition date.
func rowMonth(day string) string {
	if len(day) >= 7 {
		return day[:7]
	}
	return ""
}

// DayRow is a row with its partition date (the dt of its file).
type DayRow struct {
	Row
	Day string
}

// Aggregate computes the stats of rows; top limits TopSpeakers (0: 10).
func Aggregate(rows []DayRow, top int) Stats {
	if top <= 0 {
		top = 10
	}
	var st Stats
	type artKey struct{ tenant, source, id string }
	articles := map[artKey]bool{}
	type person struct {
		art artKey
		key string
	}
	people := map[person]bool{}
	speakers := map[string]*SpeakerCount{}
	speakerArts := map[string]map[artKey]bool{}
	types := map[string]*TypeCount{}
	typeSpeakers := map[string]map[string]bool{}
	sections := map[[2]string]*SectionMonth{}
	months := map[string]*Month{}
	outlets := map[string]map[string]bool{}
	outletQuotes := map[string]*OutletSpread{}
	for _, r := range rows {
		a := artKey{r.Tenant, r.Source, r.ArticleID}
		articles[a] = true
		st.Quotes++
		if r.SpeakerGender != "" {
			st.GenderInferred = true
		}
		sc := speakers[r.SpeakerKey]
		if sc == nil {
			sc = &SpeakerCount{Name: r.SpeakerName, Key: r.SpeakerKey, Type: r.SpeakerType, Gender: r.SpeakerGender}
			speakers[r.SpeakerKey] = sc
			speakerArts[r.SpeakerKey] = map[artKey]bool{}
		}
		sc.Quotes++
		speakerArts[r.SpeakerKey][a] = true
		tc := types[r.SpeakerType]
		if tc == nil {
			tc = &TypeCount{Type: r.SpeakerType}
			types[r.SpeakerType] = tc
			typeSpeakers[r.SpeakerType] = map[string]bool{}
		}
		tc.Quotes++
		typeSpeakers[r.SpeakerType][r.SpeakerKey] = true
		m := rowMonth(r.Day)
		mo := months[m]
		if mo == nil {
			mo = &Month{Month: m, Quotes: map[string]int{}}
			months[m] = mo
		}
		mo.Quotes[r.SpeakerType]++
		if r.SpeakerType != TypePerson {
			continue
		}
		if outlets[r.SpeakerKey] == nil {
			outlets[r.SpeakerKey] = map[string]bool{}
			outletQuotes[r.SpeakerKey] = &OutletSpread{Name: r.SpeakerName, Key: r.SpeakerKey}
		}
		outlets[r.SpeakerKey][r.Tenant] = true
		outletQuotes[r.SpeakerKey].Quotes++
		p := person{a, r.SpeakerKey}
		if people[p] {
			continue
		}
		people[p] = true
		st.ByGender.add(r.SpeakerGender)
		mo.People.add(r.SpeakerGender)
		section := r.Section
		if section == "" {
			section = NoSection
		}
		sk := [2]string{section, m}
		if sections[sk] == nil {
			sections[sk] = &SectionMonth{Section: section, Month: m}
		}
		sections[sk].add(r.SpeakerGender)
	}
	st.Articles, st.People, st.Speakers = len(articles), len(people), len(speakers)
	for k, sc := range speakers {
		sc.Articles = len(speakerArts[k])
		st.TopSpeakers = append(st.TopSpeakers, *sc)
	}
	sort.Slice(st.TopSpeakers, func(i, j int) bool {
		a, b := st.TopSpeakers[i], st.TopSpeakers[j]
		if a.Quotes != b.Quotes {
			return a.Quotes > b.Quotes
		}
		return a.Key < b.Key
	})
	st.TopSpeakers = st.TopSpeakers[:min(top, len(st.TopSpeakers))]
	for k, tc := range types {
		tc.Speakers = len(typeSpeakers[k])
		st.ByType = append(st.ByType, *tc)
	}
	sort.Slice(st.ByType, func(i, j int) bool {
		if st.ByType[i].Quotes != st.ByType[j].Quotes {
			return st.ByType[i].Quotes > st.ByType[j].Quotes
		}
		return st.ByType[i].Type < st.ByType[j].Type
	})
	for _, s := range sections {
		st.BySectionMonth = append(st.BySectionMonth, *s)
	}
	sort.Slice(st.BySectionMonth, func(i, j int) bool {
		a, b := st.BySectionMonth[i], st.BySectionMonth[j]
		if a.Month != b.Month {
			return a.Month < b.Month
		}
		return a.Section < b.Section
	})
	for _, m := range months {
		st.Months = append(st.Months, *m)
	}
	sort.Slice(st.Months, func(i, j int) bool { return st.Months[i].Month < st.Months[j].Month })
	for k, o := range outlets {
		if len(o) < 2 {
			continue
		}
		spread := *outletQuotes[k]
		for t := range o {
			spread.Outlets = append(spread.Outlets, t)
		}
		sort.Strings(spread.Outlets)
		st.MultiOutlet = append(st.MultiOutlet, spread)
	}
	sort.Slice(st.MultiOutlet, func(i, j int) bool {
		a, b := st.MultiOutlet[i], st.MultiOutlet[j]
		if len(a.Outlets) != len(b.Outlets) {
			return len(a.Outlets) > len(b.Outlets)
		}
		return a.Key < b.Key
	})
	return st
}

// LoadLocal reads the rows of every DONE article in a local data folder
// (the layout of internal/store/local: dynamodb/ART#…/SUMMARY.json for
// the records, s3/text/… for the texts gender inference reads).
func LoadLocal(ctx context.Context, dir string, texts TextReader, opts Options) ([]DayRow, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "dynamodb", "ART#*", "SUMMARY.json"))
	if err != nil {
		return nil, fmt.Errorf("list records: %w", err)
	}
	sort.Strings(files)
	var out []DayRow
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read record: %w", err)
		}
		var rec article.Record
		if err := json.Unmarshal(b, &rec); err != nil {
			return nil, fmt.Errorf("decode record %s: %w", filepath.Base(filepath.Dir(f)), err)
		}
		if rec.Status != article.StatusDone || rec.Summary == nil {
			continue
		}
		tenant := tenantOf(rec)
		text := ""
		if texts != nil {
			t, err := texts.GetText(ctx, article.TextKey(tenant, rec.Source, rec.ID, rec.Revision))
			if err != nil && !errors.Is(err, pipeline.ErrNotFound) {
				return nil, fmt.Errorf("read text of %s/%s: %w", rec.Source, rec.ID, err)
			}
			text = string(t)
		}
		day := Day(rec)
		for _, r := range Rows(rec, text, opts) {
			out = append(out, DayRow{Row: r, Day: day})
		}
	}
	return out, nil
}
