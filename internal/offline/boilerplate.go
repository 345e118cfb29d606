package offline

import (
	"strings"
)

// Boilerplate: lines that web copy carries between paragraphs and that
// report nobody's words — teasers for other stories ("READ MORE: …",
// "WATCH: …"), photo captions and credits ("Photo: …", "PHOTO BY …"), and
// page furniture ("Story continues below advertisement"). Quotations in
// them are headlines of other stories, not quotations of this one.

// boilerplateStarts are the openings of page-furniture lines, lower case.
var boilerplateStarts = lexiconList("boilerplate_starts.txt")

// teaserLabels are the capitalised labels of links to other stories.
var teaserLabels = lexiconSet("teaser_labels.txt")

// skipParagraphs marks the paragraphs that are boilerplate.
func skipParagraphs(text string, paras []span) []bool {
	skip := make([]bool, len(paras))
	for i, p := range paras {
		skip[i] = isBoilerplate(text[p.start:p.end])
	}
	return skip
}

// isBoilerplate reports whether a paragraph is a teaser, a caption or page
// furniture.
func isBoilerplate(p string) bool {
	p = strings.TrimSpace(p)
	if p == "" {
		return false
	}
	if photoCredit(p) {
		return true
	}
	head := p
	if len(head) > 40 {
		head = head[:40]
	}
	for _, b := range boilerplateStarts {
		// A case-blind prefix test: no lower-cased copy per paragraph.
		if len(head) >= len(b) && strings.EqualFold(head[:len(b)], b) {
			return true
		}
	}
	// A teaser label in capitals and a colon: "WATCH:", "READ MORE:" (a
	// dateline such as "OTTAWA:" opens the story itself).
	if i := strings.IndexByte(head, ':'); i >= 2 && teaserLabels.has(head[:i]) {
		return true
	}
	return false
}

// photoCredit reports a caption that ends with a photo credit in
// parentheses: "(AP Photo/Jane Doe)", "( THE CANADIAN PRESS FILE PHOTO )",
// "(Getty Images)", "(Photo: City of Harwick)".
func photoCredit(p string) bool {
	if !strings.HasSuffix(p, ")") {
		return false
	}
	i := strings.LastIndexByte(p, '(')
	if i < 0 || len(p)-i > 90 {
		return false
	}
	credit := strings.ToLower(p[i:])
	for _, w := range photoCredits {
		if strings.Contains(credit, w) {
			return true
		}
	}
	return false
}

// photoCredits are the words of a photo credit, lower case.
var photoCredits = lexiconList("photo_credits.txt")
