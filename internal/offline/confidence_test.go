package offline

import (
	"math"
	"testing"
)

// TestConfidenceByPath checks that a quotation's confidence is the level
// of the way it was attributed.
func TestConfidenceByPath(t *testing.T) {
	tests := []struct {
		name, text, sub string
		want            float64
	}{
		{"named cue", `"We are ready for the storm," said Ana Ruiz.`, "ready for the storm", confNamedCue},
		{"pronoun cue", `Ana Ruiz inspected the dikes. "We are ready for the storm," she said.`, "ready for the storm", confPronounCue},
		{"reported, named", "Ana Ruiz said the crews were ready for the storm.", "ready for the storm", indirectBase},
		{"reported, pronoun", "Ana Ruiz inspected the dikes. She said the crews were ready for the storm.", "ready for the storm", indirectPronoun},
		{"partial", `Ana Ruiz said the dikes were "ready for the storm" this year.`, "ready for the storm", confNamedCue - partialDiscount},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, _ := quoteWith(t, extract(t, tc.text), tc.sub)
			if math.Abs(q.Confidence-tc.want) > 1e-9 {
				t.Errorf("confidence %.3f (%s), want %.3f", q.Confidence, q.Kind, tc.want)
			}
		})
	}
}
