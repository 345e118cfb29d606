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
	key := TextKey("ghost", "posts/42 draft", Revision("x"))
	if !strings.HasPrefix(key, "text/ghost/posts%2F42%20draft/sha256:") {
		t.Fatalf("key = %q", key)
	}
	src, id, rev, ok := ParseTextKey(key)
	if !ok || src != "ghost" || id != "posts/42 draft" || rev != Revision("x") {
		t.Fatalf("ParseTextKey = %q %q %q %v", src, id, rev, ok)
	}
	for _, k := range []string{"payloads/a/b/c.json", "text/a/b.txt", "text/a/b/c.json"} {
		if _, _, _, ok := ParseTextKey(k); ok {
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
