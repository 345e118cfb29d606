package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"time"

	"github.com/whosaid/whosaid/internal/analytics"
	"github.com/whosaid/whosaid/internal/store/local"
)

func cmdStats(ctx context.Context, args []string, stdout io.Writer) error {
	c := newCommand("stats", `Usage: whosaid stats [flags]

Prints who gets quoted across every summary stored under --data-dir: the
top speakers, quotations per speaker type, the share of women among quoted
people by section and month, and people quoted by more than one outlet;
--since and --until limit it to articles published in a date range.
--format html writes one self-contained page with charts. Gender is
inferred from each article's own evidence and first names, unknown when
unsure, never for organisations or groups; WHOSAID_GENDER=off turns it off.
`)
	fs := c.fs
	format := fs.String("format", "table", "output `format`: table, json or html")
	output := fs.String("o", "-", "write the output to this `file` instead of standard output")
	dataDir := fs.String("data-dir", envOr("WHOSAID_DATA_DIR", ".whosaid"), "`folder` of the local stores; $WHOSAID_DATA_DIR sets the default")
	top := fs.Int("top", 10, "list this many top `speakers`")
	since := fs.String("since", "", "count only articles published on or after this `date` (YYYY-MM-DD, the dt partition)")
	until := fs.String("until", "", "count only articles published on or before this `date` (YYYY-MM-DD)")
	pos, err := c.parse(args, stdout)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("stats takes no arguments, got %q", pos)
	}
	if *format != "table" && *format != "json" && *format != "html" {
		return usagef("unknown --format %q (want table, json or html)", *format)
	}
	if *top <= 0 {
		return usagef("--top must be positive")
	}
	for name, v := range map[string]string{"since": *since, "until": *until} {
		if _, err := time.Parse(time.DateOnly, v); v != "" && err != nil {
			return usagef("--%s %q is no date (want YYYY-MM-DD)", name, v)
		}
	}
	if _, err := os.Stat(*dataDir); err != nil {
		return usagef("no data folder %s (summarize an article first, or give --data-dir)", *dataDir)
	}
	store, err := local.New(*dataDir)
	if err != nil {
		return err
	}
	rows, err := analytics.LoadLocal(ctx, *dataDir, store, analytics.Options{Gender: analytics.GenderFromEnv(os.Getenv("WHOSAID_GENDER"))})
	if err != nil {
		return err
	}
	kept := rows[:0]
	for _, r := range rows {
		if (*since == "" || r.Day >= *since) && (*until == "" || r.Day <= *until) {
			kept = append(kept, r)
		}
	}
	st := analytics.Aggregate(kept, *top)
	return writeOutput(*output, stdout, func(w io.Writer) error {
		switch *format {
		case "json":
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(st)
		case "html":
			return analytics.WriteHTML(w, st)
		}
		return analytics.WriteText(w, st)
	})
}
