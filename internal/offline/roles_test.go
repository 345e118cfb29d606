package offline

import "testing"

func TestAgentNoun(t *testing.T) {
	for w, want := range map[string]bool{
		"defenceman": true, "goaltender": true, "economist": true, "resident": true,
		"librarian": true, "consultant": true, "trainee": true,
		"after": false, "tower": false, // too short to guess
		"report": false, "yesterday": false, "quickly": false,
	} {
		if got := agentNoun(w); got != want {
			t.Errorf("agentNoun(%q) = %v, want %v", w, got, want)
		}
	}
}
