// Package ingest receives CMS webhooks (POST /hooks/{cms}/{tenant}): it
// verifies the delivery on its raw bytes, keeps the payload, converts the
// body to the canonical plain text, records the revision as PENDING when it
// is newer, stores the text and answers 202 without waiting for extraction.
//
// Every step is idempotent, so a CMS retry after a 5xx completes whatever an
// earlier attempt left undone, and a replayed delivery changes nothing.
package ingest

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/whosaid/whosaid/internal/apigw"
	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/cms"
	"github.com/whosaid/whosaid/internal/textconv"
)

// Objects stores texts and raw deliveries, each written once.
type Objects interface {
	PutText(ctx context.Context, key string, data []byte) (bool, error)
	PutPayload(ctx context.Context, key string, data []byte) (bool, error)
}

// Records moves articles between revisions.
type Records interface {
	BeginRevision(ctx context.Context, r article.Update) (bool, error)
	Withdraw(ctx context.Context, tenant, source, id string, cmsUpdated, arrival time.Time) (bool, error)
}

// Queue asks for a stored text to be summarized.
type Queue interface {
	Enqueue(ctx context.Context, key string) error
}

// Secrets returns the webhook secret of a tenant of a CMS.
type Secrets interface {
	Secret(cms, tenant string) (string, bool)
}

// DefaultMaxBody is the largest delivery accepted (1 MiB).
const DefaultMaxBody = 1 << 20

// Handler is the ingest function. It keeps no per-request state.
type Handler struct {
	objects Objects
	records Records
	queue   Queue
	secrets Secrets
	maxBody int
	now     func() time.Time
}

// Option tunes a Handler.
type Option func(*Handler)

// WithMaxBody sets the largest accepted body in bytes.
func WithMaxBody(n int) Option { return func(h *Handler) { h.maxBody = n } }

// WithClock sets the clock used for replay windows and arrival order.
func WithClock(now func() time.Time) Option { return func(h *Handler) { h.now = now } }

// New returns a handler; every dependency is required.
func New(objects Objects, records Records, queue Queue, secrets Secrets, opts ...Option) *Handler {
	if objects == nil || records == nil || queue == nil || secrets == nil {
		panic("ingest.New: nil dependency")
	}
	h := &Handler{objects: objects, records: records, queue: queue, secrets: secrets, maxBody: DefaultMaxBody, now: time.Now}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Response is the body of a 202.
type Response struct {
	Source   string `json:"source"`
	ID       string `json:"id"`
	Revision string `json:"revision,omitempty"`
	// Status is "accepted" (a new revision), "unchanged" (the same or an
	// older revision, or a replay), "withdrawn", or "ignored" (a draft or
	// another content type).
	Status string `json:"status"`
}

// routeParams returns {cms}, {tenant} and the optional {event} from the
// path parameters, or from the raw path when invoked without them.
func routeParams(req events.APIGatewayV2HTTPRequest) (string, string, string) {
	name, tenant, event := req.PathParameters["cms"], req.PathParameters["tenant"], req.PathParameters["event"]
	if name == "" || tenant == "" {
		parts := strings.Split(strings.Trim(req.RawPath, "/"), "/")
		if len(parts) >= 3 && parts[0] == "hooks" {
			name, tenant = parts[1], parts[2]
			if len(parts) >= 4 {
				event = parts[3]
			}
		}
	}
	return name, tenant, event
}

// Handle answers one webhook delivery. Client errors are responses, not
// errors; store failures answer 503 so the CMS retries.
func (h *Handler) Handle(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	arrival := h.now()
	name, tenant, event := routeParams(req)
	log := slog.With("cms", name, "tenant", tenant)
	adapter, ok := cms.Lookup(name)
	if !ok {
		return apigw.Error(http.StatusNotFound, "unknown CMS "+strconv.Quote(name)+": use one of "+strings.Join(cms.Names(), ", ")), nil
	}
	if tenant == "" {
		return apigw.Error(http.StatusNotFound, "missing tenant: use /hooks/{cms}/{tenant}"), nil
	}
	if err := article.CheckKeyPart("tenant", tenant, article.MaxTenantBytes); err != nil {
		return apigw.Error(http.StatusNotFound, err.Error()), nil
	}
	body, err := apigw.Body(req)
	if err != nil {
		return apigw.Error(http.StatusBadRequest, "body is not valid base64"), nil
	}
	if len(body) > h.maxBody {
		return apigw.Error(http.StatusRequestEntityTooLarge, "body over the limit of "+strconv.Itoa(h.maxBody)+" bytes"), nil
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return apigw.Error(http.StatusUnprocessableEntity, "empty body"), nil
	}
	secret, ok := h.secrets.Secret(name, tenant)
	if !ok {
		log.WarnContext(ctx, "delivery rejected: no webhook secret configured for this tenant")
		return apigw.Error(http.StatusUnauthorized, "unknown tenant or no secret configured"), nil
	}
	method := req.RequestContext.HTTP.Method
	if method == "" {
		method = http.MethodPost
	}
	r := cms.Request{Method: method, Tenant: tenant, Event: event, Header: apigw.Header(req), Body: body}
	delivery, err := adapter.Verify(r, secret, arrival)
	if err != nil {
		log.WarnContext(ctx, "delivery rejected", "reason", err.Error())
		return apigw.Error(http.StatusUnauthorized, "signature check failed: "+err.Error()), nil
	}
	d, err := adapter.Parse(r)
	if err != nil {
		return apigw.Error(http.StatusBadRequest, err.Error()), nil
	}
	if d.Source == "" {
		d.Source = name
	}
	if err := checkIDs(d.Source, d.ID); err != nil {
		return apigw.Error(http.StatusBadRequest, err.Error()), nil
	}
	if d.Ignore != "" {
		log.InfoContext(ctx, "delivery ignored", "id", d.ID, "reason", d.Ignore)
		return apigw.JSON(http.StatusAccepted, Response{Source: d.Source, ID: d.ID, Status: "ignored"}), nil
	}
	log = log.With("source", d.Source, "id", d.ID, "delivery", delivery, "event", string(d.Event))
	var cmsUpdated time.Time
	if d.UpdatedAt != nil {
		cmsUpdated = *d.UpdatedAt
	}

	// 1. Keep the delivery as received, for audit and replay.
	if _, err := h.objects.PutPayload(ctx, payloadKey(tenant, d.Source, d.ID, delivery), body); err != nil {
		log.ErrorContext(ctx, "store payload", "err", err)
		return apigw.Error(http.StatusServiceUnavailable, "storage unavailable, retry later"), nil
	}
	if d.Event.Withdraws() {
		changed, err := h.records.Withdraw(ctx, tenant, d.Source, d.ID, cmsUpdated, arrival)
		if err != nil {
			log.ErrorContext(ctx, "withdraw", "err", err)
			return apigw.Error(http.StatusServiceUnavailable, "storage unavailable, retry later"), nil
		}
		log.InfoContext(ctx, "article withdrawn", "changed", changed)
		return apigw.JSON(http.StatusAccepted, Response{Source: d.Source, ID: d.ID, Status: "withdrawn"}), nil
	}

	// 2. The canonical text and its revision.
	doc, err := textconv.Convert("", []byte(d.Body.Value), textconv.Format(d.Body.Format))
	if errors.Is(err, textconv.ErrEmpty) {
		return apigw.Error(http.StatusUnprocessableEntity, "the article body holds no text"), nil
	}
	if err != nil {
		return apigw.Error(http.StatusBadRequest, "body: "+err.Error()), nil
	}
	rev := article.Revision(doc.Text)
	title := d.Title
	if title == "" {
		title = doc.Title
	}

	// 3. The record first, so summarize always finds the revision it is
	// told about; then the text, whose creation triggers summarize.
	changed, err := h.records.BeginRevision(ctx, article.Update{
		Tenant: tenant, Source: d.Source, ID: d.ID, Revision: rev, CMSUpdated: cmsUpdated, Arrival: arrival,
		Title: title, URL: d.URL, PublishedAt: d.PublishedAt,
	})
	if err != nil {
		log.ErrorContext(ctx, "record revision", "err", err)
		return apigw.Error(http.StatusServiceUnavailable, "storage unavailable, retry later"), nil
	}
	key := article.TextKey(tenant, d.Source, d.ID, rev)
	created, err := h.objects.PutText(ctx, key, []byte(doc.Text))
	if err != nil {
		log.ErrorContext(ctx, "store text", "err", err)
		return apigw.Error(http.StatusServiceUnavailable, "storage unavailable, retry later"), nil
	}
	if changed && !created {
		// The text was stored before (a revert to an earlier body): no
		// ObjectCreated event will announce it, so ask for it directly.
		if err := h.queue.Enqueue(ctx, key); err != nil {
			log.ErrorContext(ctx, "enqueue", "err", err)
			return apigw.Error(http.StatusServiceUnavailable, "queue unavailable, retry later"), nil
		}
	}
	status := "unchanged"
	if changed {
		status = "accepted"
	}
	log.InfoContext(ctx, "delivery stored", "revision", rev, "status", status, "bytes", len(doc.Text))
	return apigw.JSON(http.StatusAccepted, Response{Source: d.Source, ID: d.ID, Revision: rev, Status: status}), nil
}

// checkIDs refuses a source or id that cannot be part of a key.
func checkIDs(source, id string) error {
	if err := article.CheckKeyPart("source", source, article.MaxSourceBytes); err != nil {
		return err
	}
	return article.CheckKeyPart("id", id, article.MaxIDBytes)
}

// payloadKey is where a delivery is kept:
// payloads/{tenant}/{source}/{id}/{delivery}.json.
func payloadKey(tenant, source, id, delivery string) string {
	k := article.TextKey(tenant, source, id, delivery)
	return "payloads/" + strings.TrimSuffix(strings.TrimPrefix(k, "text/"), ".txt") + ".json"
}
