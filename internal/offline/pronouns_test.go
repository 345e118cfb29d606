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
		text: "Historian Cecil Marsh has written a new book about the porters.\n\nSuch ideals came slowly, when leaders like Prime Minister Robert Laird envisioned a “nation of farmers and clerks,” Marsh writes. “The country was not meant to be diverse,” he writes.",
		want: []want{{"not meant to be diverse", "Cecil Marsh", article.KindDirect}},
	}})
}
