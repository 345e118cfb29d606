// Command whosaid extracts who said what from news articles.
//
//	whosaid summarize [flags] FILE|-   print the who-said-what summary of an article
//	whosaid eval [flags] GOLD.jsonl    score the extractor on annotated articles
//	whosaid serve [--addr HOST:PORT]  run the webhook and query routes locally
//	whosaid sign-event --secret S FILE sign a webhook event for local invokes
//
// Run "whosaid help" for the flags.
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
  whosaid summarize [flags] FILE|-    print the who-said-what summary of an article
  whosaid eval [flags] GOLD.jsonl     score the extractor on annotated articles
  whosaid serve [--addr 127.0.0.1:8080] run the webhook and query routes locally
  whosaid sign-event --secret S FILE  sign a webhook event (events/*.json) for local invokes
  whosaid help                        show this help

Run "whosaid COMMAND -h" for a command's flags.
`

// run executes the command line and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	slog.SetDefault(slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	var err error
	switch args[0] {
	case "summarize":
		err = cmdSummarize(ctx, args[1:], stdin, stdout, stderr)
	case "eval":
		err = cmdEval(ctx, args[1:], stdout, stderr)
	case "sign-event":
		err = cmdSignEvent(args[1:], stdout, stderr)
	case "serve":
		err = cmdServe(ctx, args[1:], stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "whosaid: unknown command %q\n\n%s", args[0], usage)
		return exitUsage
	}
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errHelp) {
		return exitOK
	}
	fmt.Fprintf(stderr, "whosaid %s: %v\n", args[0], err)
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitError
}
