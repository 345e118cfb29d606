// Command gen regenerates the challenge set's gold file, challenge.jsonl,
// and the pattern table in README.md from the annotated article sources in
// articles/. Run it from the repository root:
//
//	go run ./internal/offline/testdata/challenge/gen
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/whosaid/whosaid/internal/offline/testdata/challenge/markup"
)

func main() {
	dir := flag.String("dir", "internal/offline/testdata/challenge", "challenge set folder (holds articles/)")
	lint := flag.Bool("lint", false, "list quotation marks outside every gold span")
	flag.Parse()
	arts, err := markup.Load(filepath.Join(*dir, "articles"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	b, err := markup.JSONL(arts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	table, err := markup.PatternTable(arts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	readmePath := filepath.Join(*dir, "README.md")
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	newReadme, err := markup.WithTable(string(readme), table)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(readmePath, []byte(newReadme), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	out := filepath.Join(*dir, "challenge.jsonl")
	if err := os.WriteFile(out, b, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	n := 0
	for _, a := range arts {
		n += len(a.Quotes)
		if w := markup.Words(a); w < 150 || w > 400 {
			fmt.Fprintf(os.Stderr, "note: %s has %d words\n", a.ID, w)
		}
		if *lint {
			for _, u := range markup.Unmarked(a) {
				fmt.Fprintf(os.Stderr, "unmarked %s: %q\n", a.ID, u)
			}
		}
	}
	fmt.Printf("wrote %s: %d articles, %d quotes\n", out, len(arts), n)
}
