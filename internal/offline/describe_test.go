package offline

import (
	"testing"

	"github.com/whosaid/whosaid/internal/article"
)

func TestDescriptionsAndAppositions(t *testing.T) {
	runPatternCases(t, []patternCase{
		{
			name:        "a party description refers to the person named",
			text:        "Senator Walt Brenner voted against the bill on Tuesday.\n\n\"This is a giveaway to insurers,\" the Ohio Republican said.",
			want:        []want{{"giveaway to insurers", "Walt Brenner", article.KindDirect}},
			notSpeakers: []string{"Ohio Republican"},
		},
		{
			name:        "an office in capitals is no name",
			text:        "\"Markets have priced in two cuts,\" said Nadia Furlan, Chief Currency Strategist at Baltic Securities.",
			want:        []want{{"priced in two cuts", "Nadia Furlan", article.KindDirect}},
			notSpeakers: []string{"Currency Strategist"},
		},
		{
			name:        "a sentence-initial capital opens a description",
			text:        "Marine and coastal scientists have long warned that the reef is bleaching faster than it can recover.",
			want:        []want{{"reef is bleaching", "Marine and coastal scientists", article.KindIndirect}},
			notSpeakers: []string{"Marine"},
		},
		{
			name:        "a modal at the start of a sentence is no name",
			text:        "\"Should I have called the police sooner?\" asked shop owner Lena Varga.",
			want:        []want{{"called the police sooner", "Lena Varga", article.KindDirect}},
			notSpeakers: []string{"Should I"},
		},
		{
			name: "the principal keeps the bare surname",
			text: "Petra Holm won the sprint on Saturday. Her father, Anders Holm, coached her for a decade.\n\n\"He never let me skip a session,\" Holm said.",
			want: []want{{"never let me skip", "Petra Holm", article.KindDirect}},
		},
		{
			name: "an appositive after a short description",
			text: "Petra Holm won the sprint on Saturday.\n\nHolm's coach, her father Anders Holm, said she had trained through a stress fracture in the spring.",
			want: []want{{"trained through a stress fracture", "Anders Holm", article.KindIndirect}},
		},
		{
			name: "an affiliation is no appositive",
			text: "Omar Siddiqui, a spokesperson for Lakeview Power, said the outage would last until Monday evening.",
			want: []want{{"outage would last", "Omar Siddiqui", article.KindIndirect}},
		},
		{
			name: "coordinated verbs past an apposition",
			text: "Kowalski, the team's captain, missed two penalties and admitted that the pressure had got to him.",
			want: []want{{"pressure had got to him", "Kowalski", article.KindIndirect}},
		},
	})
}

func TestOutletsAffiliationsAndDocuments(t *testing.T) {
	runPatternCases(t, []patternCase{
		{
			name:        "an outlet reports, never speaks",
			text:        "Tomas Rieger, a spokesperson for Linden Robotics, declined to comment. The company told the Westport Ledger that it had paused hiring until the spring.",
			want:        []want{{"paused hiring", "Linden Robotics", article.KindIndirect}},
			notSpeakers: []string{"Westport Ledger"},
		},
		{
			name: "an inverted description and its appositive",
			text: "\"He trained harder than anyone this year,\" said his coach, Mirela Stan, a former sprinter.",
			want: []want{{"trained harder", "Mirela Stan", article.KindDirect}},
		},
		{
			name: "a compound role before a name",
			text: "\"We will not sell the farm,\" said board member Oskar Lind after the meeting.",
			want: []want{{"not sell the farm", "Oskar Lind", article.KindDirect}},
		},
		{
			name: "a document that opens the sentence speaks for itself",
			text: "The report, prepared by engineers at Corrin Consulting for the city, says the bridge needs new bearings within two years.",
			want: []want{{"needs new bearings", "report", article.KindIndirect}},
		},
	})
}

func TestIssuersAndPlaces(t *testing.T) {
	runPatternCases(t, []patternCase{
		{
			name: "a statement from an organisation",
			text: "Talks between the two unions broke down. The strike will now go ahead on Monday, according to a statement from the Harbour Pilots Association.",
			want: []want{{"strike will now go ahead", "Harbour Pilots Association", article.KindIndirect}},
		},
		{
			name: "a statement named by its issuer",
			text: "Officers from Dunmore Regional Police chased the car for an hour. The driver faces two charges, according to a police statement.",
			want: []want{{"driver faces two charges", "Dunmore Regional Police", article.KindIndirect}},
		},
		{
			name: "their union is the named union",
			text: "Nurses at Elm Hospital will strike on Friday, the Elm Nurses Union said. Their union said talks had failed over staffing.",
			want: []want{{"talks had failed", "Elm Nurses Union", article.KindIndirect}},
		},
		{
			name:        "a town is no company",
			text:        "Ferries will stop calling at Port Ellery in June, Bayline Water Taxis said.\n\n\"The route loses money every week,\" the company said.",
			want:        []want{{"route loses money", "Bayline Water Taxis", article.KindDirect}},
			notSpeakers: []string{"Port Ellery"},
		},
	})
}

func TestOrganisationsSpeak(t *testing.T) {
	runPatternCases(t, []patternCase{
		{
			name: "an organisation noun refers to the named organisation",
			text: "Two sculptures were taken from the Marlowe Museum overnight, police said.\n\nThe museum said it would stay closed until the end of the week.",
			want: []want{{"stay closed until the end", "Marlowe Museum", article.KindIndirect}},
		},
		{
			name: "a shorter description joins the longer one",
			text: "Cases have doubled since March, according to the regional health agency.\n\nThe health agency said it would open two more testing sites on Monday.",
			want: []want{
				{"Cases have doubled", "regional health agency", article.KindIndirect},
				{"two more testing sites", "regional health agency", article.KindIndirect},
			},
		},
		{
			name:        "a description's appositive organisation, not a place",
			text:        "Thousands of homes in the Amber Valley lost power on Sunday.\n\nThe utility, Ridgeway Power, said most customers would be reconnected by Tuesday night.",
			want:        []want{{"most customers would be reconnected", "Ridgeway Power", article.KindIndirect}},
			notSpeakers: []string{"Amber Valley"},
		},
		{
			name:        "places never speak",
			text:        "Flooding closed three roads in Cedar Heights on Friday. Cedar Heights said nothing about the cost, while the county said repairs would take a month.",
			notSpeakers: []string{"Cedar Heights"},
		},
	})
}

func TestCaptionsAndPositions(t *testing.T) {
	runPatternCases(t, []patternCase{
		{
			name: "a photo caption names nobody who speaks",
			text: "The canal built the town, writes historian Alma Reyes.\n\nGeorge Whitby, a retired lock keeper, looks at old maps at the museum in 2004. (FILE PHOTO)\n\n\"They dug it by hand, every metre of it,\" she says.",
			want: []want{{"dug it by hand", "Alma Reyes", article.KindDirect}},
		},
		{
			name: "a description of the player the sentence before named",
			text: "\"We ran out of legs,\" Riverton coach Paul Okoye said.\n\nMarek Hlavac stopped 40 shots on Saturday night. The 31-year-old goaltender said his defence had done the hard work.\n\n\"They blocked everything,\" he said.",
			want: []want{
				{"done the hard work", "Marek Hlavac", article.KindIndirect},
				{"blocked everything", "Marek Hlavac", article.KindDirect},
			},
		},
		{
			name: "an inverted position description",
			text: "Goalie Ben Sato stopped 30 shots. Denis Roy scored his first goal of the season late in the third.\n\n\"My hands were shaking all the way back to the bench,\" said the rookie defenceman.",
			want: []want{{"hands were shaking", "Denis Roy", article.KindDirect}},
		},
	})
}
