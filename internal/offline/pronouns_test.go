package offline

import (
	"testing"

	"github.com/whosaid/whosaid/internal/article"
)

func TestPronounPicksCompatiblePerson(t *testing.T) {
	text := "Emily Carter met John Brennan in Ottawa on Tuesday.\n\n“The talks were productive,” she said.\n\n“We still disagree on tariffs,” he said."
	s := extract(t, text)
	if _, sp := quoteWith(t, s, "talks were productive"); sp != "Emily Carter" {
		t.Errorf("she → %q, want Emily Carter", sp)
	}
	if _, sp := quoteWith(t, s, "still disagree"); sp != "John Brennan" {
		t.Errorf("he → %q, want John Brennan", sp)
	}
}

func TestSpeakerOfUnknownGenderKeepsThePronoun(t *testing.T) {
	runPatternCases(t, []patternCase{{
		name: "the writer, not the man he writes about",
		text: "Geographer Kerry Marsh has written a book about lighthouse keepers.\n\nWhole families lost their work when Governor Alan Royce ordered the lights automated in 1961, Marsh writes. “Nobody asked the keepers what they wanted,” he writes.",
		want: []want{{"Nobody asked the keepers", "Kerry Marsh", article.KindDirect}},
	}})
}
