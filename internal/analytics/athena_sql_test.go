package analytics

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// duckScript runs SQL statements (a JSON array on standard input) with
// DuckDB and prints each result as JSON rows. DuckDB stands in for
// Athena's engine (Trino) here: two Trino functions the README's queries
// use are defined as macros over DuckDB's own, and nothing else is changed.
const duckScript = `
const path = require('path');
const { DuckDBInstance } = require(path.join(process.env.DUCKDB_DIR, 'node_modules', '@duckdb', 'node-api'));
(async () => {
  const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  for (const s of input.setup) await c.run(s);
  const out = [];
  for (const q of input.queries) out.push((await c.runAndReadAll(q)).getRowObjectsJson());
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e.message); process.exit(1); });
`

// readmeQueries returns the SQL blocks of the README's source analytics
// section, in order.
func readmeQueries(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	start := strings.Index(s, "## Who gets quoted: source analytics")
	end := strings.Index(s, "### How gender is inferred")
	if start < 0 || end < start {
		t.Fatal("README has no source analytics section")
	}
	var qs []string
	for _, m := range regexp.MustCompile("(?s)```sql\n(.*?)```").FindAllStringSubmatch(s[start:end], -1) {
		qs = append(qs, m[1])
	}
	return qs
}

// TestReadmeQueries runs the README's Athena queries, as written, over
// Parquet files the exporter's code wrote for the hand-made data folder,
// and checks that they give the figures of Aggregate. It needs node and
// @duckdb/node-api (make tools installs it; WHOSAID_DUCKDB names the
// folder).
func TestReadmeQueries(t *testing.T) {
	dir := os.Getenv("WHOSAID_DUCKDB")
	if dir == "" {
		t.Skip("WHOSAID_DUCKDB not set (make tools installs DuckDB for node into .run/duckdb)")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@duckdb", "node-api")); err != nil {
		t.Fatalf("WHOSAID_DUCKDB=%s: %v", dir, err)
	}
	data, st := dataFolder(t)
	rows, err := LoadLocal(context.Background(), data, st, Options{Gender: true})
	if err != nil {
		t.Fatal(err)
	}
	lake := t.TempDir()
	files := map[string][]Row{}
	for _, r := range rows {
		k := DataKey(r.Day, r.Tenant, r.Source, r.ArticleID)
		files[k] = append(files[k], r.Row)
	}
	for k, rs := range files {
		b, err := Encode(rs)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(lake, filepath.FromSlash(k))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	queries := readmeQueries(t)
	if len(queries) != 4 {
		t.Fatalf("README has %d queries, want 4", len(queries))
	}
	// "This month" is the data's month, not the clock's.
	queries[0] = strings.ReplaceAll(queries[0], "current_date", "DATE '2026-11-20'")
	input, _ := json.Marshal(map[string]any{
		"setup": []string{
			"CREATE SCHEMA whosaid_analytics",
			fmt.Sprintf("CREATE VIEW whosaid_analytics.quotes AS SELECT * FROM read_parquet('%s/%s*/*.parquet', hive_partitioning = true, hive_types = {'dt': VARCHAR})", filepath.ToSlash(lake), Prefix),
			"CREATE MACRO date_format(d, f) AS strftime(d, f)",
			"CREATE MACRO array_join(l, s) AS array_to_string(l, s)",
		},
		"queries": queries,
	})
	script := filepath.Join(t.TempDir(), "duck.cjs")
	if err := os.WriteFile(script, []byte(duckScript), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", script)
	cmd.Env = append(os.Environ(), "DUCKDB_DIR="+dir)
	cmd.Stdin = strings.NewReader(string(input))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("duckdb: %v: %s", err, stderr.String())
	}
	var results [][]map[string]any
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatalf("duckdb output: %v: %s", err, out)
	}
	str := func(v any) string { return fmt.Sprint(v) }

	// 1. Top speakers this month.
	var nov []DayRow
	for _, r := range rows {
		if r.Day >= "2026-11-01" {
			nov = append(nov, r)
		}
	}
	var want, got []string
	for _, s := range Aggregate(nov, 100).TopSpeakers {
		want = append(want, fmt.Sprintf("%s %s %d %d", s.Name, s.Type, s.Quotes, s.Articles))
	}
	for _, r := range results[0] {
		got = append(got, fmt.Sprintf("%s %s %s %s", str(r["speaker"]), str(r["speaker_type"]), str(r["quotations"]), str(r["articles"])))
	}
	sort.Strings(want)
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("top speakers this month:\n got %q\nwant %q", got, want)
	}
	all := Aggregate(rows, 100)

	// 2. Quotations per speaker type.
	want, got = nil, nil
	for _, tc := range all.ByType {
		want = append(want, fmt.Sprintf("%s %d %d", tc.Type, tc.Quotes, tc.Speakers))
	}
	for _, r := range results[1] {
		got = append(got, fmt.Sprintf("%s %s %s", str(r["speaker_type"]), str(r["quotations"]), str(r["speakers"])))
	}
	sort.Strings(want)
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("per speaker type:\n got %q\nwant %q", got, want)
	}

	// 3. Share of women by section and month, in order.
	want, got = nil, nil
	for _, s := range all.BySectionMonth {
		want = append(want, fmt.Sprintf("%s %s %d %d %d %d %.1f", s.Section, s.Month, s.Female+s.Male+s.Unknown, s.Female, s.Male, s.Unknown, math.Round(1000*s.WomenShare)/10))
	}
	for _, r := range results[2] {
		pct := 0.0
		fmt.Sscan(str(r["women_pct"]), &pct)
		got = append(got, fmt.Sprintf("%s %s %s %s %s %s %.1f", str(r["section"]), str(r["month"]), str(r["people"]), str(r["women"]), str(r["men"]), str(r["unknown"]), pct))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("women by section and month:\n got %q\nwant %q", got, want)
	}

	// 4. People quoted by more than one outlet.
	want, got = nil, nil
	for _, o := range all.MultiOutlet {
		want = append(want, fmt.Sprintf("%s %d %s %d", o.Name, len(o.Outlets), strings.Join(o.Outlets, ", "), o.Quotes))
	}
	for _, r := range results[3] {
		got = append(got, fmt.Sprintf("%s %s %s %s", str(r["speaker"]), str(r["outlets"]), str(r["outlet_list"]), str(r["quotations"])))
	}
	if len(want) == 0 || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("multi-outlet:\n got %q\nwant %q", got, want)
	}
}
