// Package events_test checks that every sample event carries every field of
// the real AWS event it stands for, so code tested with them meets nothing
// new in production.
package events_test

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The fields AWS always sends, as paths into the JSON ("a.b" is field b of
// object a; "[0]" the first element of an array).
var (
	// API Gateway HTTP API, payload format 2.0.
	httpAPI = []string{"version", "routeKey", "rawPath", "rawQueryString", "headers", "requestContext.accountId",
		"requestContext.apiId", "requestContext.domainName", "requestContext.domainPrefix", "requestContext.http.method",
		"requestContext.http.path", "requestContext.http.protocol", "requestContext.http.sourceIp", "requestContext.http.userAgent",
		"requestContext.requestId", "requestContext.routeKey", "requestContext.stage", "requestContext.time", "requestContext.timeEpoch",
		"isBase64Encoded", "headers.host", "headers.x-amzn-trace-id", "headers.x-forwarded-for", "headers.x-forwarded-port", "headers.x-forwarded-proto"}
	// a POST also carries its body and length
	httpPost = []string{"body", "headers.content-length", "headers.content-type", "pathParameters"}
	// SQS, as Lambda receives it
	sqsRecord = []string{"Records[0].messageId", "Records[0].receiptHandle", "Records[0].body", "Records[0].attributes.ApproximateReceiveCount",
		"Records[0].attributes.SentTimestamp", "Records[0].attributes.SenderId", "Records[0].attributes.ApproximateFirstReceiveTimestamp",
		"Records[0].messageAttributes", "Records[0].md5OfBody", "Records[0].eventSource", "Records[0].eventSourceARN", "Records[0].awsRegion"}
	// the S3 event notification in the SQS body
	s3Record = []string{"Records[0].eventVersion", "Records[0].eventSource", "Records[0].awsRegion", "Records[0].eventTime", "Records[0].eventName",
		"Records[0].userIdentity.principalId", "Records[0].requestParameters.sourceIPAddress", "Records[0].responseElements.x-amz-request-id",
		"Records[0].responseElements.x-amz-id-2", "Records[0].s3.s3SchemaVersion", "Records[0].s3.configurationId", "Records[0].s3.bucket.name",
		"Records[0].s3.bucket.ownerIdentity.principalId", "Records[0].s3.bucket.arn", "Records[0].s3.object.key", "Records[0].s3.object.size",
		"Records[0].s3.object.eTag", "Records[0].s3.object.sequencer"}
	// the EventBridge Scheduler Input of the template's schedule
	schedule = []string{"limit", "reason", "scheduledTime"}
	// DynamoDB Streams, as Lambda receives it from the table's stream
	dynamoRecord = []string{"Records[0].eventID", "Records[0].eventName", "Records[0].eventVersion", "Records[0].eventSource",
		"Records[0].awsRegion", "Records[0].dynamodb.ApproximateCreationDateTime", "Records[0].dynamodb.Keys.pk.S",
		"Records[0].dynamodb.Keys.sk.S", "Records[0].dynamodb.SequenceNumber", "Records[0].dynamodb.SizeBytes",
		"Records[0].dynamodb.StreamViewType", "Records[0].eventSourceARN"}
)

func load(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// lookup follows a path like "Records[0].s3.object.key".
func lookup(v any, path string) (any, bool) {
	for _, part := range strings.Split(path, ".") {
		name, index, hasIndex := strings.Cut(part, "[")
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[name]; !ok {
			return nil, false
		}
		if hasIndex {
			i, _ := strconv.Atoi(strings.TrimSuffix(index, "]"))
			a, ok := v.([]any)
			if !ok || i >= len(a) {
				return nil, false
			}
			v = a[i]
		}
	}
	return v, true
}

func requireFields(t *testing.T, name string, v any, paths []string) {
	t.Helper()
	for _, p := range paths {
		if _, ok := lookup(v, p); !ok {
			t.Errorf("%s lacks %s", name, p)
		}
	}
}

func TestEventsHaveEveryField(t *testing.T) {
	files, _ := filepath.Glob("*.json")
	if len(files) == 0 {
		t.Fatal("no events")
	}
	for _, f := range files {
		ev := load(t, f)
		switch {
		case strings.HasPrefix(f, "ingest-"):
			requireFields(t, f, ev, append(httpAPI, httpPost...))
			if n, _ := lookup(ev, "headers.content-length"); n != strconv.Itoa(len(ev["body"].(string))) {
				t.Errorf("%s: content-length %v, body is %d bytes", f, n, len(ev["body"].(string)))
			}
		case strings.HasPrefix(f, "query-"):
			requireFields(t, f, ev, append(httpAPI, "pathParameters"))
			if q, _ := lookup(ev, "rawQueryString"); q != "" {
				requireFields(t, f, ev, []string{"queryStringParameters"})
			}
		case strings.HasPrefix(f, "summarize-"):
			requireFields(t, f, ev, sqsRecord)
			body, _ := lookup(ev, "Records[0].body")
			sum := md5.Sum([]byte(body.(string)))
			if md5OfBody, _ := lookup(ev, "Records[0].md5OfBody"); md5OfBody != hex.EncodeToString(sum[:]) {
				t.Errorf("%s: md5OfBody %v is not the MD5 of the body", f, md5OfBody)
			}
			var s3 map[string]any
			if err := json.Unmarshal([]byte(body.(string)), &s3); err != nil {
				t.Fatalf("%s: body is no S3 notification: %v", f, err)
			}
			requireFields(t, f+" body", s3, s3Record)
		case strings.HasPrefix(f, "reprocess-"):
			requireFields(t, f, ev, schedule)
		case f == "analytics-backfill.json":
			// Invoked by hand, not by AWS: the analytics function's own input.
			if ev["backfill"] != true || len(ev) != 1 {
				t.Errorf(`%s: want exactly {"backfill": true}`, f)
			}
		case strings.HasPrefix(f, "analytics-"):
			requireFields(t, f, ev, dynamoRecord)
			// The table's stream is KEYS_ONLY, and the function's filter
			// lets only article items (sk SUMMARY) through.
			for path, want := range map[string]any{"Records[0].eventSource": "aws:dynamodb", "Records[0].dynamodb.StreamViewType": "KEYS_ONLY",
				"Records[0].dynamodb.Keys.sk.S": "SUMMARY"} {
				if got, _ := lookup(ev, path); got != want {
					t.Errorf("%s: %s is %v, want %v", f, path, got, want)
				}
			}
			if _, ok := lookup(ev, "Records[0].dynamodb.NewImage"); ok {
				t.Errorf("%s: a KEYS_ONLY stream sends no NewImage", f)
			}
		default:
			t.Errorf("%s: no function's event; name it ingest-, query-, summarize-, reprocess- or analytics-", f)
		}
	}
}

// TestRequireFieldsFails guards the test itself: a field left out is found.
func TestRequireFieldsFails(t *testing.T) {
	ev := load(t, "summarize-s3.json")
	rec := ev["Records"].([]any)[0].(map[string]any)
	delete(rec, "md5OfBody")
	if _, ok := lookup(ev, "Records[0].md5OfBody"); ok {
		t.Fatal("lookup found a deleted field")
	}
	if _, ok := lookup(ev, "Records[0].eventSourceARN"); !ok {
		t.Fatal("lookup missed a present field")
	}
}
