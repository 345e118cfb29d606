package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/analytics"
)

const storyBoard = "The Lakeside Water Board raised rates on Tuesday.\n\n“Our pipes are sixty years old,” the Lakeside Water Board said in a statement.\n\n“Nobody warned us,” said Tom Achebe, who runs a bakery on Front Street. Residents said the rise was too steep."

// summarizeInto stores the summaries of two invented stories in a data
// folder and returns the folder and the number of quotations stored.
func summarizeInto(t *testing.T) (string, int) {
	t.Helper()
	data := t.TempDir()
	quotes := 0
	for name, body := range map[string]string{"pier.txt": story, "rates.txt": storyBoard} {
		code, out, stderr := runCLI(t, "", "summarize", "--data-dir", data, writeFile(t, name, body))
		if code != 0 {
			t.Fatalf("summarize %s: exit %d %s", name, code, stderr)
		}
		var s struct{ Quotes []json.RawMessage }
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatal(err)
		}
		quotes += len(s.Quotes)
	}
	return data, quotes
}

func TestStats(t *testing.T) {
	t.Setenv("WHOSAID_GENDER", "")
	data, quotes := summarizeInto(t)
	code, out, stderr := runCLI(t, "", "stats", "--data-dir", data, "--format", "json")
	if code != 0 {
		t.Fatalf("stats: exit %d %s", code, stderr)
	}
	var st analytics.Stats
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	if st.Articles != 2 || st.Quotes != quotes || !st.GenderInferred {
		t.Errorf("stats: %d articles, %d quotes (stored %d), gender %v", st.Articles, st.Quotes, quotes, st.GenderInferred)
	}
	types := map[string]bool{}
	for _, tc := range st.ByType {
		types[tc.Type] = true
	}
	if !types[analytics.TypePerson] || !types[analytics.TypeOrganisation] {
		t.Errorf("speaker types %v: want a person and an organisation", st.ByType)
	}
	for _, s := range st.TopSpeakers {
		if s.Type != analytics.TypePerson && s.Gender != "" {
			t.Errorf("%s (%s) has gender %q", s.Name, s.Type, s.Gender)
		}
		if s.Name == "Ines Varga" && s.Gender != analytics.GenderFemale {
			t.Errorf("Ines Varga, quoted with “she said”: gender %q", s.Gender)
		}
	}

	code, table, _ := runCLI(t, "", "stats", "--data-dir", data)
	if code != 0 || !strings.Contains(table, "Top speakers") || !strings.Contains(table, "Lakeside Water Board") {
		t.Errorf("table: exit %d\n%s", code, table)
	}
	page := filepath.Join(t.TempDir(), "stats.html")
	if code, _, stderr := runCLI(t, "", "stats", "--data-dir", data, "--format", "html", "-o", page); code != 0 {
		t.Fatalf("html: exit %d %s", code, stderr)
	}
	b, err := os.ReadFile(page)
	if err != nil || !strings.Contains(string(b), "<svg") || strings.Contains(string(b), "https://") {
		t.Errorf("html page: %v, %d bytes", err, len(b))
	}

	// Both stories were stored today (they carry no publication date).
	now := time.Now().UTC()
	from, to := now.AddDate(0, 0, -1).Format(time.DateOnly), now.AddDate(0, 0, 1).Format(time.DateOnly)
	_, out, _ = runCLI(t, "", "stats", "--data-dir", data, "--format", "json", "--since", from, "--until", to)
	st = analytics.Stats{}
	if err := json.Unmarshal([]byte(out), &st); err != nil || st.Articles != 2 {
		t.Errorf("--since/--until around today: %d articles (%v), want 2", st.Articles, err)
	}
	_, out, _ = runCLI(t, "", "stats", "--data-dir", data, "--format", "json", "--until", "2000-01-01")
	st = analytics.Stats{}
	if err := json.Unmarshal([]byte(out), &st); err != nil || st.Articles != 0 || st.Quotes != 0 {
		t.Errorf("--until 2000-01-01: %d articles, %d quotes (%v), want none", st.Articles, st.Quotes, err)
	}

	t.Setenv("WHOSAID_GENDER", "off")
	_, out, _ = runCLI(t, "", "stats", "--data-dir", data, "--format", "json")
	st = analytics.Stats{}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	if st.GenderInferred || st.ByGender.Female+st.ByGender.Male != 0 {
		t.Errorf("WHOSAID_GENDER=off: %+v", st.ByGender)
	}
}

func TestStatsUsage(t *testing.T) {
	for _, args := range [][]string{
		{"stats", "--format", "pdf", "--data-dir", t.TempDir()},
		{"stats", "--data-dir", filepath.Join(t.TempDir(), "none")},
		{"stats", "extra", "--data-dir", t.TempDir()},
		{"stats", "--no-such-flag"},
		{"stats", "--since", "last week", "--data-dir", t.TempDir()},
	} {
		if code, out, stderr := runCLI(t, "", args...); code != 2 || out != "" || stderr == "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, stderr)
		}
	}
	if code, out, _ := runCLI(t, "", "stats", "-h"); code != 0 || !strings.Contains(out, "Usage: whosaid stats") || !strings.Contains(out, "Flags:") {
		t.Errorf("stats -h: exit %d %q", code, out)
	}
}
