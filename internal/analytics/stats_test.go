package analytics

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/store/local"
)

// dataFolder writes a hand-made local data folder: three served articles
// of two outlets, one withdrawn and one pending article that must not
// count, and the texts gender inference reads.
func dataFolder(t *testing.T) (string, *local.Store) {
	t.Helper()
	dir := t.TempDir()
	st, err := local.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, time.UTC) }
	type art struct {
		tenant, id, section string
		published           time.Time
		text                string
		speakers            []article.Speaker
		quotes              []qspec
		status              article.Status
	}
	arts := []art{
		{tenant: "north", id: "n1", section: "Politics", published: day(10, 5),
			text:     "“The budget is balanced,” said Margaret Oyelaran. “Taxes stay flat,” she added. The Riverside City Council said the plan was fair. “Nobody asked us,” residents said.",
			speakers: []article.Speaker{sp("s1", "Margaret Oyelaran"), sp("s2", "Riverside City Council"), sp("s3", "residents")},
			quotes: []qspec{{"s1", "“The budget is balanced,”", article.KindDirect, "said"}, {"s1", "“Taxes stay flat,”", article.KindDirect, "added"},
				{"s2", "the plan was fair", article.KindIndirect, "said"}, {"s3", "“Nobody asked us,”", article.KindDirect, "said"}}},
		{tenant: "north", id: "n2", section: "Politics", published: day(11, 2),
			text:     "“We will vote no,” said Ms. Oyelaran, whose first name is Margaret Oyelaran. “The vote is close,” said Thomas Verhoek. “It could go either way,” said Casey Dunmore.",
			speakers: []article.Speaker{sp("s1", "Margaret Oyelaran"), sp("s2", "Thomas Verhoek"), sp("s3", "Casey Dunmore")},
			quotes: []qspec{{"s1", "“We will vote no,”", article.KindDirect, "said"}, {"s2", "“The vote is close,”", article.KindDirect, "said"},
				{"s3", "“It could go either way,”", article.KindDirect, "said"}}},
		{tenant: "south", id: "s1", section: "Business", published: day(11, 10),
			text:     "“Exports fell,” said Thomas Verhoek. “Imports rose,” he said. “The port is busy,” said Alex Moreno. “We hired staff,” she said.",
			speakers: []article.Speaker{sp("s1", "Thomas Verhoek"), sp("s2", "Alex Moreno")},
			quotes: []qspec{{"s1", "“Exports fell,”", article.KindDirect, "said"}, {"s1", "“Imports rose,”", article.KindDirect, "said"},
				{"s2", "“We hired staff,”", article.KindDirect, "said"}}},
		{tenant: "south", id: "gone", section: "Business", published: day(11, 11), status: article.StatusWithdrawn,
			text: "“Hidden,” said Thomas Verhoek.", speakers: []article.Speaker{sp("s1", "Thomas Verhoek")},
			quotes: []qspec{{"s1", "“Hidden,”", article.KindDirect, "said"}}},
		{tenant: "south", id: "wait", section: "Business", published: day(11, 12), status: article.StatusPending,
			text: "“Waiting,” said Thomas Verhoek.", speakers: []article.Speaker{sp("s1", "Thomas Verhoek")},
			quotes: []qspec{{"s1", "“Waiting,”", article.KindDirect, "said"}}},
	}
	for _, a := range arts {
		rec := record(t, a.tenant, a.id, a.text, a.published, a.speakers, a.quotes)
		rec.Section = a.section
		if a.status != "" {
			rec.Status = a.status
		}
		if _, err := st.PutText(context.Background(), article.TextKey(a.tenant, "generic", a.id, rec.Revision), []byte(a.text)); err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		d := filepath.Join(dir, "dynamodb", "ART#"+article.KeyParts(a.tenant, "generic", a.id))
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "SUMMARY.json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, st
}

func TestAggregateLocalFolder(t *testing.T) {
	dir, st := dataFolder(t)
	rows, err := LoadLocal(context.Background(), dir, st, Options{Gender: true})
	if err != nil {
		t.Fatal(err)
	}
	got := Aggregate(rows, 3)
	if got.Articles != 3 || got.Quotes != 10 || got.Speakers != 6 || got.People != 6 || !got.GenderInferred {
		t.Errorf("totals: %d articles, %d quotes, %d speakers, %d people, inferred %v; want 3, 10, 6, 6, true",
			got.Articles, got.Quotes, got.Speakers, got.People, got.GenderInferred)
	}
	wantTop := []SpeakerCount{
		{Name: "Margaret Oyelaran", Key: "margaret oyelaran", Type: TypePerson, Gender: GenderFemale, Quotes: 3, Articles: 2},
		{Name: "Thomas Verhoek", Key: "thomas verhoek", Type: TypePerson, Gender: GenderMale, Quotes: 3, Articles: 2},
		{Name: "Alex Moreno", Key: "alex moreno", Type: TypePerson, Gender: GenderFemale, Quotes: 1, Articles: 1},
	}
	if !reflect.DeepEqual(got.TopSpeakers, wantTop) {
		t.Errorf("top speakers:\n got %+v\nwant %+v", got.TopSpeakers, wantTop)
	}
	wantTypes := []TypeCount{{TypePerson, 8, 4}, {TypeGroup, 1, 1}, {TypeOrganisation, 1, 1}}
	if !reflect.DeepEqual(got.ByType, wantTypes) {
		t.Errorf("by type: %+v, want %+v", got.ByType, wantTypes)
	}
	if want := (GenderCount{Female: 3, Male: 2, Unknown: 1, WomenShare: 0.6}); got.ByGender != want {
		t.Errorf("by gender: %+v, want %+v", got.ByGender, want)
	}
	wantSections := []SectionMonth{
		{"Politics", "2026-10", GenderCount{Female: 1, WomenShare: 1}},
		{"Business", "2026-11", GenderCount{Female: 1, Male: 1, WomenShare: 0.5}},
		{"Politics", "2026-11", GenderCount{Female: 1, Male: 1, Unknown: 1, WomenShare: 0.5}},
	}
	if !reflect.DeepEqual(got.BySectionMonth, wantSections) {
		t.Errorf("by section and month:\n got %+v\nwant %+v", got.BySectionMonth, wantSections)
	}
	wantMonths := []Month{
		{Month: "2026-10", Quotes: map[string]int{TypePerson: 2, TypeOrganisation: 1, TypeGroup: 1}, People: GenderCount{Female: 1, WomenShare: 1}},
		{Month: "2026-11", Quotes: map[string]int{TypePerson: 6}, People: GenderCount{Female: 2, Male: 2, Unknown: 1, WomenShare: 0.5}},
	}
	if !reflect.DeepEqual(got.Months, wantMonths) {
		t.Errorf("months:\n got %+v\nwant %+v", got.Months, wantMonths)
	}
	wantMulti := []OutletSpread{{Name: "Thomas Verhoek", Key: "thomas verhoek", Outlets: []string{"north", "south"}, Quotes: 3}}
	if !reflect.DeepEqual(got.MultiOutlet, wantMulti) {
		t.Errorf("multi-outlet: %+v, want %+v", got.MultiOutlet, wantMulti)
	}

	var text bytes.Buffer
	if err := WriteText(&text, got); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"3 articles, 10 quotations, 6 speakers, 6 quoted people", "women 3, men 2, unknown 1; women are 60.0% of those of known gender", "Politics  2026-11", "Thomas Verhoek  north, south  3"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, text.String())
		}
	}
	var page bytes.Buffer
	if err := WriteHTML(&page, got); err != nil {
		t.Fatal(err)
	}
	html := page.String()
	for _, want := range []string{"<svg", "Margaret Oyelaran", "2026-11, female: 2 people of 5 (40%)", "2026-10, organisation: 1 quotations of 4 (25%)", "60.0%", ">50%</text>"} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, bad := range []string{"http://", "https://", "<script", "<link", "src="} {
		if strings.Contains(html, bad) {
			t.Errorf("page is not self-contained: has %q", bad)
		}
	}
}

func TestAggregateGenderOff(t *testing.T) {
	dir, st := dataFolder(t)
	rows, err := LoadLocal(context.Background(), dir, st, Options{Gender: false})
	if err != nil {
		t.Fatal(err)
	}
	got := Aggregate(rows, 0)
	if got.GenderInferred || got.ByGender.Female+got.ByGender.Male != 0 || got.ByGender.Unknown != got.People {
		t.Errorf("gender off: %+v", got.ByGender)
	}
	var page bytes.Buffer
	if err := WriteHTML(&page, got); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page.String(), "Gender inference is off") || strings.Contains(page.String(), "female:") {
		t.Error("page shows gender while inference is off")
	}
}

func TestLoadLocalMissingFolder(t *testing.T) {
	if _, err := LoadLocal(context.Background(), filepath.Join(t.TempDir(), "none"), nil, Options{}); err == nil {
		t.Fatal("want an error for a missing folder")
	}
}
