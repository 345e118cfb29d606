// Command whosaid extracts who said what from news articles.
//
//	whosaid summarize [flags] FILE|-      print the who-said-what summary of an article (json, text or html)
//	whosaid eval [flags] GOLD.jsonl|-     score an extractor on annotated articles
//	whosaid serve [flags]                 run the webhook and query routes locally
//	whosaid sign-event [flags] EVENT.json sign a webhook event for local invokes
//	whosaid dlq show|redrive [flags]      look into or redrive the summarize dead-letter queue
//	whosaid reprocess [flags] [MODE]      summarize failed, stale or all stored articles again
//
// Flags may come before or after the file. Run "whosaid help" for the
// commands and "whosaid COMMAND -h" for a command's flags.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // something failed while working
	exitUsage = 2 // bad flags or bad input
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// usageError marks errors the user can fix by changing the command or the
// input; they exit with code 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

const usage = `whosaid extracts who said what from news articles.

Usage:
  whosaid summarize [flags] FILE|-      print the who-said-what summary of an article
  whosaid eval [flags] GOLD.jsonl|-     score an extractor on annotated articles
  whosaid serve [flags]                 run the webhook and query routes locally
  whosaid sign-event [flags] EVENT.json sign a webhook event (events/ingest-*.json) for local invokes
  whosaid dlq show|redrive [flags]      look into or redrive the summarize dead-letter queue
  whosaid stats [flags]                 who gets quoted: source counts over the stored summaries
  whosaid reprocess [flags] [MODE]      summarize failed, stale or all stored articles again
  whosaid help [COMMAND]                show this help, or a command's

Flags may come before or after the file. Run "whosaid COMMAND -h" for a
command's flags.
`

// run executes the command line and returns the exit code. Help goes to
// stdout with exit 0; a usage error is printed once, on stderr, with exit 2.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	slog.SetDefault(slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	if h := args[0]; h == "help" || h == "-h" || h == "--help" || h == "-help" {
		if len(args) > 1 && args[0] == "help" {
			return run(ctx, []string{args[1], "-h"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	var err error
	switch args[0] {
	case "summarize":
		err = cmdSummarize(ctx, args[1:], stdin, stdout, stderr)
	case "eval":
		err = cmdEval(ctx, args[1:], stdin, stdout, stderr)
	case "sign-event":
		err = cmdSignEvent(args[1:], stdout, stderr)
	case "serve":
		err = cmdServe(ctx, args[1:], stdout, stderr)
	case "dlq":
		err = cmdDLQ(ctx, args[1:], stdout, stderr)
	case "stats":
		err = cmdStats(ctx, args[1:], stdout)
	case "reprocess":
		err = cmdReprocess(ctx, args[1:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "whosaid: unknown command %q\nRun \"whosaid help\" for the commands.\n", args[0])
		return exitUsage
	}
	if err == nil || errors.Is(err, errHelp) {
		return exitOK
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "whosaid %s: %v\nRun \"whosaid %s -h\" for help.\n", args[0], err, args[0])
		return exitUsage
	}
	fmt.Fprintf(stderr, "whosaid %s: %v\n", args[0], err)
	return exitError
}
