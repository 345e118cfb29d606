// Package stack creates, on the local AWS stand-in, the resources
// template.yaml declares: the article bucket with its ObjectCreated
// notification to the summarize queue, the queue and its dead-letter queue,
// the table with its indexes and the webhook-secrets parameter.
package stack

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/whosaid/whosaid/internal/awstest"
	"github.com/whosaid/whosaid/internal/cms"
	"github.com/whosaid/whosaid/internal/store/dynamo"
	"github.com/whosaid/whosaid/internal/store/s3store"
)

// TestSecret is the documented webhook secret of tenant "acme", for every
// CMS, in tests and in events/: never use it anywhere real.
const TestSecret = "whsec_d2hvc2FpZC10ZXN0LXNlY3JldC1ub3QtZm9yLXByb2R1Y3Rpb24="

// Names of the resources.
const (
	Bucket       = "whosaid-articles"
	Table        = "whosaid"
	Queue        = "whosaid-summarize"
	DLQ          = "whosaid-summarize-dlq"
	SecretsParam = "/whosaid/test/webhook-secrets"
	MaxReceive   = 3
)

// Stack holds the clients and addresses of the created resources.
type Stack struct {
	Config   aws.Config
	S3       *s3.Client
	DynamoDB *dynamodb.Client
	SQS      *sqs.Client
	SSM      *ssm.Client
	QueueURL string
	DLQURL   string
}

// New resets the stand-in and creates the resources.
func New(tb testing.TB) *Stack {
	tb.Helper()
	awstest.Reset(tb)
	ctx := context.Background()
	cfg := awstest.Config(tb)
	st := &Stack{Config: cfg, S3: s3store.NewClient(cfg), DynamoDB: dynamodb.NewFromConfig(cfg), SQS: sqs.NewFromConfig(cfg), SSM: ssm.NewFromConfig(cfg)}
	must := func(err error, what string) {
		if err != nil {
			tb.Fatalf("create %s: %v", what, err)
		}
	}
	dlq, err := st.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(DLQ)})
	must(err, "dead-letter queue")
	st.DLQURL = *dlq.QueueUrl
	attrs, err := st.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: dlq.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
	must(err, "dead-letter queue arn")
	redrive, _ := json.Marshal(map[string]string{"deadLetterTargetArn": attrs.Attributes["QueueArn"], "maxReceiveCount": fmt.Sprint(MaxReceive)})
	q, err := st.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(Queue), Attributes: map[string]string{"RedrivePolicy": string(redrive), "VisibilityTimeout": "1"}})
	must(err, "queue")
	st.QueueURL = *q.QueueUrl
	qattrs, err := st.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: q.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
	must(err, "queue arn")

	_, err = st.S3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(Bucket)})
	must(err, "bucket")
	_, err = st.S3.PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{
		Bucket: aws.String(Bucket),
		NotificationConfiguration: &s3types.NotificationConfiguration{QueueConfigurations: []s3types.QueueConfiguration{{
			QueueArn: aws.String(qattrs.Attributes["QueueArn"]),
			Events:   []s3types.Event{"s3:ObjectCreated:*"},
			Filter: &s3types.NotificationConfigurationFilter{Key: &s3types.S3KeyFilter{FilterRules: []s3types.FilterRule{
				{Name: s3types.FilterRuleNamePrefix, Value: aws.String("text/")},
			}}},
		}}},
	})
	must(err, "bucket notification")
	must(dynamo.CreateTable(ctx, st.DynamoDB, Table), "table")
	tenants := map[string]map[string]string{}
	for _, name := range cms.Names() {
		tenants[name] = map[string]string{"acme": TestSecret}
	}
	secrets, _ := json.Marshal(tenants)
	_, err = st.SSM.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String(SecretsParam), Type: ssmtypes.ParameterTypeSecureString, Value: aws.String(string(secrets))})
	must(err, "secrets parameter")
	// Drop the s3:TestEvent moto sends when the notification is set.
	st.Drain(tb)
	return st
}

// Drain receives and deletes every message now on the queue, returning the
// bodies.
func (st *Stack) Drain(tb testing.TB) []sqstypes.Message {
	tb.Helper()
	var all []sqstypes.Message
	for {
		out, err := st.SQS.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(st.QueueURL), MaxNumberOfMessages: 10, WaitTimeSeconds: 0,
			MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameAll},
			MessageAttributeNames:       []string{"All"},
		})
		if err != nil {
			tb.Fatalf("receive: %v", err)
		}
		if len(out.Messages) == 0 {
			return all
		}
		for _, m := range out.Messages {
			if _, err := st.SQS.DeleteMessage(context.Background(), &sqs.DeleteMessageInput{QueueUrl: aws.String(st.QueueURL), ReceiptHandle: m.ReceiptHandle}); err != nil {
				tb.Fatalf("delete: %v", err)
			}
		}
		all = append(all, out.Messages...)
	}
}
