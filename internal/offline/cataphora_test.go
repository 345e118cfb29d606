package offline

import (
	"testing"

	"github.com/whosaid/whosaid/internal/article"
)

func TestOfficeHolderNamedLater(t *testing.T) {
	runPatternCases(t, []patternCase{{
		name: "a lead's unnamed judge is the judge named next",
		text: "A Nova County court judge fined the Harbour Ferry board on Friday, saying its members had \"ignored every warning\" about the loading ramp.\n\nJustice Mara Quint ordered the board to repair the ramp within a month.",
		want: []want{{"ignored every warning", "Mara Quint", article.KindPartial}},
	}})
}
