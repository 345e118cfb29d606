package offline

import (
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
