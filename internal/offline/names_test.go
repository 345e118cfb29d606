package offline

import (
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
