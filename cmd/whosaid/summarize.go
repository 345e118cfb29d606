package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/extractor"
	"github.com/whosaid/whosaid/internal/pipeline"
	"github.com/whosaid/whosaid/internal/store/local"
	"github.com/whosaid/whosaid/internal/textconv"
)

// defaultMaxBytes bounds the input read, and so the memory used: 4 MiB is
// far above any news article.
const defaultMaxBytes = 4 << 20

var errHelp = errors.New("help shown")

// parseFlags parses a command's flags, turning flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usageError{err}
	}
	return nil
}

func cmdSummarize(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("summarize", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "json", "output `format`: json or text")
	inFormat := fs.String("input-format", "auto", "input `format`: auto, text, html or markdown")
	extractor := fs.String("extractor", "auto", "`extractor`: auto (llm when OPENAI_API_KEY is set, else offline), offline or llm")
	dataDir := fs.String("data-dir", envOr("WHOSAID_DATA_DIR", ".whosaid"), "`folder` for the local text and summary stores")
	maxBytes := fs.Int64("max-bytes", defaultMaxBytes, "refuse input larger than this many `bytes`")
	source := fs.String("source", "local", "article `source` recorded with the summary")
	id := fs.String("id", "", "article `id` (default: the file name, or \"stdin\")")
	title := fs.String("title", "", "article `title` (default: taken from HTML or Markdown)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: whosaid summarize [flags] FILE|-\n\nPrints the who-said-what summary of an article and stores it locally.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usagef("want exactly one FILE (or - for standard input), got %d", fs.NArg())
	}
	if *format != "json" && *format != "text" {
		return usagef("unknown --format %q (want json or text)", *format)
	}
	inF, err := textconv.ParseFormat(*inFormat)
	if err != nil {
		return usageError{err}
	}
	if *maxBytes <= 0 {
		return usagef("--max-bytes must be positive")
	}
	x, err := pickExtractor(*extractor)
	if err != nil {
		return err
	}

	name := fs.Arg(0)
	data, err := readInput(name, stdin, *maxBytes)
	if err != nil {
		return err
	}
	doc, err := textconv.Convert(name, data, inF)
	switch {
	case errors.Is(err, textconv.ErrEmpty):
		return usagef("%s: the article is empty", displayName(name))
	case errors.Is(err, textconv.ErrBinary):
		return usagef("%s: not UTF-8 text (binary or another encoding); convert it to UTF-8 first", displayName(name))
	case err != nil:
		return usagef("%s: %v", displayName(name), err)
	}

	a := article.Article{Source: *source, ID: *id, Title: *title, Text: doc.Text, Revision: article.Revision(doc.Text)}
	if a.ID == "" {
		a.ID = defaultID(name)
	}
	if a.Title == "" {
		a.Title = doc.Title
	}
	store, err := local.New(*dataDir)
	if err != nil {
		return err
	}
	res, err := pipeline.New(store, store, x).Summarize(ctx, a)
	if err != nil {
		return err
	}
	if res.Skipped {
		fmt.Fprintf(stderr, "whosaid: %s/%s is already summarized at %s with %s; no extraction done\n", a.Source, a.ID, a.Revision, x.ConfigHash())
	}
	if xi := res.Summary.Extractor; x.Name() == "llm" && !res.Skipped {
		fmt.Fprintf(stderr, "whosaid: usage: %d input tokens, %d output tokens, $%.4f with %s\n", xi.Usage.InputTokens, xi.Usage.OutputTokens, xi.CostUSD, xi.Model)
		if n := xi.Dropped[article.DropNotFound]; n > 0 {
			fmt.Fprintf(stderr, "whosaid: %d quotes from the model were not found in the text and were dropped\n", n)
		}
		if n := xi.Dropped[article.DropNarrator]; n > 0 {
			fmt.Fprintf(stderr, "whosaid: %d claimed quotations were the narrator's words and were dropped\n", n)
		}
		if n := xi.Dropped[article.DropInjection]; n > 0 {
			fmt.Fprintf(stderr, "whosaid: %d claimed quotations sat in text that instructs rather than reports and were dropped\n", n)
		}
		if xi.Fallback != "" {
			fmt.Fprintf(stderr, "whosaid: the LLM failed, so the offline extractor was used: %s\n", xi.Fallback)
		}
	}
	if *format == "text" {
		return printTable(stdout, &res.Summary)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res.Summary); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	return nil
}

// pickExtractor resolves --extractor with the LLM settings of the
// environment.
func pickExtractor(mode string) (pipeline.Extractor, error) {
	s, err := extractor.FromEnv()
	if err != nil {
		return nil, usageError{err}
	}
	s.Mode = mode
	x, err := extractor.New(s)
	if err != nil {
		return nil, usageError{err}
	}
	return x, nil
}

// readInput reads a file (or standard input for "-"), refusing more than max
// bytes so memory stays bounded.
func readInput(name string, stdin io.Reader, max int64) ([]byte, error) {
	var r io.Reader = stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, usageError{fmt.Errorf("open article: %w", err)}
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return nil, usagef("%s is a folder, not an article file", name)
		} else if err == nil && st.Size() > max {
			return nil, usagef("%s is %d bytes, over the --max-bytes limit of %d bytes", name, st.Size(), max)
		}
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", displayName(name), err)
	}
	if int64(len(data)) > max {
		return nil, usagef("%s is over the --max-bytes limit of %d bytes", displayName(name), max)
	}
	return data, nil
}

func displayName(name string) string {
	if name == "-" {
		return "standard input"
	}
	return name
}

func defaultID(name string) string {
	if name == "-" {
		return "stdin"
	}
	base := filepath.Base(name)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// printTable writes the quotes as a table of speaker, kind and quote; a
// flagged quotation starts with its flags in brackets.
func printTable(w io.Writer, s *article.Summary) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SPEAKER\tKIND\tQUOTE")
	flagged := 0
	for _, q := range s.Quotes {
		name := ""
		if sp := s.SpeakerByID(q.Speaker); sp != nil {
			name = sp.Name
		}
		text := shorten(q.Text, 100)
		if len(q.Flags) > 0 {
			text = "[" + strings.Join(q.Flags, ", ") + "] " + text
			flagged++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", name, q.Kind, text)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	if _, err := fmt.Fprintf(w, "\n%s by %s\n", plural(len(s.Quotes), "quote"), plural(len(s.Speakers), "speaker")); err != nil {
		return err
	}
	if flagged > 0 {
		_, err := fmt.Fprintf(w, "%d flagged: the text does not support the attribution (unverified) or never names the speaker (not_in_text); check by hand\n", flagged)
		return err
	}
	return nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// shorten cuts s to at most n runes on one line.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
