package main

import (
	"context"
	"encoding/json"
	"io"
	"os"

	"github.com/whosaid/whosaid/internal/analytics"
	"github.com/whosaid/whosaid/internal/store/local"
)

func cmdStats(ctx context.Context, args []string, stdout io.Writer) error {
	c := newCommand("stats", `Usage: whosaid stats [flags]

Prints who gets quoted across every summary stored under --data-dir: the
top speakers, quotations per speaker type, the share of women among quoted
people by section and month, and people quoted by more than one outlet.
--format html writes one self-contained page with charts. Gender is
inferred from each article's own evidence and first names, unknown when
unsure, never for organisations or groups; WHOSAID_GENDER=off turns it off.
`)
	fs := c.fs
	format := fs.String("format", "table", "output `format`: table, json or html")
	output := fs.String("o", "-", "write the output to this `file` instead of standard output")
	dataDir := fs.String("data-dir", envOr("WHOSAID_DATA_DIR", ".whosaid"), "`folder` of the local stores; $WHOSAID_DATA_DIR sets the default")
	top := fs.Int("top", 10, "list this many top `speakers`")
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
	st := analytics.Aggregate(rows, *top)
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
