package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/extractor"
	"github.com/whosaid/whosaid/internal/pipeline"
	"github.com/whosaid/whosaid/internal/render"
	"github.com/whosaid/whosaid/internal/store/local"
	"github.com/whosaid/whosaid/internal/textconv"
)

// defaultMaxBytes bounds the input read, and so the memory used: 4 MiB is
// far above any news article.
const defaultMaxBytes = 4 << 20

func cmdSummarize(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	c := newCommand("summarize", `Usage: whosaid summarize [flags] FILE|-

Prints the who-said-what summary of an article (a file, or - for standard
input) and stores the text and the summary under --data-dir. Flags may come
before or after the file.
`)
	fs := c.fs
	format := fs.String("format", "json", "output `format`: json (the summary contract), text (a report to read) or html (a review page)")
	output := fs.String("o", "-", "write the output to this `file` instead of standard output")
	inFormat := fs.String("input-format", "auto", "input `format`: auto, text, html or markdown")
	extractor := fs.String("extractor", envOr("WHOSAID_EXTRACTOR", "auto"), "`extractor`: auto (llm when OPENAI_API_KEY is set, else offline), offline or llm; $WHOSAID_EXTRACTOR sets the default")
	dataDir := fs.String("data-dir", envOr("WHOSAID_DATA_DIR", ".whosaid"), "`folder` for the local text and summary stores; $WHOSAID_DATA_DIR sets the default")
	maxBytes := fs.Int64("max-bytes", defaultMaxBytes, "refuse input larger than this many `bytes`")
	source := fs.String("source", "local", "article `source` recorded with the summary")
	id := fs.String("id", "", "article `id` (default: the file name, or \"stdin\")")
	title := fs.String("title", "", "article `title` (default: from HTML or Markdown, or a plain text's first line when it reads as a headline)")
	files, err := c.parse(args, stdout)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("want exactly one FILE (or - for standard input), got %d", len(files))
	}
	if *format != "json" && *format != "text" && *format != "html" {
		return usagef("unknown --format %q (want json, text or html)", *format)
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

	name := files[0]
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
	if a.Title == "" {
		a.Title = headline(doc.Text)
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
	return writeOutput(*output, stdout, func(w io.Writer) error {
		switch *format {
		case "text":
			return render.Text(w, &res.Summary, textOptions(w))
		case "html":
			return render.HTML(w, &res.Summary, a.Text)
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(res.Summary); err != nil {
			return fmt.Errorf("write summary: %w", err)
		}
		return nil
	})
}

// writeOutput runs write on standard output for "-", else on the named
// file, which is replaced only once the whole output is written.
func writeOutput(name string, stdout io.Writer, write func(io.Writer) error) error {
	if name == "-" || name == "" {
		return write(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".whosaid-*")
	if err != nil {
		return fmt.Errorf("create output: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// textOptions wraps to the terminal's width (else $COLUMNS, else 80) and
// uses colour only when w is a terminal, NO_COLOR is unset or empty, and
// TERM is not "dumb".
func textOptions(w io.Writer) render.TextOptions {
	opt := render.TextOptions{Width: 80}
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		opt.Width = n
	}
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return opt
	}
	if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
		opt.Width = cols
	}
	opt.Color = useColor(true, os.Getenv)
	return opt
}

// useColor says whether to colour output: only on a terminal, never when
// NO_COLOR is set to anything (no-color.org) or TERM is "dumb".
func useColor(terminal bool, getenv func(string) string) bool {
	return terminal && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}

// headline returns a plain text's first paragraph when it reads as a
// headline: one line of at most 150 characters, not ending like a sentence
// or a quotation, with more text after it. Otherwise it returns "".
func headline(text string) string {
	first, rest, ok := strings.Cut(strings.TrimLeft(text, " \t\r\n"), "\n")
	first = strings.TrimSpace(first)
	if !ok || strings.TrimSpace(rest) == "" || first == "" || utf8.RuneCountInString(first) > 150 {
		return ""
	}
	if r, _ := utf8.DecodeLastRuneInString(first); strings.ContainsRune(".!?:;,\"”’'»", r) {
		return ""
	}
	return first
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
