package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest"
	"github.com/whosaid/whosaid/internal/dlq"
	"github.com/whosaid/whosaid/internal/queue"
)

func TestDLQUsage(t *testing.T) {
	t.Setenv("WHOSAID_DLQ_URL", "")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"dlq"}, exitUsage, "want a subcommand"},
		{[]string{"dlq", "peek"}, exitUsage, `unknown subcommand "peek"`},
		{[]string{"dlq", "show"}, exitUsage, "--queue-url (or $WHOSAID_DLQ_URL) is required"},
		{[]string{"dlq", "show", "--format", "yaml", "--queue-url", "u"}, exitUsage, "--format must be text or json"},
		{[]string{"dlq", "redrive", "--method", "teleport", "--queue-url", "u"}, exitUsage, "--method must be auto, task or copy"},
		{[]string{"dlq", "redrive", "extra", "--queue-url", "u"}, exitUsage, `unexpected argument "extra"`},
	} {
		code, _, errs := runCLI(t, "", c.args...)
		if code != c.code || !strings.Contains(errs, c.want) || strings.Count(errs, c.want) != 1 {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q once", c.args, code, errs, c.code, c.want)
		}
	}
	for _, args := range [][]string{{"dlq", "-h"}, {"help", "dlq"}, {"dlq", "show", "-h"}, {"dlq", "redrive", "--help"}} {
		code, out, errs := runCLI(t, "", args...)
		if code != exitOK || !strings.Contains(out, "Usage: whosaid dlq") || errs != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
}

// TestDLQShowAndRedriveOnMoto runs both subcommands against moto: show
// lists without consuming, redrive (auto: copy on a stand-in) empties the
// dead-letter queue into the queue whose redrive policy names it.
func TestDLQShowAndRedriveOnMoto(t *testing.T) {
	awstest.Start(t)
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	api := sqs.NewFromConfig(cfg)
	dead, err := api.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("cli-dlq")})
	if err != nil {
		t.Fatal(err)
	}
	attrs, err := api.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: dead.QueueUrl, AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameQueueArn}})
	if err != nil {
		t.Fatal(err)
	}
	redrive, _ := json.Marshal(map[string]string{"deadLetterTargetArn": attrs.Attributes["QueueArn"], "maxReceiveCount": "5"})
	work, err := api.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("cli-work"), Attributes: map[string]string{"RedrivePolicy": string(redrive)}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		body, _ := queue.Message("bucket", article.TextKey("desk", "generic", fmt.Sprintf("story-%d", i), "sha256:0"+fmt.Sprint(i)), "whosaid")
		if _, err := api.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: dead.QueueUrl, MessageBody: aws.String(string(body))}); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("WHOSAID_DLQ_URL", *dead.QueueUrl)

	code, out, errs := runCLI(t, "", "dlq", "show")
	if code != exitOK || !strings.Contains(out, "3 messages waiting") || !strings.Contains(out, "desk/generic/story-2  sha256:02") {
		t.Fatalf("show: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = runCLI(t, "", "dlq", "show", "--format", "json", "--max", "2")
	var rep dlq.Report
	if code != exitOK || json.Unmarshal([]byte(out), &rep) != nil || rep.Visible != 3 || len(rep.Messages) != 2 {
		t.Fatalf("show json: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = runCLI(t, "", "dlq", "redrive")
	if code != exitOK || !strings.Contains(out, "moved 3 messages to "+*work.QueueUrl) {
		t.Fatalf("redrive: exit %d\n%s%s", code, out, errs)
	}
	got, err := api.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: work.QueueUrl, MaxNumberOfMessages: 10})
	if err != nil || len(got.Messages) != 3 {
		t.Fatalf("work queue holds %d messages (%v), want 3", len(got.Messages), err)
	}
	if code, out, _ := runCLI(t, "", "dlq", "show", "--max", "0"); code != exitOK || !strings.Contains(out, "0 messages waiting") {
		t.Fatalf("after redrive: %s", out)
	}
}
