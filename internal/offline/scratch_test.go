package offline

import (
	"strings"
	"testing"
)

// TestLowererMatchesToLower checks the tokenizer's lower-casing against
// strings.ToLower on valid text, with and without characters whose lower
// case has another length, and that invalid bytes are kept as they are.
func TestLowererMatchesToLower(t *testing.T) {
	texts := []string{
		"Mayor ÉLODIE Brunet said ÖSTERSUND votes, and McDONALD agreed",
		"plain lower case words only",
		"İstanbul Kelvin \u212a changes length", // İ and the Kelvin sign fold to other lengths
		"Ærø ΣΟΦΊΑ Straße ǅemal",
	}
	for _, text := range texts {
		low := newLowerer(text)
		for w := range strings.FieldsSeq(text) {
			if got, want := low.word(w), strings.ToLower(w); got != want {
				t.Errorf("lower(%q) = %q, want %q", w, got, want)
			}
		}
	}
	bad := "Caf\xe9 OK"
	low := newLowerer(bad)
	if got := low.word("Caf\xe9"); got != "caf\xe9" {
		t.Errorf("invalid byte: got %q, want %q", got, "caf\xe9")
	}
}
