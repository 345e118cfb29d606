package article

import (
	"os/exec"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	text := "“Ça va,” she said."
	good := Summary{
		Speakers: []Speaker{{ID: "s1", Name: "Ana"}},
		Quotes:   []Quote{{ID: "q1", Speaker: "s1", Text: "“Ça va,”", Start: 0, End: len("“Ça va,”"), Kind: KindDirect}},
	}
	if err := good.Validate(text); err != nil {
		t.Fatalf("valid summary rejected: %v", err)
	}
	bad := map[string]func(s *Summary){
		"text differs":    func(s *Summary) { s.Quotes[0].Text = "“Ca va,”" },
		"out of range":    func(s *Summary) { s.Quotes[0].End = 999 },
		"splits a rune":   func(s *Summary) { s.Quotes[0].Start, s.Quotes[0].Text = 1, text[1:s.Quotes[0].End] },
		"unknown kind":    func(s *Summary) { s.Quotes[0].Kind = "rumour" },
		"unknown speaker": func(s *Summary) { s.Quotes[0].Speaker = "s9" },
		"duplicate id":    func(s *Summary) { s.Speakers = append(s.Speakers, Speaker{ID: "s1"}) },
	}
	for name, mutate := range bad {
		s := good
		s.Quotes = append([]Quote{}, good.Quotes...)
		s.Speakers = append([]Speaker{}, good.Speakers...)
		mutate(&s)
		if err := s.Validate(text); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestTextKeyRoundTrip(t *testing.T) {
	key := TextKey("desk", "ghost", "posts/42 draft", Revision("x"))
	if !strings.HasPrefix(key, "text/desk/ghost/posts%2F42%20draft/sha256:") {
		t.Fatalf("key = %q", key)
	}
	ten, src, id, rev, ok := ParseTextKey(key)
	if !ok || ten != "desk" || src != "ghost" || id != "posts/42 draft" || rev != Revision("x") {
		t.Fatalf("ParseTextKey = %q %q %q %q %v", ten, src, id, rev, ok)
	}
	for _, k := range []string{"payloads/a/b/c.json", "text/a/b.txt", "text/a/b/c.json", "text/a/b/c.txt"} {
		if _, _, _, _, ok := ParseTextKey(k); ok {
			t.Errorf("ParseTextKey(%q) accepted", k)
		}
	}
}

func TestNormalizeName(t *testing.T) {
	if got := NormalizeName("  Dr. Jane   O’Neil, "); got != "jane o’neil" {
		t.Errorf("NormalizeName = %q", got)
	}
}

// TestNoSDKImports keeps the domain package free of AWS and OpenAI code.
func TestNoSDKImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list unavailable: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.Contains(dep, "aws") || strings.Contains(dep, "openai") {
			t.Errorf("internal/article depends on %s", dep)
		}
	}
}

func TestKeyPartsCannotCollide(t *testing.T) {
	a, b := KeyParts("t", "a#b", "c"), KeyParts("t", "a", "b#c")
	if a == b {
		t.Fatalf("(a#b, c) and (a, b#c) share the key %q", a)
	}
	for _, parts := range [][]string{{"t", "a#b", "c"}, {"t%23", "a/b", "100%"}, {"t", "", "x"}} {
		got, ok := SplitKeyParts(KeyParts(parts...), 3)
		if !ok || strings.Join(got, "|") != strings.Join(parts, "|") {
			t.Errorf("SplitKeyParts(KeyParts(%q)) = %q, %v", parts, got, ok)
		}
	}
	if TextKey("t", "a#b", "c", "r") == TextKey("t", "a", "b#c", "r") || TextKey("t", "a/b", "c", "r") == TextKey("t", "a", "b/c", "r") {
		t.Error("text keys collide")
	}
}

func TestCheckKeyPart(t *testing.T) {
	for _, bad := range []string{"", "..", "a/../b", "end.", strings.Repeat("x", 201), "a\nb", "\xff"} {
		if err := CheckKeyPart("id", bad, MaxIDBytes); err == nil {
			t.Errorf("CheckKeyPart(%q) accepted", bad)
		}
	}
	for _, good := range []string{"4242", "posts/42 draft", "a#b", "v1.2-final", "Ünïcode"} {
		if err := CheckKeyPart("id", good, MaxIDBytes); err != nil {
			t.Errorf("CheckKeyPart(%q) = %v", good, err)
		}
	}
}
