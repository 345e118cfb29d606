package e2e

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/whosaid/whosaid/internal/analytics"
	"github.com/whosaid/whosaid/internal/apigw"
	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/cms"
	"github.com/whosaid/whosaid/internal/queue"
	"github.com/whosaid/whosaid/internal/reprocess"
	"github.com/whosaid/whosaid/internal/textconv"
	"github.com/whosaid/whosaid/internal/webhook"
)

// TestEventsDecode decodes every events/*.json into the type its function
// takes, and checks that the summarize event names the text the ingest
// event's article becomes.
func TestEventsDecode(t *testing.T) {
	root := repoRoot(t)
	files, _ := filepath.Glob(filepath.Join(root, "events", "*.json"))
	if len(files) != 15 {
		t.Fatalf("events: %v, want 15 files", files)
	}
	strict := func(name string, v any) {
		t.Helper()
		if err := json.Unmarshal(readEvent(t, root, name), v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	var ingest events.APIGatewayV2HTTPRequest
	strict("ingest-generic.json", &ingest)
	d, err := webhook.ParseGeneric([]byte(ingest.Body))
	if err != nil {
		t.Fatalf("ingest-generic.json body: %v", err)
	}
	doc, err := textconv.Convert("", []byte(d.Body.Value), textconv.Format(d.Body.Format))
	if err != nil {
		t.Fatal(err)
	}
	var bad events.APIGatewayV2HTTPRequest
	strict("ingest-bad-signature.json", &bad)
	if bad.Body != ingest.Body || bad.Headers["webhook-signature"] == ingest.Headers["webhook-signature"] {
		t.Error("the bad-signature event should carry the same body with another signature")
	}

	var sqsEv events.SQSEvent
	strict("summarize-s3.json", &sqsEv)
	keys, err := queue.Keys(sqsEv.Records[0].Body)
	if err != nil || len(keys) != 1 {
		t.Fatalf("summarize-s3.json keys: %v %v", keys, err)
	}
	if want := article.TextKey(ingest.PathParameters["tenant"], d.Source, d.ID, article.Revision(doc.Text)); keys[0] != want {
		t.Errorf("summarize-s3.json names %s, want the ingest article's %s", keys[0], want)
	}

	// one webhook event per CMS, each read by its adapter
	seen := map[string]bool{}
	for _, f := range files {
		name := filepath.Base(f)
		if !strings.HasPrefix(name, "ingest-") || name == "ingest-bad-signature.json" {
			continue
		}
		var ev events.APIGatewayV2HTTPRequest
		strict(name, &ev)
		a, ok := cms.Lookup(ev.PathParameters["cms"])
		if !ok {
			t.Fatalf("%s: unknown CMS %q", name, ev.PathParameters["cms"])
		}
		d, err := a.Parse(cms.Request{Tenant: ev.PathParameters["tenant"], Event: ev.PathParameters["event"], Header: apigw.Header(ev), Body: []byte(ev.Body)})
		if err != nil || d.ID == "" || d.Ignore != "" {
			t.Errorf("%s: %+v %v", name, d, err)
		}
		seen[ev.PathParameters["cms"]] = true
	}
	for _, name := range cms.Names() {
		if !seen[name] {
			t.Errorf("no webhook event for %s in events/", name)
		}
	}

	// The stream record names the ingest article's item, and the
	// analytics function's filter (sk SUMMARY) lets it through.
	var stream events.DynamoDBEvent
	strict("analytics-stream.json", &stream)
	if len(stream.Records) != 1 {
		t.Fatalf("analytics-stream.json: %d records, want 1", len(stream.Records))
	}
	sr := stream.Records[0]
	if want := "ART#" + article.KeyParts(ingest.PathParameters["tenant"], d.Source, d.ID); sr.Change.Keys["pk"].String() != want ||
		sr.Change.Keys["sk"].String() != "SUMMARY" {
		t.Errorf("analytics-stream.json keys %v, want pk %s and sk SUMMARY", sr.Change.Keys, want)
	}
	if sr.EventSource != "aws:dynamodb" || sr.Change.StreamViewType != string(events.DynamoDBStreamViewTypeKeysOnly) || sr.Change.SequenceNumber == "" {
		t.Errorf("analytics-stream.json record = %+v", sr)
	}

	var bf analytics.BackfillInput
	strict("analytics-backfill.json", &bf)
	if !bf.Backfill || bf.Cursor != "" || bf.Limit != 0 {
		t.Errorf("analytics-backfill.json = %+v, want a whole backfill", bf)
	}

	var in reprocess.Input
	strict("reprocess-schedule.json", &in)
	if in.Mode != reprocess.ModeFailed || in.Limit < 0 || in.Reason == "" {
		t.Errorf("reprocess input = %+v", in)
	}
	for _, name := range []string{"query-article.json", "query-speaker.json"} {
		var q events.APIGatewayV2HTTPRequest
		strict(name, &q)
		if q.RequestContext.HTTP.Method != "GET" || q.RawPath == "" {
			t.Errorf("%s: %+v", name, q)
		}
	}
}
