package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/whosaid/whosaid/internal/evaluate"
)

func cmdEval(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	c := newCommand("eval", `Usage: whosaid eval [flags] GOLD.jsonl|-

Scores an extractor on annotated articles (one JSON document per line; - reads
standard input) and prints the report as JSON.
`)
	fs := c.fs
	cover := fs.Float64("cover", 0.3, "share of a gold span a predicted quote must cover to match (0 < cover ≤ 1)")
	showErrors := fs.Bool("errors", false, "list missed, spurious and misattributed quotes, with their text")
	calibration := fs.Bool("calibration", false, "print a reliability table (confidence buckets → share fully right) and the expected calibration error on stderr; add it to the report")
	mode := fs.String("extractor", envOr("WHOSAID_EXTRACTOR", "offline"), "`extractor` to score: offline, llm or auto; $WHOSAID_EXTRACTOR sets the default")
	files, err := c.parse(args, stdout)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("want exactly one GOLD.jsonl file (or - for standard input), got %d", len(files))
	}
	if *cover <= 0 || *cover > 1 {
		return usagef("--cover must be in (0, 1], got %v", *cover)
	}
	x, err := pickExtractor(*mode)
	if err != nil {
		return err
	}
	var in io.Reader = stdin
	if files[0] != "-" {
		f, err := os.Open(files[0])
		if err != nil {
			return usageError{fmt.Errorf("open gold file: %w", err)}
		}
		defer f.Close()
		in = f
	}
	gold, err := evaluate.ReadGold(in)
	if err != nil {
		return usagef("%s: %w", displayName(files[0]), err)
	}
	rep, err := evaluate.Score(ctx, x, gold, evaluate.Options{Cover: *cover, Errors: *showErrors, Calibration: *calibration})
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
