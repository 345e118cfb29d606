package markup

import (
	"fmt"
	"strings"
)

// Pattern is one hard case the challenge set exercises, named in the
// patterns header of the articles that contain it.
type Pattern struct {
	Name, Description string
}

// Patterns lists every pattern an article may name, in the order of the
// README table: the cases of issue 9, "What must hold — offline".
var Patterns = []Pattern{
	{"pronoun-gender", "a pronoun speaker resolved by gender"},
	{"pronoun-number", "a plural pronoun (they) resolved to a couple or group"},
	{"pronoun-recency", "a pronoun resolved to the most recent fitting speaker"},
	{"pronoun-subject", "a pronoun resolved to the subject of the previous sentence, not its object"},
	{"pronoun-after-run", "a pronoun after a run of quotations goes to the run's speaker"},
	{"carryover-stop", "an unattributed quotation carries the speaker over until the speaker changes"},
	{"explicit-wins", "an explicit speaker in the sentence beats the carried-over one"},
	{"relatives-surname", "relatives sharing a surname stay apart"},
	{"nonspeaker-place", "place names near a cue are not speakers"},
	{"nonspeaker-nationality", "nationalities are not speakers"},
	{"nonspeaker-outlet", "news outlets (told the Courier) are not speakers"},
	{"nonspeaker-boilerplate", "boilerplate lines such as Story continues below"},
	{"nonspeaker-glued", "sentence-initial words glued to a name (Yesterday Okafor, Still Marsh)"},
	{"spokesperson-for-org", "X, a spokesperson for ORG, said: the speaker is X"},
	{"org-said", "the company said, police said, the ministry said in a statement"},
	{"nonverb-passive", "a passive reporting verb (was announced, were told) introduces nothing"},
	{"nonverb-noun", "a noun use (the announcement, a statement of thanks) introduces nothing"},
	{"nonverb-object-clause", "a clause hanging off the verb's object (announced a plan that would ...)"},
	{"nonverb-number", "a number after the verb (shares added 0.4 per cent)"},
	{"nonverb-fronted", "a fronted adverbial (As noted ..., As reported ...)"},
	{"subj-who", "X, who ..., said"},
	{"subj-and-said", "X did Y and said"},
	{"subj-mid", "a mid-sentence ..., X said, ..."},
	{"according-start", "According to X, CLAUSE"},
	{"according-middle", "CLAUSE-START, according to X, CLAUSE-END"},
	{"according-end", "CLAUSE, according to X"},
	{"cue-called", "called X 'Y'"},
	{"cue-described-as", "described X as 'Y'"},
	{"cue-went-on", "went on"},
	{"cue-retorted", "retorted"},
	{"cue-confessed", "confessed"},
	{"cue-lamented", "lamented"},
	{"cue-other", "other reporting verbs of news English (testified, urged, vowed, noted, announced, warned)"},
	{"group-subject", "group subjects (analysts say, observers say, parents say)"},
	{"role-subject", "role subjects (the utility said, the insurer said)"},
	{"document-subject", "document subjects (the lawsuit says, the study says)"},
	{"notquote-caption", "photo captions are not quotations"},
	{"notquote-teaser", "READ MORE and WATCH teasers are not quotations"},
	{"embedded-post", "an embedded post's credit line (— Name (@handle)) attributes the post above it to Name"},
	{"curly-double", "“ ” quotation marks"},
	{"curly-single", "‘ ’ quotation marks"},
	{"straight-double", "straight \" quotation marks"},
	{"straight-single", "straight ' quotation marks (with apostrophes inside)"},
	{"guillemets", "« » quotation marks"},
	{"low-high-quotes", "„ “ quotation marks"},
	{"backtick-quotes", "`` '' typewriter quotation marks"},
	{"double-apostrophe", "'' '' typewriter quotation marks"},
	{"name-surname-merge", "surname-only mentions merge into the full name"},
	{"name-honorific-merge", "honorific mentions (Ms., Mr., Dr.) merge into the full name"},
	{"name-common-word", "surnames that are ordinary words (Young, Long, Rice, Park)"},
	{"name-particle", "names with particles (van der, de la, van den)"},
	{"name-non-latin", "names in Chinese or Arabic script"},
	{"issue-company-after-mayor", "issue 9 seen-case: the company's statement right after the mayor's quotation"},
	{"issue-added-that", "issue 9 seen-case: She added that ... right after her quotation"},
	{"issue-surname-told", "issue 9 seen-case: SURNAME told reporters the vote was \"...\" (no second speaker)"},
	{"issue-chinese-after-said", "issue 9 seen-case: a Chinese-script speaker after said"},
	{"added-that", "reported speech with added that after a quotation"},
	{"said-after-quote", "\"...,\" he said. after a quotation"},
	{"paragraph-spanning", "a quotation spanning paragraphs (no closing mark at the first paragraph's end)"},
	{"scare-quote", "scare quotes are not quotations"},
	{"title-of-work", "titles of works in quotation marks are not quotations"},
}

// PatternTable renders the README table: pattern, description, article ids.
// It fails when an article names an unknown pattern.
func PatternTable(arts []Article) (string, error) {
	known := map[string]bool{}
	for _, p := range Patterns {
		known[p.Name] = true
	}
	ids := map[string][]string{}
	for _, a := range arts {
		for _, p := range a.Patterns {
			if !known[p] {
				return "", fmt.Errorf("%s: unknown pattern %q", a.ID, p)
			}
			ids[p] = append(ids[p], a.ID)
		}
	}
	var b strings.Builder
	b.WriteString("| pattern | what | articles |\n|---|---|---|\n")
	for _, p := range Patterns {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", p.Name, strings.ReplaceAll(p.Description, "|", "\\|"), strings.Join(ids[p.Name], ", "))
	}
	return b.String(), nil
}

// PatternCounts counts the articles that name each pattern.
func PatternCounts(arts []Article) map[string]int {
	n := map[string]int{}
	for _, a := range arts {
		for _, p := range a.Patterns {
			n[p]++
		}
	}
	return n
}

// README markers around the generated pattern table.
const (
	TableStart = "<!-- pattern table: generated by gen, do not edit -->\n"
	TableEnd   = "<!-- end of pattern table -->\n"
)

// WithTable returns readme with the text between the table markers
// replaced by table.
func WithTable(readme, table string) (string, error) {
	i := strings.Index(readme, TableStart)
	j := strings.Index(readme, TableEnd)
	if i < 0 || j < i {
		return "", fmt.Errorf("README has no pattern table markers")
	}
	return readme[:i+len(TableStart)] + table + readme[j:], nil
}
