// Package ingest receives CMS webhooks (POST /hooks/{cms}/{tenant}): it
// verifies the delivery on its raw bytes, keeps the payload, converts the
// body to the canonical plain text, records the revision as PENDING when it
// is newer, stores the text and answers 202 without waiting for extraction.
//
// Every step is idempotent, so a CMS retry after a 5xx completes whatever an
// earlier attempt left undone, and a replayed delivery changes nothing.
package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"

	"github.com/whosaid/whosaid/internal/apigw"
	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/cms"
	"github.com/whosaid/whosaid/internal/correlation"
	"github.com/whosaid/whosaid/internal/metrics"
	"github.com/whosaid/whosaid/internal/textconv"
	"github.com/whosaid/whosaid/internal/webhook"
)

// Objects stores texts and raw deliveries, each written once.
type Objects interface {
	PutText(ctx context.Context, key string, data []byte) (bool, error)
	PutPayload(ctx context.Context, key string, data []byte) (bool, error)
	// GetText reads an object back (a kept delivery, to tell a retry from
	// a reused delivery id).
	GetText(ctx context.Context, key string) ([]byte, error)
}

// Records moves articles between revisions.
type Records interface {
	GetRecord(ctx context.Context, tenant, source, id string) (*article.Record, error)
	// MarkAnnounced records that a revision was announced to summarize.
	MarkAnnounced(ctx context.Context, tenant, source, id, revision string) error
	BeginRevision(ctx context.Context, r article.Update) (bool, error)
	Withdraw(ctx context.Context, u article.Update) (bool, error)
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
	metrics *metrics.Emitter
}

// Option tunes a Handler.
type Option func(*Handler)

// WithMaxBody sets the largest accepted body in bytes.
func WithMaxBody(n int) Option { return func(h *Handler) { h.maxBody = n } }

// WithMetrics sets where the Deliveries metric goes (EMF lines; none by
// default).
func WithMetrics(m *metrics.Emitter) Option { return func(h *Handler) { h.metrics = m } }

// WithClock sets the clock used for replay windows and arrival order.
func WithClock(now func() time.Time) Option { return func(h *Handler) { h.now = now } }

// New returns a handler; every dependency is required.
func New(objects Objects, records Records, queue Queue, secrets Secrets, opts ...Option) *Handler {
	if objects == nil || records == nil || queue == nil || secrets == nil {
		panic("ingest.New: nil dependency")
	}
	h := &Handler{objects: objects, records: records, queue: queue, secrets: secrets, maxBody: DefaultMaxBody, now: time.Now, metrics: metrics.Discard}
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
// errors; store failures answer 503 so the CMS retries. Every answer is
// counted (Deliveries by CMS and status), and every log line of the
// delivery carries its correlation id: the verified webhook id, else a new
// one.
func (h *Handler) Handle(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	resp, err := h.handle(correlation.With(ctx, correlation.New()), req)
	name, _, _ := routeParams(req)
	if _, ok := cms.Lookup(name); !ok {
		name = metrics.UnknownCMS
	}
	status := resp.StatusCode
	if err != nil {
		status = http.StatusInternalServerError
	}
	h.metrics.Delivery(name, status)
	return resp, err
}

func (h *Handler) handle(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
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
	cid := correlation.OrNew(delivery)
	ctx = correlation.With(ctx, cid)
	if msg := strictJSON(body); msg != "" {
		return apigw.Error(http.StatusBadRequest, msg), nil
	}
	d, err := adapter.Parse(r)
	if err != nil {
		return apigw.Error(http.StatusBadRequest, err.Error()), nil
	}
	if json.Valid([]byte(d.Body.Value)) {
		if depth := jsonDepth([]byte(d.Body.Value)); depth > MaxJSONDepth {
			return apigw.Error(http.StatusBadRequest, "rich text nested "+strconv.Itoa(depth)+" levels deep, over the limit of "+strconv.Itoa(MaxJSONDepth)), nil
		}
	}
	if d.Source == "" {
		d.Source = name
	}
	if err := checkIDs(d.Source, d.ID); err != nil {
		return apigw.Error(http.StatusBadRequest, err.Error()), nil
	}
	if len(d.Title) > article.MaxTitleBytes {
		return apigw.Error(http.StatusBadRequest, "title is "+strconv.Itoa(len(d.Title))+" bytes, over the limit of "+strconv.Itoa(article.MaxTitleBytes)), nil
	}
	if len(d.URL) > article.MaxURLBytes {
		return apigw.Error(http.StatusBadRequest, "url is "+strconv.Itoa(len(d.URL))+" bytes, over the limit of "+strconv.Itoa(article.MaxURLBytes)), nil
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

	// 1. Keep the delivery as received, for audit and replay. Payloads are
	// kept for good, so a delivery id is recognised for longer than any
	// scheme's replay window: the same id again is a retry (done again,
	// idempotently); the same id with another body is refused.
	pkey := payloadKey(tenant, d.Source, d.ID, delivery)
	if len(pkey) > MaxObjectKey || len(article.TextKey(tenant, d.Source, d.ID, article.Revision(""))) > MaxObjectKey {
		return apigw.Error(http.StatusBadRequest, "source, id and delivery id make a storage key over "+strconv.Itoa(MaxObjectKey)+" bytes once escaped: use shorter identifiers"), nil
	}
	fresh, err := h.objects.PutPayload(ctx, pkey, body)
	if err != nil {
		log.ErrorContext(ctx, "store payload", "err", err)
		return apigw.Error(http.StatusServiceUnavailable, "storage unavailable, retry later"), nil
	}
	if !fresh {
		kept, err := h.objects.GetText(ctx, pkey)
		if err != nil {
			log.ErrorContext(ctx, "read kept payload", "err", err)
			return apigw.Error(http.StatusServiceUnavailable, "storage unavailable, retry later"), nil
		}
		if !bytes.Equal(kept, body) {
			log.WarnContext(ctx, "delivery id reused with another body")
			return apigw.Error(http.StatusConflict, "delivery id "+strconv.Quote(delivery)+" was already used for another body"), nil
		}
	}
	if d.Event.Withdraws() {
		changed, err := h.records.Withdraw(ctx, article.Update{Tenant: tenant, Source: d.Source, ID: d.ID, CMSUpdated: cmsUpdated, CMSVersion: d.Version, Arrival: arrival})
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
		Tenant: tenant, Source: d.Source, ID: d.ID, Revision: rev, CMSUpdated: cmsUpdated, CMSVersion: d.Version, Arrival: arrival,
		Title: title, URL: d.URL, PublishedAt: d.PublishedAt, Correlation: cid,
		Authors: d.Authors,
		Section: d.Section, Tags: d.Tags,
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
	// The text was stored before, so no ObjectCreated event will announce
	// it: ask for it directly after a revert to an earlier body, and on a
	// retry while this revision is PENDING and was never announced (an
	// earlier attempt failed to).
	announce := changed && !created
	if !changed && !created {
		rec, err := h.records.GetRecord(ctx, tenant, d.Source, d.ID)
		if err != nil {
			log.ErrorContext(ctx, "read record", "err", err)
			return apigw.Error(http.StatusServiceUnavailable, "storage unavailable, retry later"), nil
		}
		announce = rec != nil && rec.Revision == rev && rec.Status == article.StatusPending && rec.Announced != rev
	}
	if announce {
		if err := h.queue.Enqueue(ctx, key); err != nil {
			log.ErrorContext(ctx, "enqueue", "err", err)
			return apigw.Error(http.StatusServiceUnavailable, "queue unavailable, retry later"), nil
		}
	}
	if announce || created {
		if err := h.records.MarkAnnounced(ctx, tenant, d.Source, d.ID, rev); err != nil {
			log.ErrorContext(ctx, "mark announced", "err", err)
			return apigw.Error(http.StatusServiceUnavailable, "storage unavailable, retry later"), nil
		}
	}
	status := "unchanged"
	if changed {
		status = "accepted"
	}
	log.InfoContext(ctx, "delivery stored", "revision", rev, "status", status, "bytes", len(doc.Text))
	return apigw.JSON(http.StatusAccepted, Response{Source: d.Source, ID: d.ID, Revision: rev, Status: status}), nil
}

// MaxObjectKey is S3's limit on an object key, in bytes.
const MaxObjectKey = 1024

// MaxJSONDepth is the deepest JSON nesting accepted, in the body and in a
// rich-text value; deeper rich text could not be converted whole.
const MaxJSONDepth = 120

// strictJSON says why a body is not exactly one JSON value of valid UTF-8
// ("" when it is).
func strictJSON(body []byte) string {
	if !utf8.Valid(body) {
		return "body is not valid UTF-8"
	}
	if loneSurrogate(body) {
		return "body is not valid UTF-8: a \\u escape names half of a surrogate pair"
	}
	if !json.Valid(body) {
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			return webhook.ErrMalformed.Error() + ": " + err.Error() + " (one JSON value per body)"
		}
		return webhook.ErrMalformed.Error() + ": one JSON value per body"
	}
	if depth := jsonDepth(body); depth > MaxJSONDepth {
		return "JSON nested " + strconv.Itoa(depth) + " levels deep, over the limit of " + strconv.Itoa(MaxJSONDepth)
	}
	return ""
}

// loneSurrogate reports whether a JSON text escapes half a UTF-16 surrogate
// pair (\ud800–\udfff not in a high-low pair), which a decoder would turn
// into U+FFFD silently.
func loneSurrogate(b []byte) bool {
	hex4 := func(i int) (rune, bool) {
		if i+4 > len(b) {
			return 0, false
		}
		v, err := strconv.ParseUint(string(b[i:i+4]), 16, 32)
		return rune(v), err == nil
	}
	inString := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if !inString {
			inString = c == '"'
			continue
		}
		switch c {
		case '"':
			inString = false
		case '\\':
			if i+1 < len(b) && b[i+1] == 'u' {
				r, ok := hex4(i + 2)
				switch {
				case !ok:
				case r >= 0xdc00 && r <= 0xdfff:
					return true
				case r >= 0xd800 && r <= 0xdbff:
					if i+12 > len(b) || b[i+6] != '\\' || b[i+7] != 'u' {
						return true
					}
					if lo, ok := hex4(i + 8); !ok || lo < 0xdc00 || lo > 0xdfff {
						return true
					}
					i += 6
				}
				i += 5
			} else {
				i++
			}
		}
	}
	return false
}

// jsonDepth returns the deepest nesting of arrays and objects in valid JSON.
func jsonDepth(b []byte) int {
	depth, deepest, inString, escaped := 0, 0, false, false
	for _, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			deepest = max(deepest, depth)
		case c == '}' || c == ']':
			depth--
		}
	}
	return deepest
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
