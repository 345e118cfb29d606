package offline

import "testing"

func TestIsBoilerplate(t *testing.T) {
	tests := []struct {
		p    string
		want bool
	}{
		{"READ MORE: Council delays the bridge vote", true},
		{"WATCH: Flood waters reach the old mill", true},
		{"Story continues below advertisement", true},
		{"Photo: A ferry leaves the harbour at dawn.", true},
		{"The new ferry leaves the harbour at dawn. (Harwick Ferries handout)", true},
		{"The new ferry left the harbour at dawn. (Getty Images)", true},
		{"DUNMORE: The council voted on Tuesday to close the pool.", false},
		{"The council voted on Tuesday to close the pool (for now).", false},
		{`"We will reopen it," the mayor said.`, false},
		{"", false},
	}
	for _, tc := range tests {
		if got := isBoilerplate(tc.p); got != tc.want {
			t.Errorf("isBoilerplate(%q) = %v, want %v", tc.p, got, tc.want)
		}
	}
}

func TestSkipParagraphs(t *testing.T) {
	text := "The pool closes on Friday.\n\nRELATED: Swim club loses its home\n\n\"It is a sad day,\" the coach said."
	got := skipParagraphs(text, splitParagraphs(text))
	want := []bool{false, true, false}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("paragraph %d skipped = %v, want %v", i, got[i], want[i])
		}
	}
}
