package offline

import (
	"strings"
	"testing"

	"github.com/whosaid/whosaid/internal/article"
)

// want is one quotation a pattern case expects: a substring of its text,
// the canonical speaker and, when set, its kind.
type want struct {
	sub, speaker string
	kind         article.Kind
}

// patternCase is a short invented article and what a careful reader finds
// in it.
type patternCase struct {
	name string
	text string
	want []want
	// none lists substrings that no stored quotation may contain.
	none []string
	// speakers lists names that must not be speakers at all.
	notSpeakers []string
}

func runPatternCases(t *testing.T, cases []patternCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := extract(t, c.text)
			for _, w := range c.want {
				q, name := quoteWith(t, s, w.sub)
				if name != w.speaker {
					t.Errorf("quote %q: speaker %q, want %q", w.sub, name, w.speaker)
				}
				if w.kind != "" && q.Kind != w.kind {
					t.Errorf("quote %q: kind %s, want %s", w.sub, q.Kind, w.kind)
				}
			}
			for _, sub := range c.none {
				for _, q := range s.Quotes {
					if strings.Contains(q.Text, sub) {
						t.Errorf("%q stored as a quotation (%s, %q)", q.Text, q.Kind, s.SpeakerByID(q.Speaker).Name)
					}
				}
			}
			for _, n := range c.notSpeakers {
				for _, sp := range s.Speakers {
					if strings.EqualFold(sp.Name, n) {
						t.Errorf("%q is a speaker", n)
					}
				}
			}
		})
	}
}

// TestIssueExamples holds the four offline cases reported against the
// extractor, in one story.
func TestIssueExamples(t *testing.T) {
	text := "Council voted 7-2 on Tuesday to raise transit fares, a decision Mayor Linda Park had pushed for since spring.\n\n" +
		"\"This is a fair deal for riders,\" Park said after the vote. \"We have waited long enough.\"\n\n" +
		"She added that fares would stay the same until 2027.\n\n" +
		"\"We will appeal,\" the company said in a statement.\n\n" +
		"Park told reporters the vote was \"long overdue\".\n\n" +
		"\"我们会继续努力,\" said 王伟, a spokesman for the riders' union."
	runPatternCases(t, []patternCase{{
		name: "park",
		text: text,
		want: []want{
			{"This is a fair deal", "Linda Park", article.KindDirect},
			{"fares would stay the same", "Linda Park", article.KindIndirect},
			{"We will appeal", "company", article.KindDirect},
			{"long overdue", "Linda Park", article.KindPartial},
			{"我们会继续努力", "王伟", article.KindDirect},
		},
		notSpeakers: []string{"Park"},
	}})
}

func TestSeveralSpeakers(t *testing.T) {
	runPatternCases(t, []patternCase{
		{
			name: "pronoun by gender",
			text: "Mayor Linda Park defended the budget on Monday. Councillor Tom Reyes was not convinced.\n\n\"We cannot afford a second arena,\" he said.",
			want: []want{{"second arena", "Tom Reyes", article.KindDirect}},
		},
		{
			name: "pronoun by subject position",
			text: "Judge Helen Achebe sentenced Clara Voss to four years on Friday.\n\n\"The harm done to the victims was deliberate,\" she said.",
			want: []want{{"harm done", "Helen Achebe", article.KindDirect}},
		},
		{
			name: "plural pronoun to a group",
			text: "Dozens of residents gathered outside city hall on Thursday, while Mayor Ian Doyle stayed inside.\n\n\"We want answers about the water,\" they said.",
			want: []want{{"want answers", "residents", article.KindDirect}},
		},
		{
			name: "carried-over speaker stops at a change of speaker",
			text: "\"We will rebuild,\" said Mayor Ana Ruiz. \"The money is there.\"\n\nFire Chief Omar Bell said crews had worked through the night.\n\n\"It was chaos on every street.\"",
			want: []want{
				{"We will rebuild", "Ana Ruiz", article.KindDirect},
				{"The money is there", "Ana Ruiz", article.KindDirect},
				{"It was chaos", "Omar Bell", article.KindDirect},
			},
		},
		{
			name: "explicit speaker wins over the run",
			text: "\"Rents are rising faster than wages,\" said tenant organizer Mira Solberg. \"People are scared.\"\n\n\"The market will cool by spring,\" said economist Dev Patel.",
			want: []want{
				{"People are scared", "Mira Solberg", article.KindDirect},
				{"market will cool", "Dev Patel", article.KindDirect},
			},
		},
		{
			name: "relatives sharing a surname stay apart",
			text: "Rescuers pulled Grace Holloway and her son, Ethan Holloway, from the river on Sunday.\n\n\"I thought we were gone,\" Grace Holloway said.\n\n\"My mother kept me above the water,\" said Ethan Holloway, 12.",
			want: []want{
				{"thought we were gone", "Grace Holloway", article.KindDirect},
				{"kept me above", "Ethan Holloway", article.KindDirect},
			},
		},
		{
			name: "last speaker of a quotation run",
			text: "\"The vote was rigged,\" said challenger Rosa Quint. \"We will ask for a recount.\"\n\n\"She is entitled to ask,\" said Mayor Paul Brandt.\n\nHe added that the count had been observed by both campaigns.",
			want: []want{
				{"entitled to ask", "Paul Brandt", article.KindDirect},
				{"observed by both campaigns", "Paul Brandt", article.KindIndirect},
			},
		},
	})
}

func TestPeopleAndOrganisations(t *testing.T) {
	runPatternCases(t, []patternCase{
		{
			name: "spokesperson for an organisation",
			text: "Northgate Energy raised its prices again on Monday.\n\nKaren Liu, a spokesperson for Northgate Energy, said the increase reflected higher fuel costs.",
			want: []want{{"reflected higher fuel costs", "Karen Liu", article.KindIndirect}},
		},
		{
			name: "the company after a named person",
			text: "Mayor Hal Jensen criticised Brightwater Mining on Monday. \"They broke their promises,\" Jensen said.\n\n\"We have met every condition of our permit,\" the company said in a statement.",
			want: []want{
				{"broke their promises", "Hal Jensen", article.KindDirect},
				{"met every condition", "Brightwater Mining", article.KindDirect},
			},
		},
		{
			name: "police and the ministry",
			text: "Officer Dan Pryce was first at the scene.\n\nPolice said the driver was not injured.\n\nThe ministry said in a statement that the road would reopen on Friday.",
			want: []want{
				{"driver was not injured", "Police", article.KindIndirect},
				{"road would reopen", "ministry", article.KindIndirect},
			},
		},
	})
}

func TestGroupsCouplesAndOrganisationNames(t *testing.T) {
	runPatternCases(t, []patternCase{
		{
			name: "a couple sharing a surname speaks as one",
			text: "Tenants on Birch Row have complained for a year. Amir and Leila Haddad, who have rented there since 2010, said they keep a heater running all winter.\n\n\"We pay for the landlord's broken windows,\" they said.",
			want: []want{
				{"keep a heater running", "Amir and Leila Haddad", article.KindIndirect},
				{"broken windows", "Amir and Leila Haddad", article.KindDirect},
			},
		},
		{
			name:        "a capitalised plural noun joins the group already named",
			text:        "Three people were hurt in the crash on Route 4, police said. Officers said the truck had crossed the centre line.",
			want:        []want{{"crossed the centre line", "police", article.KindIndirect}},
			notSpeakers: []string{"Officers"},
		},
		{
			name: "an organisation named with of",
			text: "Two rural schools will close in June, the Department of Education said on Friday.\n\n\"Enrolment has fallen by half,\" the department said.",
			want: []want{
				{"rural schools will close", "Department of Education", article.KindIndirect},
				{"Enrolment has fallen", "Department of Education", article.KindDirect},
			},
		},
		{
			name: "a description's appositive names the subject of coordinated verbs",
			text: "The co-op, Valley Grain Growers, cancelled its annual meeting and said it would vote by mail instead.",
			want: []want{{"vote by mail", "Valley Grain Growers", article.KindIndirect}},
		},
		{
			name: "according to inside the sentence",
			text: "The new line, according to engineer Rosa Imbert, will carry 40,000 riders a day.",
			want: []want{{"40,000 riders", "Rosa Imbert", article.KindIndirect}},
		},
		{
			name: "siblings sharing a surname stay apart",
			text: "Marten van Aalst left the bakery to his son, Bram van Aalst. His daughter, Femke van Aalst, is contesting the will.\n\n\"My father promised it to both of us,\" Femke van Aalst said.\n\nBram van Aalst, who has run the ovens for a decade, did not attend. Later he said he would settle the dispute out of court.",
			want: []want{
				{"promised it to both", "Femke van Aalst", article.KindDirect},
				{"would settle", "Bram van Aalst", article.KindIndirect},
			},
		},
	})
}

func TestHonorificsGiveGender(t *testing.T) {
	runPatternCases(t, []patternCase{{
		name: "Mrs. and Mr. before unfamiliar first names",
		text: "Mrs. Zorina Pell hired Mr. Tavik Brandt, who fixed the old ovens in May. Brandt said the flour had come late.\n\n\"We will bake through the night,\" she said.",
		want: []want{{"bake through the night", "Zorina Pell", article.KindDirect}},
	}})
}

func TestDocumentsAndFamilies(t *testing.T) {
	runPatternCases(t, []patternCase{
		{
			name: "a report and a ruling speak for themselves",
			text: "Librarian Ada Quell has run the branch for a decade.\n\nVisits rose 14 per cent last year, according to the county's annual library report.\n\nThe ruling said the city could pass a new bylaw.",
			want: []want{
				{"Visits rose 14 per cent", "annual library report", article.KindIndirect},
				{"could pass a new bylaw", "ruling", article.KindIndirect},
			},
		},
		{
			name: "an inverted family role and its appositive",
			text: "Anselm Grieve, a clockmaker, died on Sunday at 91.\n\n\"He fixed every clock in the valley,\" said his daughter, Ruth Grieve.",
			want: []want{{"fixed every clock", "Ruth Grieve", article.KindDirect}},
		},
	})
}

func TestPluralPossessiveOrganisations(t *testing.T) {
	runPatternCases(t, []patternCase{{
		name: "a union named with a plural possessive",
		text: "Bus drivers across the region will strike on Friday, the Vallen Bus Drivers' Union said.",
		want: []want{{"will strike on Friday", "Vallen Bus Drivers' Union", article.KindIndirect}},
	}})
}

func TestRelativesTitlesAndUnits(t *testing.T) {
	runPatternCases(t, []patternCase{
		{
			name: "speech inside a relative clause",
			text: "Planner Gerald Pim, who had argued in court that residents were entitled to quiet evenings, declined to comment.\n\nThe walkout was called by Anna Rusk, who said she had not been able to book a bus for weeks.",
			want: []want{
				{"entitled to quiet evenings", "Gerald Pim", article.KindIndirect},
				{"book a bus for weeks", "Anna Rusk", article.KindIndirect},
			},
			none: []string{"declined to comment"},
		},
		{
			name: "an inverted role with its complement and appositive",
			text: "\"Every year we read a few hundred books,\" said the chair of the judging panel, Leopold Farr.",
			want: []want{{"few hundred books", "Leopold Farr", article.KindDirect}},
		},
		{
			name: "a person of a named unit",
			text: "Inspector Hamish Oduya of the Skarrow police told reporters that a helicopter crew had spotted the man.",
			want: []want{{"helicopter crew", "Hamish Oduya", article.KindIndirect}},
		},
		{
			name: "titles of works are no quotations",
			text: "Her novel, \"Rooms Without Rent,\" won the prize. Critic Dana Holt said the book, \"Low Tide at Wenlow,\" was her favourite of the year.",
			none: []string{"Rooms Without Rent", "Low Tide at Wenlow"},
		},
	})
}

func TestAdjunctsAndOrganisationPhrases(t *testing.T) {
	runPatternCases(t, []patternCase{
		{
			name: "said in a statement it",
			text: "The city said in a statement it was reviewing the decision of the tribunal.",
			want: []want{{"reviewing the decision", "city", article.KindIndirect}},
		},
		{
			name: "say at least",
			text: "Economists say at least part of the new levy is likely to reach shoppers.",
			want: []want{{"part of the new levy", "Economists", article.KindIndirect}},
		},
		{
			name: "according to the named office, mid-sentence",
			text: "The last rail strike, according to the Federal Statistics Office, cost the economy about 100 million crowns a day.",
			want: []want{{"cost the economy", "Federal Statistics Office", article.KindIndirect}},
		},
		{
			name: "a relative clause after an apposition",
			text: "\"I will have to cycle there,\" said Dieter Ambach, a commuter waiting at the central station, who said he had not been able to book a bus.",
			want: []want{{"book a bus", "Dieter Ambach", article.KindIndirect}},
		},
		{
			name: "a role and its complement before the name",
			text: "\"This year it was not close,\" said chair of judges Leopold Farr.",
			want: []want{{"was not close", "Leopold Farr", article.KindDirect}},
		},
	})
}

func TestHonorificPicksTheRelative(t *testing.T) {
	runPatternCases(t, []patternCase{{
		name: "Mr picks the husband when his wife was named last",
		text: "Lachlan Mabbott has fought fires for a month.\n\nHis wife, Joanne Mabbott, said the family had barely seen him.\n\nMr Mabbott told the Coolup Advocate he would keep going as long as the fires did.",
		want: []want{
			{"barely seen him", "Joanne Mabbott", article.KindIndirect},
			{"keep going as long", "Lachlan Mabbott", article.KindIndirect},
		},
	}})
}

func TestBritishQuotationStyle(t *testing.T) {
	runPatternCases(t, []patternCase{{
		name: "single marks outside, doubles nested, short partials after a cue",
		text: "‘My inbox tells me people are furious,’ said councillor Tariq Shen. ‘One woman wrote that her street looks like “a scene from a disaster film”, and that was before this.’\n\nShen said the plan was a ‘false economy’ that would cost more than it saved.\n\nMayor Ada Dunn, whose memoir ‘Early Starts’ recalls her years on the bin lorries, said she understood the job better than most.",
		want: []want{
			{"One woman wrote", "Tariq Shen", article.KindDirect},
			{"false economy", "Tariq Shen", article.KindPartial},
			{"understood the job", "Ada Dunn", article.KindIndirect},
		},
		notSpeakers: []string{"One woman"},
	}})
}
