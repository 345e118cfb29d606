package analytics

import (
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
)

func TestInferGender(t *testing.T) {
	cases := []struct {
		name     string
		text     string
		speaker  article.Speaker
		quotes   []qspec
		want     string
		wantType string
	}{
		{name: "pronoun decides a name used by both genders",
			text:    "“We will reopen the pool in June,” said Alex Moreno, who runs the leisure centre. “The repairs are done,” she said.",
			speaker: sp("s1", "Alex Moreno"),
			quotes:  []qspec{{"s1", "“We will reopen the pool in June,”", article.KindDirect, "said"}, {"s1", "“The repairs are done,”", article.KindDirect, "said"}},
			want:    GenderFemale},
		{name: "pronoun before the cue of a reported clause",
			text:    "Jordan Pike runs the ferry. He added that the crossing would stay open all winter.",
			speaker: sp("s1", "Jordan Pike"),
			quotes:  []qspec{{"s1", "He added that the crossing would stay open all winter", article.KindIndirect, "added"}},
			want:    GenderMale},
		{name: "honorific before the surname in the text",
			text:    "Robin Hale chairs the board. “The budget is tight,” Ms. Hale said on Monday.",
			speaker: sp("s1", "Robin Hale"),
			quotes:  []qspec{{"s1", "“The budget is tight,”", article.KindDirect, "said"}},
			want:    GenderFemale},
		{name: "honorific in the canonical name",
			text:    "“The bridge will be closed,” said Mr Casey Dunmore.",
			speaker: sp("s1", "Mr Casey Dunmore"),
			quotes:  []qspec{{"s1", "“The bridge will be closed,”", article.KindDirect, "said"}},
			want:    GenderMale},
		{name: "first name alone, female list",
			text:    "“Prices will rise before spring,” said Margaret Oyelaran.",
			speaker: sp("s1", "Margaret Oyelaran"),
			quotes:  []qspec{{"s1", "“Prices will rise before spring,”", article.KindDirect, "said"}},
			want:    GenderFemale},
		{name: "first name alone, male list",
			text:    "“The harvest was late,” said Thomas Verhoek.",
			speaker: sp("s1", "Thomas Verhoek"),
			quotes:  []qspec{{"s1", "“The harvest was late,”", article.KindDirect, "said"}},
			want:    GenderMale},
		{name: "name used by both genders and no evidence",
			text:    "“The vote is close,” said Casey Dunmore.",
			speaker: sp("s1", "Casey Dunmore"),
			quotes:  []qspec{{"s1", "“The vote is close,”", article.KindDirect, "said"}},
			want:    GenderUnknown},
		{name: "another shared name and no evidence",
			text:    "“The shelter is full,” said Kim Adair.",
			speaker: sp("s1", "Kim Adair"),
			quotes:  []qspec{{"s1", "“The shelter is full,”", article.KindDirect, "said"}},
			want:    GenderUnknown},
		{name: "surname alone",
			text:    "“We expected more,” Okonkwo said.",
			speaker: sp("s1", "Okonkwo"),
			quotes:  []qspec{{"s1", "“We expected more,”", article.KindDirect, "said"}},
			want:    GenderUnknown},
		{name: "article evidence beats the first-name list",
			text:    "Thomas Verhoek spoke first. “The harvest was late,” she said.",
			speaker: sp("s1", "Thomas Verhoek"),
			quotes:  []qspec{{"s1", "“The harvest was late,”", article.KindDirect, "said"}},
			want:    GenderFemale},
		{name: "conflicting evidence",
			text:    "“The dam is safe,” said Sam Ortiz. Mr. Ortiz is an engineer. “We checked it twice,” she said.",
			speaker: sp("s1", "Sam Ortiz"),
			quotes:  []qspec{{"s1", "“The dam is safe,”", article.KindDirect, "said"}, {"s1", "“We checked it twice,”", article.KindDirect, "said"}},
			want:    GenderUnknown},
		{name: "a pronoun in another sentence is not evidence",
			text:    "“The road reopens Friday,” said Jamie Rowe. She was not at the meeting.",
			speaker: sp("s1", "Jamie Rowe"),
			quotes:  []qspec{{"s1", "“The road reopens Friday,”", article.KindDirect, "said"}},
			want:    GenderUnknown},
		{name: "a pronoun reported by another speaker is not evidence",
			text:    "“The plan works,” said Morgan Blake, adding that the mayor said she agreed.",
			speaker: sp("s1", "Morgan Blake"),
			quotes:  []qspec{{"s1", "“The plan works,”", article.KindDirect, "said"}},
			want:    GenderUnknown},
		{name: "inverted pronoun at the end of the clause",
			text:    "“The plan works,” said he, and left. Morgan Blake is the planner.",
			speaker: sp("s1", "Morgan Blake"),
			quotes:  []qspec{{"s1", "“The plan works,”", article.KindDirect, "said"}},
			want:    GenderMale},
		{name: "organisation, whatever the pronouns",
			text:     "“We reject the claim,” the Riverside City Council said. “It is false,” she said.",
			speaker:  sp("s1", "Riverside City Council"),
			quotes:   []qspec{{"s1", "“We reject the claim,”", article.KindDirect, "said"}, {"s1", "“It is false,”", article.KindDirect, "said"}},
			wantType: TypeOrganisation},
		{name: "organisation named after a woman",
			text:     "“Enrolment is up,” Margaret Wilson College said in a statement.",
			speaker:  sp("s1", "Margaret Wilson College"),
			quotes:   []qspec{{"s1", "“Enrolment is up,”", article.KindDirect, "said"}},
			wantType: TypeOrganisation},
		{name: "group",
			text:     "“We were never asked,” residents said. “Nobody listened,” he said.",
			speaker:  sp("s1", "residents"),
			quotes:   []qspec{{"s1", "“We were never asked,”", article.KindDirect, "said"}, {"s1", "“Nobody listened,”", article.KindDirect, "said"}},
			wantType: TypeGroup},
		{name: "group with a determiner",
			text:     "“The figures are wrong,” city officials said.",
			speaker:  sp("s1", "city officials"),
			quotes:   []qspec{{"s1", "“The figures are wrong,”", article.KindDirect, "said"}},
			wantType: TypeGroup},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := record(t, "news", "a1", c.text, time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC), []article.Speaker{c.speaker}, c.quotes)
			rows := Rows(rec, c.text, Options{Gender: true})
			if len(rows) != len(c.quotes) {
				t.Fatalf("%d rows, want %d", len(rows), len(c.quotes))
			}
			wantType := c.wantType
			if wantType == "" {
				wantType = TypePerson
			}
			for _, r := range rows {
				if r.SpeakerType != wantType || r.SpeakerGender != c.want {
					t.Errorf("type %q gender %q, want type %q gender %q", r.SpeakerType, r.SpeakerGender, wantType, c.want)
				}
			}
			// Off means no gender for anyone.
			for _, r := range Rows(rec, c.text, Options{Gender: false}) {
				if r.SpeakerGender != "" {
					t.Errorf("gender off: got %q", r.SpeakerGender)
				}
			}
		})
	}
}

func TestGenderFromEnv(t *testing.T) {
	for v, want := range map[string]bool{"": true, "on": true, "off": false, "OFF": false, "false": false, "0": false} {
		if got := GenderFromEnv(v); got != want {
			t.Errorf("GenderFromEnv(%q) = %v, want %v", v, got, want)
		}
	}
}
