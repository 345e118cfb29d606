package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/whosaid/whosaid/internal/dlq"
)

const dlqUsage = `Usage: whosaid dlq show [flags]
       whosaid dlq redrive [flags]

Looks into the summarize dead-letter queue (the stack's SummarizeDLQURL
output; --queue-url or $WHOSAID_DLQ_URL) and sends its messages back.

  show     counts the messages and lists up to --max of them (message id,
           first sent, receives, correlation id, article tenant/source/id
           and revision) without consuming them
  redrive  sends them back to the summarize queue: an SQS message-move task
           on AWS, receive/send/delete against a local stand-in
           (AWS_ENDPOINT_URL set)

AWS credentials and region come from the usual places (environment,
profile, SSO). Run "whosaid dlq show -h" or "whosaid dlq redrive -h" for
the flags.
`

// cmdDLQ runs `whosaid dlq show|redrive`.
func cmdDLQ(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usagef("want a subcommand: show or redrive")
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		fmt.Fprint(stdout, dlqUsage)
		return errHelp
	case "show":
		return cmdDLQShow(ctx, args[1:], stdout)
	case "redrive":
		return cmdDLQRedrive(ctx, args[1:], stdout, stderr)
	}
	return usagef("unknown subcommand %q: use show or redrive", args[0])
}

func queueURLFlag(c *command) *string {
	return c.fs.String("queue-url", os.Getenv("WHOSAID_DLQ_URL"), "`URL` of the summarize dead-letter queue (default $WHOSAID_DLQ_URL)")
}

func dlqTool(ctx context.Context, url string) (*dlq.Tool, error) {
	if url == "" {
		return nil, usagef("--queue-url (or $WHOSAID_DLQ_URL) is required: the stack's SummarizeDLQURL output")
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("aws config: %w", err)
	}
	return dlq.New(sqs.NewFromConfig(cfg), url), nil
}

func cmdDLQShow(ctx context.Context, args []string, stdout io.Writer) error {
	c := newCommand("dlq show", `Usage: whosaid dlq show [flags]

Counts the messages of the summarize dead-letter queue and lists up to --max
of them without consuming them (each is made visible again at once).
`)
	url := queueURLFlag(c)
	max := c.fs.Int("max", 10, "list at most `N` messages (0: counts only)")
	format := c.fs.String("format", "text", "output `format`: text or json")
	rest, err := c.parse(args, stdout)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	if *max < 0 {
		return usagef("--max must be 0 or more, got %d", *max)
	}
	if *format != "text" && *format != "json" {
		return usagef("--format must be text or json, got %q", *format)
	}
	tool, err := dlqTool(ctx, *url)
	if err != nil {
		return err
	}
	rep, err := tool.Show(ctx, *max)
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Fprintf(stdout, "%s\n%d messages waiting, %d in flight\n", rep.QueueURL, rep.Visible, rep.InFlight)
	for _, m := range rep.Messages {
		fmt.Fprintf(stdout, "\n%s  sent %s  receives %d", m.ID, m.Sent.Format("2006-01-02 15:04:05Z"), m.Receives)
		if m.Correlation != "" {
			fmt.Fprintf(stdout, "  correlation_id %s", m.Correlation)
		}
		fmt.Fprintln(stdout)
		for _, a := range m.Articles {
			fmt.Fprintf(stdout, "  %s/%s/%s  %s\n", a.Tenant, a.Source, a.ID, a.Revision)
		}
		if m.Problem != "" {
			fmt.Fprintf(stdout, "  %s\n", m.Problem)
		}
	}
	return nil
}

func cmdDLQRedrive(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand("dlq redrive", `Usage: whosaid dlq redrive [flags]

Sends the messages of the summarize dead-letter queue back to the summarize
queue (the queue whose redrive policy names it, or --to). Fix the cause
first (see the README's Operations section): a message that fails five
more times comes back here.
`)
	url := queueURLFlag(c)
	to := c.fs.String("to", "", "`URL` of the queue to send to (default: the queue that dead-letters into this one)")
	method := c.fs.String("method", string(dlq.Auto), "`how`: task (SQS message-move task), copy (receive, send, delete), or auto (task on AWS, copy with AWS_ENDPOINT_URL)")
	max := c.fs.Int("max", 0, "copy: move at most `N` messages (0: all)")
	rate := c.fs.Int("rate", 0, "task: at most `N` messages a second (0: SQS's pace)")
	rest, err := c.parse(args, stdout)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	m := dlq.Method(strings.ToLower(*method))
	if m != dlq.Auto && m != dlq.MoveTask && m != dlq.Copy {
		return usagef("--method must be auto, task or copy, got %q", *method)
	}
	if *max < 0 || *rate < 0 {
		return usagef("--max and --rate must be 0 or more")
	}
	tool, err := dlqTool(ctx, *url)
	if err != nil {
		return err
	}
	res, err := tool.Redrive(ctx, dlq.Resolve(m, os.Getenv("AWS_ENDPOINT_URL")), *to, *max, *rate)
	if err != nil {
		return err
	}
	switch res.Method {
	case dlq.MoveTask:
		fmt.Fprintf(stdout, "started message-move task %s to %s\n", res.TaskHandle, res.Target)
		fmt.Fprintf(stderr, "follow it with: aws sqs list-message-move-tasks --source-arn <the dead-letter queue's ARN>\n")
	default:
		fmt.Fprintf(stdout, "moved %d messages to %s\n", res.Moved, res.Target)
	}
	return nil
}
