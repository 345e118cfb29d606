package pipeline_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/ingest"
	"github.com/whosaid/whosaid/internal/offline"
	"github.com/whosaid/whosaid/internal/queue"
	"github.com/whosaid/whosaid/internal/secrets"
	"github.com/whosaid/whosaid/internal/store/local"
	"github.com/whosaid/whosaid/internal/summarize"
	"github.com/whosaid/whosaid/internal/webhook"
)

const fuzzSecret = "whsec_ZnV6ei1zZWNyZXQtb2YtdGhlLXBpcGVsaW5lLXRlc3Q="

// announcer is the local store that remembers the texts it was asked to
// summarize, as the S3 notification and the queue would.
type announcer struct {
	*local.Store
	mu   sync.Mutex
	keys []string
}

func (a *announcer) PutText(ctx context.Context, key string, data []byte) (bool, error) {
	created, err := a.Store.PutText(ctx, key, data)
	if err == nil && created {
		a.Enqueue(ctx, key)
	}
	return created, err
}

func (a *announcer) Enqueue(_ context.Context, key string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.keys = append(a.keys, key)
	return nil
}

func (a *announcer) take() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	k := a.keys
	a.keys = nil
	return k
}

// FuzzDeliveryToSummary: a signed generic delivery with any id, format and
// body value is answered 202, 400, 413 or 422, never a server error; and
// what is accepted is summarized into a summary that indexes the stored text
// exactly. `go test` runs the seeds; add -fuzz to search further.
func FuzzDeliveryToSummary(f *testing.F) {
	formats := []string{"html", "markdown", "text", "portable_text", "contentful_rich_text", "lexical", "strapi_blocks", "ans", "pdf"}
	seeds := []struct {
		id, value string
		format    uint8
	}{
		{"pier-1", "<p>“The storm took half the railings,” said Ines Varga.</p>", 0},
		{"a#b/c d", "# Title\n\n“We rebuild by May,” she said.", 1},
		{"x", "Plain text. “Quoted,” said Tom Reid.", 2},
		{"pt", `[{"_type":"block","children":[{"_type":"span","text":"“Yes,” said Ana Silva."}]}]`, 3},
		{"cf", `{"nodeType":"document","content":[{"nodeType":"paragraph","content":[{"nodeType":"text","value":"“No,” said Ana Silva."}]}]}`, 4},
		{"..", "<p>dots</p>", 0},
		{"end.", "<p>dot</p>", 0},
		{"", "<p>empty id</p>", 0},
		{"bin", "\x00\x01", 2},
		{"deep", `{"nodeType":"document","content":[` + "{\"nodeType\":\"paragraph\",\"content\":[" + `{"nodeType":"text","value":"x"}]}]}`, 4},
		{"pdf", "%PDF", 8},
	}
	for _, s := range seeds {
		f.Add(s.id, s.value, s.format)
	}
	// Logs of thousands of deliveries help no one here.
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	f.Cleanup(func() { slog.SetDefault(prev) })
	store, err := local.New(f.TempDir())
	if err != nil {
		f.Fatal(err)
	}
	a := &announcer{Store: store}
	tenants := secrets.Tenants{"generic": {"desk": fuzzSecret}}
	h := ingest.New(a, store, a, tenants, ingest.WithMaxBody(64<<10))
	sum := summarize.New(store, store, offline.New(offline.DefaultConfig()), 3)
	n := 0
	f.Fuzz(func(t *testing.T, id, value string, format uint8) {
		n++
		body, _ := json.Marshal(map[string]any{"type": "article.updated", "data": map[string]any{
			"source": "generic", "id": id, "title": "T", "updated_at": time.Now().UTC().Format(time.RFC3339Nano),
			"body": map[string]string{"format": formats[int(format)%len(formats)], "value": value},
		}})
		hdr, err := webhook.SignStandard(fuzzSecret, "msg_"+strconv.Itoa(n), time.Now(), body)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := h.Handle(context.Background(), events.APIGatewayV2HTTPRequest{
			RawPath: "/hooks/generic/desk", PathParameters: map[string]string{"cms": "generic", "tenant": "desk"}, Headers: hdr, Body: string(body),
		})
		if err != nil {
			t.Fatal(err)
		}
		switch resp.StatusCode {
		case 202, 400, 413, 422:
		default:
			t.Fatalf("id %q format %d value %q: answered %d %s", id, format, value, resp.StatusCode, resp.Body)
		}
		for _, key := range a.take() {
			msg, err := queue.Message("local", key, "fuzz")
			if err != nil {
				t.Fatal(err)
			}
			out, err := sum.Handle(context.Background(), events.SQSEvent{Records: []events.SQSMessage{{MessageId: "m", Body: string(msg), Attributes: map[string]string{"ApproximateReceiveCount": "1"}}}})
			if err != nil || len(out.BatchItemFailures) != 0 {
				t.Fatalf("summarize %s: %v %v", key, out, err)
			}
			tenant, source, aid, rev, ok := article.ParseTextKey(key)
			if !ok {
				t.Fatalf("announced key %q does not parse", key)
			}
			rec, err := store.GetRecord(context.Background(), tenant, source, aid)
			if err != nil || rec == nil {
				t.Fatalf("record of %q: %v", key, err)
			}
			if rec.Revision != rev {
				continue // a newer delivery of the same id won meanwhile
			}
			if rec.Status != article.StatusDone || rec.Summary == nil {
				t.Fatalf("record of %q: %s %q", key, rec.Status, rec.Error)
			}
			text, err := store.GetText(context.Background(), key)
			if err != nil {
				t.Fatal(err)
			}
			if err := rec.Summary.Validate(string(text)); err != nil {
				t.Fatalf("summary of %q does not index its text: %v", key, err)
			}
		}
	})
}
