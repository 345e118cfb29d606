package offline

import (
	"strings"
	"testing"
)

// reportedClauses runs the stages up to reported speech over text and
// returns each reported clause with its speaker, "clause / speaker".
func reportedClauses(text string) []string {
	a := newAnalysis(text)
	var out []string
	for si, s := range a.sents {
		a.scanNames(si)
		cs := a.findCues(s)
		for k := range cs {
			a.resolveSubject(&cs[k], s, cs[:k])
		}
		for _, f := range a.reported(s, cs, nil) {
			name := ""
			if f.ent >= 0 {
				name = a.ents.list[f.ent].name
			}
			out = append(out, text[f.span.start:f.span.end]+" / "+name)
		}
	}
	return out
}

func TestReportedClauses(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"said that", "Ana Ruiz said that the crews would work through the night.",
			[]string{"that the crews would work through the night / Ana Ruiz"}}, // the clause keeps its "that"
		{"according to", "The bridge will reopen in May, according to Ana Ruiz.",
			[]string{"The bridge will reopen in May / Ana Ruiz"}},
		{"inverted cue after the clause", "The bridge will reopen in May, said Ana Ruiz.",
			[]string{"The bridge will reopen in May / Ana Ruiz"}},
		{"too short to be a statement", "Ana Ruiz said no.", nil},
		{"no cue", "Ana Ruiz walked across the bridge in May.", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := reportedClauses(tc.text); strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}
