package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/whosaid/whosaid/internal/evaluate"
	"github.com/whosaid/whosaid/internal/offline"
)

func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cover := fs.Float64("cover", 0.3, "share of a gold span a predicted quote must cover to match (0 < cover ≤ 1)")
	showErrors := fs.Bool("errors", false, "list missed, spurious and misattributed quotes")
	calibration := fs.Bool("calibration", false, "print a reliability table (confidence buckets → share fully right) and the expected calibration error on stderr; add it to the report")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: whosaid eval [flags] GOLD.jsonl\n\nScores the offline extractor on annotated articles (one JSON document per line).\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usagef("want exactly one GOLD.jsonl file, got %d", fs.NArg())
	}
	if *cover <= 0 || *cover > 1 {
		return usagef("--cover must be in (0, 1], got %v", *cover)
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return usageError{fmt.Errorf("open gold file: %w", err)}
	}
	defer f.Close()
	gold, err := evaluate.ReadGold(f)
	if err != nil {
		return usageError{err}
	}
	rep, err := evaluate.Score(ctx, offline.New(offline.DefaultConfig()), gold, evaluate.Options{Cover: *cover, Errors: *showErrors, Calibration: *calibration})
	if err != nil {
		return err
	}
	if rep.Calibration != nil {
		if err := rep.Calibration.WriteTable(stderr); err != nil {
			return err
		}
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rep); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}
