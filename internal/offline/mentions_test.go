package offline

import (
	"testing"

	"github.com/whosaid/whosaid/internal/article"
)

func TestMentionedPersonIsNotSpeaker(t *testing.T) {
	text := "Alice Moreno wrote to Governor Frank Dale in March.\n\n“He answered within a week, and he agreed to meet,” Moreno said."
	s := extract(t, text)
	if _, sp := quoteWith(t, s, "He answered"); sp != "Alice Moreno" {
		t.Errorf("speaker = %q, want Alice Moreno", sp)
	}
	for _, sp := range s.Speakers {
		if sp.Name == "Frank Dale" {
			t.Errorf("Frank Dale is mentioned, not quoted: %+v", s.Speakers)
		}
	}
}

func TestOnlyEntitiesSpeak(t *testing.T) {
	runPatternCases(t, []patternCase{
		{
			name:        "boilerplate line is no speaker",
			text:        "Nurse Abigail Stone said the ward had been short-staffed for months.\n\nStory continues below advertisement\n\n\"We are exhausted,\" she said.",
			want:        []want{{"We are exhausted", "Abigail Stone", article.KindDirect}},
			notSpeakers: []string{"Story"},
		},
		{
			name:        "sentence-initial word glued to a description",
			text:        "Public health officials said the outbreak had peaked. Public transit will run on a holiday schedule.\n\nSeveral researchers said that the data was still incomplete.",
			want:        []want{{"outbreak had peaked", "Public health officials", article.KindIndirect}},
			notSpeakers: []string{"Public"},
		},
		{
			name: "outlet is the addressee, not the speaker",
			text: "\"We did nothing wrong,\" Victor Amsel told the Harbour Gazette on Tuesday.",
			want: []want{{"did nothing wrong", "Victor Amsel", article.KindDirect}},
		},
		{
			name: "nationality before a role",
			text: "\"The border will stay open,\" a Canadian official said on Wednesday.",
			want: []want{{"border will stay open", "a Canadian official", article.KindDirect}},
		},
	})
}
