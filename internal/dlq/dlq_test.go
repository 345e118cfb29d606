package dlq_test

import (
	"context"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/awstest"
	"github.com/whosaid/whosaid/internal/awstest/stack"
	"github.com/whosaid/whosaid/internal/correlation"
	"github.com/whosaid/whosaid/internal/dlq"
	"github.com/whosaid/whosaid/internal/queue"
)

func TestMain(m *testing.M) { os.Exit(awstest.Main(m)) }

// deadLetter puts summarize messages for the given article ids on the
// dead-letter queue, as the summarize queue's redrive policy would, and a
// message that is no S3 notification.
func deadLetter(t *testing.T, st *stack.Stack, ids ...string) map[string]string {
	t.Helper()
	keys := map[string]string{}
	for _, id := range ids {
		key := article.TextKey("acme", "generic", id, article.Revision("text of "+id))
		body, err := queue.Message(stack.Bucket, key, "whosaid")
		if err != nil {
			t.Fatal(err)
		}
		_, err = st.SQS.SendMessage(context.Background(), &sqs.SendMessageInput{
			QueueUrl: aws.String(st.DLQURL), MessageBody: aws.String(string(body)),
			MessageAttributes: map[string]types.MessageAttributeValue{correlation.Key: {DataType: aws.String("String"), StringValue: aws.String("evt-" + id)}},
		})
		if err != nil {
			t.Fatal(err)
		}
		keys[id] = key
	}
	return keys
}

func TestShowReadsWithoutConsuming(t *testing.T) {
	st := stack.New(t)
	ctx := context.Background()
	keys := deadLetter(t, st, "a", "b", "c")
	if _, err := st.SQS.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(st.DLQURL), MessageBody: aws.String("not a notification")}); err != nil {
		t.Fatal(err)
	}
	tool := dlq.New(st.SQS, st.DLQURL)
	rep, err := tool.Show(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Visible != 4 || len(rep.Messages) != 4 {
		t.Fatalf("report: %d visible, %d shown; want 4 and 4: %+v", rep.Visible, len(rep.Messages), rep)
	}
	found, problems := map[string]bool{}, 0
	for _, m := range rep.Messages {
		if m.Problem != "" {
			problems++
			continue
		}
		if len(m.Articles) != 1 || m.Sent.IsZero() || m.Receives < 1 {
			t.Errorf("message %+v", m)
			continue
		}
		a := m.Articles[0]
		if keys[a.ID] != a.Key || a.Tenant != "acme" || a.Source != "generic" || m.Correlation != "evt-"+a.ID {
			t.Errorf("message %s: %+v correlation %q", m.ID, a, m.Correlation)
		}
		found[a.ID] = true
	}
	if len(found) != 3 || problems != 1 {
		t.Errorf("found %v and %d unreadable, want a, b, c and 1", found, problems)
	}
	// Nothing was consumed: every message can be shown again at once, and
	// a limit is honoured.
	again, err := tool.Show(ctx, 2)
	if err != nil || len(again.Messages) != 2 {
		t.Fatalf("second look: %d messages, %v", len(again.Messages), err)
	}
	if again, err = tool.Show(ctx, 10); err != nil || len(again.Messages) != 4 {
		t.Fatalf("third look: %d messages, %v", len(again.Messages), err)
	}
}

func TestRedriveSendsBackToTheSourceQueue(t *testing.T) {
	st := stack.New(t)
	ctx := context.Background()
	keys := deadLetter(t, st, "a", "b", "c")
	tool := dlq.New(st.SQS, st.DLQURL)

	// moto has no message-move task: task fails, and says so.
	if _, err := tool.Redrive(ctx, dlq.MoveTask, "", 0, 0); err == nil {
		t.Fatal("want an error from the message-move task on moto")
	}
	// copy with a limit moves that many.
	res, err := tool.Redrive(ctx, dlq.Copy, "", 1, 0)
	if err != nil || res.Moved != 1 || res.Target != st.QueueURL {
		t.Fatalf("copy 1: %+v %v", res, err)
	}
	// auto is copy on a stand-in; the source queue is found by its
	// redrive policy, and the rest is moved.
	method := dlq.Resolve(dlq.Auto, os.Getenv("AWS_ENDPOINT_URL"))
	if method != dlq.Copy || dlq.Resolve(dlq.Auto, "") != dlq.MoveTask || dlq.Resolve(dlq.Copy, "") != dlq.Copy {
		t.Fatalf("auto resolves to %q on moto", method)
	}
	res, err = tool.Redrive(ctx, method, "", 0, 0)
	if err != nil || res.Method != dlq.Copy || res.Moved != 2 || res.Target != st.QueueURL {
		t.Fatalf("auto: %+v %v", res, err)
	}
	back := st.Drain(t)
	if len(back) != 3 {
		t.Fatalf("%d messages back on the summarize queue, want 3", len(back))
	}
	for _, m := range back {
		ks, err := queue.Keys(*m.Body)
		if err != nil || len(ks) != 1 {
			t.Fatalf("body %q: %v", *m.Body, err)
		}
		_, _, id, _, _ := article.ParseTextKey(ks[0])
		if keys[id] != ks[0] {
			t.Errorf("unknown key %q", ks[0])
		}
		if a, ok := m.MessageAttributes[correlation.Key]; !ok || aws.ToString(a.StringValue) != "evt-"+id {
			t.Errorf("message of %s lost its correlation id: %+v", id, m.MessageAttributes)
		}
		delete(keys, id)
	}
	rep, err := tool.Show(ctx, 10)
	if err != nil || rep.Visible != 0 || len(rep.Messages) != 0 {
		t.Fatalf("dead-letter queue after redrive: %+v %v", rep, err)
	}
	// An empty queue redrives nothing, without error.
	if res, err := tool.Redrive(ctx, dlq.Copy, st.QueueURL, 0, 0); err != nil || res.Moved != 0 {
		t.Fatalf("empty: %+v %v", res, err)
	}
}

// moveTaskRecorder is moto's SQS with the one call moto lacks answered
// here: it records the message-move task asked for.
type moveTaskRecorder struct {
	*sqs.Client
	got *sqs.StartMessageMoveTaskInput
}

func (r *moveTaskRecorder) StartMessageMoveTask(_ context.Context, in *sqs.StartMessageMoveTaskInput, _ ...func(*sqs.Options)) (*sqs.StartMessageMoveTaskOutput, error) {
	r.got = in
	return &sqs.StartMessageMoveTaskOutput{TaskHandle: aws.String("task-1")}, nil
}

func TestRedriveStartsAMoveTaskFromTheDLQToItsSource(t *testing.T) {
	st := stack.New(t)
	ctx := context.Background()
	rec := &moveTaskRecorder{Client: st.SQS}
	res, err := dlq.New(rec, st.DLQURL).Redrive(ctx, dlq.Resolve(dlq.Auto, ""), "", 0, 5)
	if err != nil || res.Method != dlq.MoveTask || res.TaskHandle != "task-1" {
		t.Fatalf("redrive: %+v %v", res, err)
	}
	arn := func(url string) string {
		out, err := st.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url), AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameQueueArn}})
		if err != nil {
			t.Fatal(err)
		}
		return out.Attributes["QueueArn"]
	}
	if aws.ToString(rec.got.SourceArn) != arn(st.DLQURL) || aws.ToString(rec.got.DestinationArn) != arn(st.QueueURL) || aws.ToInt32(rec.got.MaxNumberOfMessagesPerSecond) != 5 {
		t.Errorf("move task %+v", rec.got)
	}
	if _, err := dlq.New(st.SQS, st.DLQURL).Redrive(ctx, "sideways", st.QueueURL, 0, 0); err == nil {
		t.Error("an unknown method was accepted")
	}
}
