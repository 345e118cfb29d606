package offline

import (
	"testing"

	"github.com/whosaid/whosaid/internal/article"
)

func TestOfficeHolderNamedLater(t *testing.T) {
	runPatternCases(t, []patternCase{{
		name: "a lead's unnamed judge is the judge named next",
		text: "A Superior Court of Nova judge rebuked the Lakeside Radio board on Friday, saying the station had been \"playing games\" with its members.\n\nJustice Mara Quint directed the board to release the list of members within a week.",
		want: []want{{"playing games", "Mara Quint", article.KindPartial}},
	}})
}
