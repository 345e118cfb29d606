package offline

import (
	"strings"
	"testing"

	"github.com/whosaid/whosaid/internal/article"
)

func TestSubjectsAwayFromTheVerb(t *testing.T) {
	runPatternCases(t, []patternCase{
		{
			name: "relative clause between subject and verb",
			text: "Dana Whitfield, who has led the nurses' union since 2015, said the deal was the best in a decade.",
			want: []want{{"best in a decade", "Dana Whitfield", article.KindIndirect}},
		},
		{
			name: "coordinated verbs",
			text: "Premier Joan Castel signed the bill on Monday and said it would save hundreds of lives every year.",
			want: []want{{"save hundreds of lives", "Joan Castel", article.KindIndirect}},
		},
		{
			name: "mid-sentence attribution",
			text: "Coach Ray Molina spoke after the game. The team, Molina said, would need a new goalie before the playoffs.",
			want: []want{{"need a new goalie", "Ray Molina", ""}},
		},
		{
			name: "according to at the start and end",
			text: "According to Fire Chief Nora Blake, the blaze started in a kitchen on the second floor.\n\nThe damage could exceed two million dollars, according to insurer Tom Vance.",
			want: []want{
				{"started in a kitchen", "Nora Blake", article.KindIndirect},
				{"could exceed two million", "Tom Vance", article.KindIndirect},
			},
		},
	})
}

func TestRelativeClauseSubjects(t *testing.T) {
	runPatternCases(t, []patternCase{
		{
			name: "a group before a relative clause",
			text: "Three fishing families who have worked the bay for generations said the new quotas would end their business.",
			want: []want{{"new quotas would end", "Three fishing families", article.KindIndirect}},
		},
		{
			name: "a person before a relative clause",
			text: "Councillor Ruth Abara who has opposed the tower from the start said the vote was rushed through without a hearing.",
			want: []want{{"vote was rushed", "Ruth Abara", article.KindIndirect}},
		},
	})
}

// cueSubjects runs the mention and cue stages over text and returns, for
// each cue of the last sentence, the name of its subject ("" for none).
func cueSubjects(text string) []string {
	a := newAnalysis(text)
	var out []string
	for si, s := range a.sents {
		a.scanNames(si)
		cs := a.findCues(s)
		out = out[:0]
		for k := range cs {
			a.resolveSubject(&cs[k], s, cs[:k])
			name := ""
			if cs[k].subject != nil {
				name = cs[k].subject.name
			}
			out = append(out, name)
		}
	}
	return out
}

func TestResolveSubject(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Fire Chief Ana Ruiz said the blaze was out.", []string{"Ana Ruiz"}},
		{`"It was out by noon," said Ana Ruiz, the fire chief.`, []string{"Ana Ruiz"}},
		{"Ana Ruiz, who led the crews, said the blaze was out.", []string{"Ana Ruiz"}},
		{"Ana Ruiz spoke first. She said the blaze was out.", []string{"Ana Ruiz"}},
		{"The council said the road would close.", []string{"council"}},
	}
	for _, tc := range tests {
		if got := cueSubjects(tc.text); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("subjects of %q = %q, want %q", tc.text, got, tc.want)
		}
	}
}
