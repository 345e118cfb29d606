package offline

import (
	"strings"
	"testing"

	"github.com/whosaid/whosaid/internal/article"
)

func TestNamesMerge(t *testing.T) {
	runPatternCases(t, []patternCase{
		{
			name: "particles and honorifics",
			text: "Economist Pieter van der Berg expects rates to fall. \"The worst is over,\" Mr. van der Berg said.\n\n\"We are cautious,\" Van der Berg added.",
			want: []want{
				{"worst is over", "Pieter van der Berg", article.KindDirect},
				{"We are cautious", "Pieter van der Berg", article.KindDirect},
			},
		},
		{
			name:        "surname that is an ordinary word",
			text:        "Councillor Jane Young chaired the meeting. \"This is the last delay,\" Young said.",
			want:        []want{{"last delay", "Jane Young", article.KindDirect}},
			notSpeakers: []string{"Young"},
		},
	})
}

func TestOrganisationNamesNotPeople(t *testing.T) {
	runPatternCases(t, []patternCase{
		{
			name: "an organisation and its division stay apart",
			text: "Quorra said on Monday that it had cut off its own research lab. Quorra Research had used the tools for years. Quorra said it is \"working closely\" with regulators to reopen it.",
			want: []want{{"working closely", "Quorra", article.KindPartial}},
		},
		{
			name: "no person takes the definite article",
			text: "\"We will fight the closure,\" the Brannock Trust said in a statement on Monday.",
			want: []want{{"fight the closure", "Brannock Trust", article.KindDirect}},
		},
	})
}

// runOf reads the capitalised run holding the word at in text, as the
// mention stage does, and parses it.
func runOf(t *testing.T, text, at string) nameRun {
	t.Helper()
	paras := splitParagraphs(text)
	toks := tokenize(text, paras, findQuotes(text, paras))
	for i, tk := range toks {
		if text[tk.start:tk.end] == at {
			a, b := runAt(text, toks, i, 0, len(toks))
			return parseRun(text, toks, a, b, nil)
		}
	}
	t.Fatalf("%q not in %q", at, text)
	return nameRun{}
}

func TestParseRun(t *testing.T) {
	tests := []struct {
		text, at   string
		words      string
		titles     string
		role       string
		gender     gender
		person     bool
		possessive bool
	}{
		{"Yesterday Deputy Mayor Ana Ruiz spoke.", "Ruiz", "Ana Ruiz", "Deputy Mayor", "mayor", genderUnknown, true, false},
		{"Then Sir Alan Pike left.", "Alan", "Alan Pike", "Sir", "", genderMale, true, false},
		{"Critics praised Ludwig van Beethoven loudly.", "Ludwig", "Ludwig van Beethoven", "", "", genderUnknown, true, false},
		{"Staff at the Ministry of Health agreed.", "Health", "Ministry of Health", "", "", genderUnknown, false, false},
		{"Tourists visited Harrow Valley Park often.", "Valley", "Harrow Valley Park", "", "", genderUnknown, false, false},
		{"Fans cheered Tomas Halloran’s goal.", "Tomas", "Tomas Halloran", "", "", genderUnknown, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			r := runOf(t, tc.text, tc.at)
			if got := strings.Join(r.words, " "); got != tc.words {
				t.Errorf("words = %q, want %q", got, tc.words)
			}
			if got := strings.Join(r.titleWords, " "); got != tc.titles {
				t.Errorf("titles = %q, want %q", got, tc.titles)
			}
			if r.role != tc.role || r.gender != tc.gender || r.possessive != tc.possessive {
				t.Errorf("role %q gender %d possessive %v, want %q %d %v", r.role, r.gender, r.possessive, tc.role, tc.gender, tc.possessive)
			}
			if got := r.personLike(); got != tc.person {
				t.Errorf("personLike = %v, want %v", got, tc.person)
			}
		})
	}
}
