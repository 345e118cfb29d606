// Package dlq looks into the summarize dead-letter queue and sends its
// messages back to the summarize queue. Redrive uses SQS's message-move
// task (StartMessageMoveTask), which moves the messages inside SQS; where
// that is not available (moto, the local stand-in) it can receive each
// message and sends it to the target queue, deleting it from the
// dead-letter queue only once it is sent, so a failure leaves it where it
// was and at worst sends it twice, which summarize absorbs (every step is
// idempotent).
package dlq

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/queue"
)

// API is the part of the SQS client the tool uses.
type API interface {
	GetQueueAttributes(ctx context.Context, in *sqs.GetQueueAttributesInput, opts ...func(*sqs.Options)) (*sqs.GetQueueAttributesOutput, error)
	ReceiveMessage(ctx context.Context, in *sqs.ReceiveMessageInput, opts ...func(*sqs.Options)) (*sqs.ReceiveMessageOutput, error)
	ChangeMessageVisibility(ctx context.Context, in *sqs.ChangeMessageVisibilityInput, opts ...func(*sqs.Options)) (*sqs.ChangeMessageVisibilityOutput, error)
	SendMessage(ctx context.Context, in *sqs.SendMessageInput, opts ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
	DeleteMessage(ctx context.Context, in *sqs.DeleteMessageInput, opts ...func(*sqs.Options)) (*sqs.DeleteMessageOutput, error)
	ListDeadLetterSourceQueues(ctx context.Context, in *sqs.ListDeadLetterSourceQueuesInput, opts ...func(*sqs.Options)) (*sqs.ListDeadLetterSourceQueuesOutput, error)
	StartMessageMoveTask(ctx context.Context, in *sqs.StartMessageMoveTaskInput, opts ...func(*sqs.Options)) (*sqs.StartMessageMoveTaskOutput, error)
}

// Tool works on one dead-letter queue.
type Tool struct {
	api API
	url string
}

// New returns a tool for the dead-letter queue at url.
func New(api API, url string) *Tool { return &Tool{api: api, url: url} }

// Message is one dead-lettered summarize message, as shown: never the
// article text (the message holds only the key of the stored text).
type Message struct {
	ID string `json:"message_id"`
	// Sent is when the message was first sent (to the summarize queue).
	Sent time.Time `json:"sent"`
	// Receives counts the receives so far, those in the summarize queue
	// included.
	Receives int `json:"receives"`
	// Correlation is the correlation id the message carries, if any.
	Correlation string `json:"correlation_id,omitempty"`
	// Articles are the article revisions the message announces.
	Articles []Article `json:"articles"`
	// Problem says why the body could not be read, when it could not.
	Problem string `json:"problem,omitempty"`
}

// Article is an article revision named by a message.
type Article struct {
	Tenant   string `json:"tenant"`
	Source   string `json:"source"`
	ID       string `json:"id"`
	Revision string `json:"revision"`
	Key      string `json:"key"`
}

// Report is what Show found.
type Report struct {
	QueueURL string `json:"queue_url"`
	// Visible and InFlight are SQS's approximate counts.
	Visible  int `json:"visible"`
	InFlight int `json:"in_flight"`
	// Messages are up to the requested number of messages, in the order
	// SQS hands them out (SQS promises none).
	Messages []Message `json:"messages"`
}

// Show counts the queue's messages and reads up to max of them without
// consuming them: each is made visible again at once.
func (t *Tool) Show(ctx context.Context, max int) (Report, error) {
	r := Report{QueueURL: t.url, Messages: []Message{}}
	attrs, err := t.api.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(t.url), AttributeNames: []types.QueueAttributeName{
		types.QueueAttributeNameApproximateNumberOfMessages, types.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
	}})
	if err != nil {
		return r, fmt.Errorf("read dead-letter queue attributes: %w", err)
	}
	r.Visible, _ = strconv.Atoi(attrs.Attributes[string(types.QueueAttributeNameApproximateNumberOfMessages)])
	r.InFlight, _ = strconv.Atoi(attrs.Attributes[string(types.QueueAttributeNameApproximateNumberOfMessagesNotVisible)])
	seen := map[string]bool{}
	for len(r.Messages) < max {
		out, err := t.api.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(t.url), MaxNumberOfMessages: int32(min(10, max-len(r.Messages))),
			VisibilityTimeout:           30, // made visible again below
			MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll},
			MessageAttributeNames:       []string{"All"},
		})
		if err != nil {
			return r, fmt.Errorf("read dead-letter messages: %w", err)
		}
		fresh := 0
		for _, m := range out.Messages {
			// Put it back at once, whatever else happens.
			if _, err := t.api.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: aws.String(t.url), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0}); err != nil {
				return r, fmt.Errorf("return message %s to the queue: %w", aws.ToString(m.MessageId), err)
			}
			if id := aws.ToString(m.MessageId); !seen[id] && len(r.Messages) < max {
				seen[id] = true
				fresh++
				r.Messages = append(r.Messages, describe(m))
			}
		}
		if fresh == 0 {
			// The queue is empty, or hands back what was already shown.
			break
		}
	}
	return r, nil
}

func describe(m types.Message) Message {
	d := Message{ID: aws.ToString(m.MessageId), Articles: []Article{}}
	if ms, err := strconv.ParseInt(m.Attributes[string(types.MessageSystemAttributeNameSentTimestamp)], 10, 64); err == nil {
		d.Sent = time.UnixMilli(ms).UTC()
	}
	d.Receives, _ = strconv.Atoi(m.Attributes[string(types.MessageSystemAttributeNameApproximateReceiveCount)])
	ev := events.SQSMessage{MessageAttributes: map[string]events.SQSMessageAttribute{}}
	for k, v := range m.MessageAttributes {
		ev.MessageAttributes[k] = events.SQSMessageAttribute{DataType: aws.ToString(v.DataType), StringValue: v.StringValue}
	}
	d.Correlation = queue.CorrelationID(ev)
	keys, err := queue.Keys(aws.ToString(m.Body))
	if err != nil {
		d.Problem = "the body is no S3 notification"
		return d
	}
	for _, k := range keys {
		tenant, source, id, rev, ok := article.ParseTextKey(k)
		if !ok {
			d.Problem = "a key is no article text: " + k
			continue
		}
		d.Articles = append(d.Articles, Article{Tenant: tenant, Source: source, ID: id, Revision: rev, Key: k})
	}
	return d
}

// Method is how Redrive moves messages.
type Method string

// The redrive methods.
const (
	// Auto is MoveTask on AWS and Copy on a local stand-in (see Resolve).
	Auto Method = "auto"
	// MoveTask starts an SQS message-move task.
	MoveTask Method = "task"
	// Copy receives, sends and deletes each message.
	Copy Method = "copy"
)

// Result reports a redrive.
type Result struct {
	Method Method `json:"method"`
	// TaskHandle identifies a started message-move task (method task):
	// follow it with `aws sqs list-message-move-tasks`.
	TaskHandle string `json:"task_handle,omitempty"`
	// Moved counts the messages sent back (method copy).
	Moved int `json:"moved"`
	// Target is the queue the messages go to.
	Target string `json:"target"`
}

// Redrive sends the dead-letter messages back to target (a queue URL; ""
// for the queue whose redrive policy names this one), at most max of them
// with method copy (0: all), at most maxPerSecond a second with the
// message-move task (0: SQS's default pace).
func (t *Tool) Redrive(ctx context.Context, method Method, target string, max, maxPerSecond int) (Result, error) {
	if target == "" {
		src, err := t.api.ListDeadLetterSourceQueues(ctx, &sqs.ListDeadLetterSourceQueuesInput{QueueUrl: aws.String(t.url)})
		if err != nil {
			return Result{}, fmt.Errorf("find the queue that dead-letters here: %w", err)
		}
		if len(src.QueueUrls) != 1 {
			return Result{}, fmt.Errorf("%d queues dead-letter into %s: name the target queue", len(src.QueueUrls), t.url)
		}
		target = src.QueueUrls[0]
	}
	switch method {
	case MoveTask, Auto:
		return t.moveTask(ctx, target, maxPerSecond)
	case Copy:
		return t.copy(ctx, target, max)
	}
	return Result{}, fmt.Errorf("unknown redrive method %q: use task or copy", method)
}

// Resolve turns Auto into the method for the queue service at endpoint:
// MoveTask on AWS (endpoint "", the SDK's own), Copy on a local stand-in
// such as moto (AWS_ENDPOINT_URL set), which has no message-move task
// (moto 5.2 answers StartMessageMoveTask with a 500).
func Resolve(m Method, endpoint string) Method {
	if m != Auto {
		return m
	}
	if endpoint != "" {
		return Copy
	}
	return MoveTask
}

func (t *Tool) arn(ctx context.Context, url string) (string, error) {
	out, err := t.api.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url), AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameQueueArn}})
	if err != nil {
		return "", fmt.Errorf("queue arn of %s: %w", url, err)
	}
	return out.Attributes[string(types.QueueAttributeNameQueueArn)], nil
}

func (t *Tool) moveTask(ctx context.Context, target string, maxPerSecond int) (Result, error) {
	res := Result{Method: MoveTask, Target: target}
	src, err := t.arn(ctx, t.url)
	if err != nil {
		return res, err
	}
	dst, err := t.arn(ctx, target)
	if err != nil {
		return res, err
	}
	in := &sqs.StartMessageMoveTaskInput{SourceArn: aws.String(src), DestinationArn: aws.String(dst)}
	if maxPerSecond > 0 {
		in.MaxNumberOfMessagesPerSecond = aws.Int32(int32(maxPerSecond))
	}
	out, err := t.api.StartMessageMoveTask(ctx, in)
	if err != nil {
		return res, fmt.Errorf("start message move task: %w", err)
	}
	res.TaskHandle = aws.ToString(out.TaskHandle)
	return res, nil
}

func (t *Tool) copy(ctx context.Context, target string, max int) (Result, error) {
	res := Result{Method: Copy, Target: target}
	for max <= 0 || res.Moved < max {
		n := int32(10)
		if max > 0 {
			n = int32(min(10, max-res.Moved))
		}
		out, err := t.api.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(t.url), MaxNumberOfMessages: n, VisibilityTimeout: 60,
			MessageAttributeNames: []string{"All"},
		})
		if err != nil {
			return res, fmt.Errorf("receive from the dead-letter queue: %w", err)
		}
		if len(out.Messages) == 0 {
			return res, nil
		}
		for _, m := range out.Messages {
			in := &sqs.SendMessageInput{QueueUrl: aws.String(target), MessageBody: m.Body}
			if len(m.MessageAttributes) > 0 {
				in.MessageAttributes = m.MessageAttributes
			}
			if _, err := t.api.SendMessage(ctx, in); err != nil {
				return res, fmt.Errorf("send message %s back: %w (it stays in the dead-letter queue)", aws.ToString(m.MessageId), err)
			}
			if _, err := t.api.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(t.url), ReceiptHandle: m.ReceiptHandle}); err != nil {
				return res, fmt.Errorf("delete redriven message %s: %w (it was sent back, and will be again by a later redrive: harmless)", aws.ToString(m.MessageId), err)
			}
			res.Moved++
		}
	}
	return res, nil
}
