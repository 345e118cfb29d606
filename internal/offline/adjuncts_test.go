package offline

import "testing"

// TestShortAdjunctsAndAmounts: a statement after a short adjunct of time
// or setting without "that", a statement opening with an approximate
// amount, and the adjuncts and objects that open no statement.
func TestShortAdjunctsAndAmounts(t *testing.T) {
	runPatternCases(t, []patternCase{{
		name: "time adjunct then the statement's subject",
		text: "The Kestrel Energy Board said on Tuesday it had approved a 9 per cent rise in the average bill.\n\n" +
			"Mayor Ines Calloway said last week they were considering a levy on empty homes.\n\n" +
			"The coach, Dario Penn, said at a briefing the team would travel without its captain.",
		want: []want{
			{"it had approved a 9 per cent rise", "Kestrel Energy Board", "indirect"},
			{"they were considering a levy", "Ines Calloway", "indirect"},
			{"the team would travel without its captain", "Dario Penn", "indirect"},
		},
	}, {
		name: "an approximate amount opens the statement",
		text: "Marta Lind, a spokeswoman for Bellwood Mills, said about 90 jobs would be affected by the closure.\n\n" +
			"She said over 200 homes had been flooded in the storm on Sunday.",
		want: []want{
			{"about 90 jobs would be affected", "Marta Lind", "indirect"},
			{"over 200 homes had been flooded", "Marta Lind", "indirect"},
		},
	}, {
		name: "a conjunction ends the adjunct: the statement came first",
		text: "Four lifeboats were launched overnight, Commander Rui Abbot announced on Thursday as he thanked the volunteer crews.",
		want: []want{{"Four lifeboats were launched overnight", "Rui Abbot", "indirect"}},
		none: []string{"he thanked the volunteer crews"},
	}, {
		name: "what one speaks about is no statement",
		text: "Councillor Hana Ruiz spoke at length about the plan and said little about the costs it would bring to tenants.",
		none: []string{"the costs it would bring", "it would bring to tenants"},
	}})
}

// TestClubsAndGluedAdverbs: "the club" is the team the story is about,
// and a sentence adverb glued to an organisation's name is no part of it.
func TestClubsAndGluedAdverbs(t *testing.T) {
	runPatternCases(t, []patternCase{{
		name: "the club",
		text: "Brackley Wanderers beat Stoke Vale 2-1 on Saturday to reach the cup final.\n\n" +
			"The club said tickets for the final would go on sale to members on Monday.",
		want:        []want{{"tickets for the final would go on sale", "Brackley Wanderers", "indirect"}},
		notSpeakers: []string{"club"},
	}, {
		name: "meanwhile",
		text: "The mill's owners met the union on Friday.\n\n" +
			"Meanwhile Oren Textiles said it would close its dye works in Hartwell by the spring.",
		want:        []want{{"it would close its dye works", "Oren Textiles", "indirect"}},
		notSpeakers: []string{"Meanwhile Oren Textiles"},
	}})
}

// TestMilitaryTitles: "Commander", "Lieutenant", "Admiral" are titles, and
// "the commander" is the commander named before.
func TestMilitaryTitles(t *testing.T) {
	runPatternCases(t, []patternCase{{
		name: "commander",
		text: "Commander Rui Abbot led the search for the missing trawler.\n\n" +
			"The commander said the crew had been found alive on a sandbank near the harbour mouth.",
		want: []want{{"the crew had been found alive", "Rui Abbot", "indirect"}},
	}, {
		name: "lieutenant in full",
		text: "Lieutenant Carla Mendes said the bridge would stay closed until the divers finished their survey.",
		want: []want{{"the bridge would stay closed", "Carla Mendes", "indirect"}},
	}})
}

// TestDatelinesAndPlaceLikeOrganisations: a wire dateline is no part of
// the statement, and an organisation whose name opens like a place
// ("Port Ellery Fire Service") still speaks.
func TestDatelinesAndPlaceLikeOrganisations(t *testing.T) {
	runPatternCases(t, []patternCase{{
		name: "dateline",
		text: "PORT ELLERY, Westmere (Harbour Wire) — A ferry ran aground near the harbour mouth on Thursday, police said.\n\n" +
			"The Port Ellery Fire Service said the fuel spill had been contained by mid-morning.\n\n" +
			"Lake Orrin is popular with anglers in summer.",
		want: []want{
			{"A ferry ran aground near the harbour mouth on Thursday", "police", "indirect"},
			{"the fuel spill had been contained", "Port Ellery Fire Service", "indirect"},
		},
		none: []string{"PORT ELLERY", "Harbour Wire"},
	}})
}

// TestSecondVerbOfTheSameSpeaker: "X said A and warned that B" is two
// statements of X; "and found the man", "and called it …" are no second
// statement.
func TestSecondVerbOfTheSameSpeaker(t *testing.T) {
	runPatternCases(t, []patternCase{{
		name: "said … and warned that",
		text: "Town manager Bernard Ouimet said the council had cut its road budget twice and warned that a rise in property taxes was likely next year.\n\n" +
			"Fiona Galt, who chairs the nurses' guild, said shifts were going unfilled, and added that agency staff had been covering gaps since the summer.\n\n" +
			"Lena Thibault told reporters the vote was winnable and said her party had spoken to both independents.",
		want: []want{
			{"the council had cut its road budget twice", "Bernard Ouimet", "indirect"},
			{"a rise in property taxes was likely", "Bernard Ouimet", "indirect"},
			{"shifts were going unfilled", "Fiona Galt", "indirect"},
			{"agency staff had been covering gaps", "Fiona Galt", "indirect"},
			{"the vote was winnable", "Lena Thibault", "indirect"},
			{"her party had spoken to both independents", "Lena Thibault", "indirect"},
		},
		none: []string{"twice and warned", "unfilled, and added", "winnable and said"},
	}, {
		name: "beside a quotation",
		text: "Water minister Tobias Reinholt called the report “a serious piece of work” and said his department would publish a drought plan in the spring.",
		want: []want{{"his department would publish a drought plan", "Tobias Reinholt", "indirect"}},
	}, {
		name: "a partial quotation, then a second verb",
		text: "Councillor Ivo Marsh, who voted against the plan, warned that the fund was “not a bottomless well” and said he would ask for a review in the spring.",
		want: []want{
			{"not a bottomless well", "Ivo Marsh", "partial"},
			{"he would ask for a review in the spring", "Ivo Marsh", "indirect"},
		},
		none: []string{"well” and said"},
	}, {
		name: "no second statement",
		text: "Police said officers were called to the bridge shortly after 2 a.m. and found the man on the east stairs.",
		want: []want{{"officers were called to the bridge shortly after 2 a.m. and found the man", "Police", "indirect"}},
	}})
}

// TestPluralGroupsOfNews: investors, growers, shareholders, lawmakers and
// campaigners speak as groups, as farmers and residents do.
func TestPluralGroupsOfNews(t *testing.T) {
	runPatternCases(t, []patternCase{{
		name: "groups",
		text: "Shares in Cobalt Outfitters fell 12 per cent on Tuesday.\n\n" +
			"Some investors argue that the sell-off has gone too far for a company with no debt.\n\n" +
			"In the valley, fruit growers say the outbreak could cost orchards millions this season.\n\n" +
			"The plan is unfair to small savers, shareholders said at the meeting.",
		want: []want{
			{"the sell-off has gone too far", "Some investors", "indirect"},
			{"the outbreak could cost orchards millions", "fruit growers", "indirect"},
			{"The plan is unfair to small savers", "shareholders", "indirect"},
		},
	}})
}

// TestPassiveReportingVerbs: "were told", "has been told", "was later
// told" report no one's statement; the person told is still the one a
// following quotation goes to.
func TestPassiveReportingVerbs(t *testing.T) {
	runPatternCases(t, []patternCase{{
		name: "passives",
		text: "A fire broke out at the grain terminal on Thursday.\n\n" +
			"Workers were told to stay away from the northern quays until Monday.\n\n" +
			"Residents were later told that the water was safe to drink again.",
		none: []string{"stay away from the northern quays", "the water was safe to drink"},
	}, {
		name: "the person told speaks next",
		text: "About 90 households have had claims turned down, the tenants' association said on Monday.\n\n" +
			"Retired nurse Agatha Pennick, whose cellar flooded, has been told the damage is not covered. “I have paid them every month for 30 years.”",
		want: []want{{"I have paid them every month", "Agatha Pennick", "direct"}},
		none: []string{"the damage is not covered"},
	}})
}

// TestConcededGoals: "conceded 31 goals" counts, it states nothing.
func TestConcededGoals(t *testing.T) {
	runPatternCases(t, []patternCase{{
		name: "conceded a number",
		text: "Stoke Vale have conceded 31 goals in 14 league matches, more than any other side in the division.\n\n" +
			"Coach Petra Lund conceded that the defence had been poor all season.",
		want: []want{{"the defence had been poor", "Petra Lund", "indirect"}},
		none: []string{"31 goals in 14 league matches"},
	}})
}

// TestTitleOpeningASentence: a title in quotation marks that is the
// subject of its sentence is no quotation; a quotation that opens its
// sentence before a cue still is.
func TestTitleOpeningASentence(t *testing.T) {
	runPatternCases(t, []patternCase{{
		name: "title as subject",
		text: "The critic Mara Voss said the play was the best of the year.\n\n" +
			"“The Harbour Pilot's Sons” runs until 20 July at the Quay Theatre.\n\n" +
			"“Bring Your Own Chair,” Voss said with a laugh.",
		want: []want{{"Bring Your Own Chair", "Mara Voss", "direct"}},
		none: []string{"The Harbour Pilot's Sons"},
	}})
}

// TestUnnamedSourcesCloseToSomeone: "a person close to the board",
// "sources close to the premier", "people familiar with the talks" are the
// speakers, not the board or the premier.
func TestUnnamedSourcesCloseToSomeone(t *testing.T) {
	runPatternCases(t, []patternCase{{
		name: "close to",
		text: "Harlow City lost again on Saturday.\n\n" +
			"The owners were reviewing the season but had not decided, a person close to the board said.\n\n" +
			"Sources close to the premier said the offer would be withdrawn on Friday.\n\n" +
			"People familiar with the talks said the deal could be signed next week.",
		want: []want{
			{"The owners were reviewing the season", "a person close to the board", "indirect"},
			{"the offer would be withdrawn", "Sources close to the premier", "indirect"},
			{"the deal could be signed next week", "People familiar with the talks", "indirect"},
		},
		notSpeakers: []string{"premier", "board"},
	}})
}

// TestAccordingToALongSourceMidSentence: "according to two people familiar
// with the talks" set off by commas inside the statement.
func TestAccordingToALongSourceMidSentence(t *testing.T) {
	runPatternCases(t, []patternCase{{
		name: "according to, mid-sentence",
		text: "Harlow City lost again on Saturday.\n\n" +
			"The owners, according to two people familiar with the talks, were reviewing the season but had not decided.",
		want: []want{{"were reviewing the season", "two people", "indirect"}},
	}})
}

// TestEmbeddedPostWithoutABlankLine: a post pasted with its credit line
// directly under it, in one paragraph.
func TestEmbeddedPostWithoutABlankLine(t *testing.T) {
	runPatternCases(t, []patternCase{{
		name: "credit line under the post",
		text: "The by-election count ended after 3 a.m.\n\n" +
			"Council leader Moira Quayle reacted on social media:\n\n" +
			"Congratulations to Dev Ashby. A hard night for us, and we will learn from it.\n" +
			"— Moira Quayle (@MoiraQuayle) May 8, 2026\n\n" +
			"Turnout was 41 per cent.",
		want: []want{{"Congratulations to Dev Ashby", "Moira Quayle", ""}},
		none: []string{"@MoiraQuayle"},
	}})
}

// TestRoleBeforeTheNameAndAComma: "her son, Kaspar Brandt," gives Kaspar
// Brandt the role a later "her son said" refers to.
func TestRoleBeforeTheNameAndAComma(t *testing.T) {
	runPatternCases(t, []patternCase{{
		name: "her son, NAME",
		text: "Ottoline Brandt, the clockmaker who repaired the town hall clock for forty years, died on Monday. She was 91.\n\n" +
			"Her death was confirmed by her son, Kaspar Brandt, who said she had been ill for some months.\n\n" +
			"She could be stubborn with customers. Her son said she had once refused to sell a clock to a man who wanted it only for show.",
		want:        []want{{"she had once refused to sell a clock", "Kaspar Brandt", "indirect"}},
		notSpeakers: []string{"Her son"},
	}})
}
