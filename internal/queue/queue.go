// Package queue sends summarize work to SQS in the shape of an S3
// ObjectCreated notification, so the summarize function handles messages from
// the bucket and from the reprocessor (or ingest) the same way.
package queue

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/whosaid/whosaid/internal/correlation"
)

// API is the part of the SQS client the queue uses.
type API interface {
	SendMessage(ctx context.Context, in *sqs.SendMessageInput, opts ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
}

// Queue sends to one SQS queue.
type Queue struct {
	api    API
	url    string
	bucket string
}

// New returns a queue that announces objects of bucket on the queue at url.
func New(api API, queueURL, bucket string) *Queue {
	if api == nil || queueURL == "" || bucket == "" {
		panic("queue.New: client, queue URL and bucket are required")
	}
	return &Queue{api: api, url: queueURL, bucket: bucket}
}

// Message returns the S3-notification JSON announcing key.
func Message(bucket, key, source string) ([]byte, error) {
	ev := events.S3Event{Records: []events.S3EventRecord{{
		EventVersion: "2.1",
		EventSource:  source,
		EventTime:    time.Now().UTC(),
		EventName:    "ObjectCreated:Put",
		S3: events.S3Entity{
			Bucket: events.S3Bucket{Name: bucket, Arn: "arn:aws:s3:::" + bucket},
			Object: events.S3Object{Key: strings.ReplaceAll(url.QueryEscape(key), "%2F", "/")},
		},
	}}}
	return json.Marshal(ev)
}

// Enqueue asks for the text under key to be summarized.
func (q *Queue) Enqueue(ctx context.Context, key string) error {
	body, err := Message(q.bucket, key, "whosaid")
	if err != nil {
		return fmt.Errorf("encode message: %w", err)
	}
	in := &sqs.SendMessageInput{QueueUrl: aws.String(q.url), MessageBody: aws.String(string(body))}
	if id := correlation.From(ctx); id != "" {
		// The delivery's (or reprocess run's) correlation id, for
		// summarize's logs.
		in.MessageAttributes = map[string]types.MessageAttributeValue{
			correlation.Key: {DataType: aws.String("String"), StringValue: aws.String(id)},
		}
	}
	if _, err := q.api.SendMessage(ctx, in); err != nil {
		return fmt.Errorf("sqs send: %w", err)
	}
	return nil
}

// notification is the part of an S3 event notification Keys reads. Its own
// type, not events.S3Event: that one also parses eventTime, which some S3
// implementations write without a time zone.
type notification struct {
	Records []struct {
		EventName string `json:"eventName"`
		S3        struct {
			Object struct {
				Key string `json:"key"`
			} `json:"object"`
		} `json:"s3"`
	} `json:"Records"`
}

// CorrelationID returns the correlation id a summarize message carries, ""
// when it carries none (a message from the bucket itself).
func CorrelationID(m events.SQSMessage) string {
	if a, ok := m.MessageAttributes[correlation.Key]; ok && a.StringValue != nil {
		return correlation.Clean(*a.StringValue)
	}
	return ""
}

// Keys returns the object keys an SQS message body announces, URL-decoded;
// an S3 test event or an unrelated message yields none.
func Keys(body string) ([]string, error) {
	var ev notification
	if err := json.Unmarshal([]byte(body), &ev); err != nil {
		return nil, fmt.Errorf("decode message: %w", err)
	}
	var keys []string
	for _, r := range ev.Records {
		if !strings.HasPrefix(r.EventName, "ObjectCreated") {
			continue
		}
		k, err := url.QueryUnescape(r.S3.Object.Key)
		if err != nil {
			return nil, fmt.Errorf("decode key %q: %w", r.S3.Object.Key, err)
		}
		keys = append(keys, k)
	}
	return keys, nil
}
