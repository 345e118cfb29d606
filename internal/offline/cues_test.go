package offline

import (
	"strings"
	"testing"

	"github.com/whosaid/whosaid/internal/article"
)

func TestCueMustIntroduceAStatement(t *testing.T) {
	runPatternCases(t, []patternCase{
		{
			name: "a number is not a statement",
			text: "Shares of Orlen Foods added 0.4 per cent on Tuesday, while the wider index added 12 points in slow trading.",
			none: []string{"0.4 per cent", "12 points"},
		},
		{
			name: "noun use of a reporting word",
			text: "The report said little about costs. The says of the crowd were loud. A warning was issued for the coast after the storm tracked north overnight.",
			none: []string{"issued for the coast"},
		},
		{
			name: "passive",
			text: "The building was said to be unsafe for years before it finally collapsed last week.",
			none: []string{"unsafe for years"},
		},
	})
}

func TestCueConstructions(t *testing.T) {
	runPatternCases(t, []patternCase{
		{
			name: "retorted, confessed, lamented",
			text: "\"That is simply false,\" retorted Senator Gil Ortega.\n\n\"I was wrong about the timeline,\" confessed Minister Ada Brook.\n\nFarmer Ben Ruiz lamented that the rain had come too late for his wheat.",
			want: []want{
				{"simply false", "Gil Ortega", article.KindDirect},
				{"wrong about the timeline", "Ada Brook", article.KindDirect},
				{"rain had come too late", "Ben Ruiz", article.KindIndirect},
			},
		},
		{
			name: "went on",
			text: "\"The river has never been this high,\" said resident Omar Haddad. \"We moved the car twice,\" he went on.",
			want: []want{{"moved the car twice", "Omar Haddad", article.KindDirect}},
		},
	})
}

func TestGameRecapsAreNotStatements(t *testing.T) {
	runPatternCases(t, []patternCase{{
		name: "goals and answers on the ice",
		text: "Riverton added three more goals before the end of the period. The Hawks responded a minute later when Dale Moss scored on a rebound. Moss added another in the third.\n\nCoach Ina Falk asked her players whether they had ever played a worse period.\n\nThe mayor promised a new arena before the next election.",
		none: []string{"three more goals", "a minute later", "another in the third", "ever played a worse", "new arena"},
	}})
}

// cuesOf returns the cue texts that findCues reads in the first sentence
// of text.
func cuesOf(text string) []cue {
	a := newAnalysis(text)
	return append([]cue(nil), a.findCues(a.sents[0])...)
}

func TestFindCues(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"The mayor said the bridge would reopen.", []string{"said"}},
		{`"It is done," she told reporters, adding that work would go on.`, []string{"told", "adding"}},
		{"The plan is, according to the council, nearly ready.", []string{"according to"}},
		{"Osei pointed out that the dam leaks.", []string{"pointed out"}},
		{"Osei pointed at the dam.", nil},
		{"Shares added 0.4 per cent on Friday.", nil},
		{"Halvorsen added a goal late in the game.", nil},
		{"The report was late.", nil},
		{`He warned: "Do not say it."`, []string{"warned"}},
	}
	for _, tc := range tests {
		var got []string
		for _, c := range cuesOf(tc.text) {
			got = append(got, c.text)
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("findCues(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestCueForms(t *testing.T) {
	cs := cuesOf(`"Soon," she told him, adding that the vote was close.`)
	if len(cs) != 2 {
		t.Fatalf("cues = %+v", cs)
	}
	if f := cs[0].form; f.lemma != "tell" || !f.object || f.participle {
		t.Errorf("told: form %+v, want lemma tell, an object verb", f)
	}
	if f := cs[1].form; f.lemma != "add" || !f.participle {
		t.Errorf("adding: form %+v, want lemma add, a participle", f)
	}
}
