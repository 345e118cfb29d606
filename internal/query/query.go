// Package query serves stored results over the HTTP API:
// GET /articles/{tenant}/{source}/{id} returns an article's summary, and
// GET /speakers/{tenant}/{name}/quotes?limit=&cursor= a speaker's quotes
// across the tenant's articles, newest first, a page at a time. A tenant's
// paths never read another tenant's items. Both serve verified quotations
// only, unless ?include=unverified asks for the flagged ones too (each
// then carries its flags).
package query

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/whosaid/whosaid/internal/apigw"
	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/metrics"
)

// Store reads records and speaker quotes.
type Store interface {
	GetRecord(ctx context.Context, tenant, source, id string) (*article.Record, error)
	QuotesBySpeaker(ctx context.Context, tenant, name string, limit int, cursor string) ([]article.SpeakerQuote, string, error)
}

// Page bounds for speaker queries.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// maxReads bounds the store reads that fill one speaker page when flagged
// quotations are left out.
const maxReads = 5

// Handler is the query function.
type Handler struct {
	store   Store
	metrics *metrics.Emitter
}

// New returns a handler.
func New(store Store) *Handler {
	if store == nil {
		panic("query.New: nil store")
	}
	return &Handler{store: store, metrics: metrics.Discard}
}

// WithMetrics sets where the Queries metric goes (EMF lines; none by
// default) and returns h.
func (h *Handler) WithMetrics(m *metrics.Emitter) *Handler {
	h.metrics = m
	return h
}

// Status is the body returned for an article that has no summary yet.
type Status struct {
	Source   string         `json:"source"`
	ID       string         `json:"id"`
	Revision string         `json:"revision"`
	Status   article.Status `json:"status"`
	Error    string         `json:"error,omitempty"`
	// Attempts counts the reprocessor's retries (GAVE_UP: the tries made).
	Attempts int `json:"attempts,omitempty"`
}

// SpeakerPage is the body of a speaker query.
type SpeakerPage struct {
	Speaker    string                 `json:"speaker"`
	Quotes     []article.SpeakerQuote `json:"quotes"`
	NextCursor string                 `json:"next_cursor,omitempty"`
}

// Handle routes a GET request, and counts its answer (Queries by route and
// status).
func (h *Handler) Handle(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	resp, err := h.handle(ctx, req)
	route := "other"
	if parts := pathParts(req.RawPath); len(parts) > 0 && (parts[0] == "articles" || parts[0] == "speakers") {
		route = parts[0]
	}
	status := resp.StatusCode
	if err != nil {
		status = http.StatusInternalServerError
	}
	h.metrics.Query(route, status)
	return resp, err
}

func (h *Handler) handle(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	if m := req.RequestContext.HTTP.Method; m != "" && m != http.MethodGet {
		return apigw.Error(http.StatusMethodNotAllowed, "only GET"), nil
	}
	parts := pathParts(req.RawPath)
	switch {
	case len(parts) == 4 && parts[0] == "articles":
		tenant := param(req, "tenant", parts[1])
		if resp, ok := allowed(req, tenant); !ok {
			return resp, nil
		}
		all, err := includeUnverified(req.QueryStringParameters)
		if err != nil {
			return apigw.Error(http.StatusBadRequest, err.Error()), nil
		}
		return h.article(ctx, tenant, param(req, "source", parts[2]), param(req, "id", parts[3]), all)
	case len(parts) == 4 && parts[0] == "speakers" && parts[3] == "quotes":
		tenant := param(req, "tenant", parts[1])
		if resp, ok := allowed(req, tenant); !ok {
			return resp, nil
		}
		return h.speaker(ctx, tenant, param(req, "name", parts[2]), req.QueryStringParameters)
	}
	return apigw.Error(http.StatusNotFound, "no such route: use /articles/{tenant}/{source}/{id} or /speakers/{tenant}/{name}/quotes"), nil
}

// TenantClaim is the JWT claim that, when the API's JWT authorizer passes
// it, limits a caller to one tenant's articles.
const TenantClaim = "whosaid_tenant"

// allowed refuses a caller whose JWT names another tenant (403). Without a
// JWT authorizer (open or IAM-authorized API) every tenant path is allowed;
// IAM policies restrict callers by path instead.
func allowed(req events.APIGatewayV2HTTPRequest, tenant string) (events.APIGatewayV2HTTPResponse, bool) {
	if a := req.RequestContext.Authorizer; a != nil && a.JWT != nil {
		if claim, ok := a.JWT.Claims[TenantClaim]; ok && claim != tenant {
			return apigw.Error(http.StatusForbidden, "this token is not for tenant "+strconv.Quote(tenant)), false
		}
	}
	return events.APIGatewayV2HTTPResponse{}, true
}

func pathParts(raw string) []string {
	var out []string
	for _, p := range strings.Split(strings.Trim(raw, "/"), "/") {
		if u, err := url.PathUnescape(p); err == nil {
			p = u
		}
		out = append(out, p)
	}
	return out
}

// param prefers API Gateway's path parameter, else the raw path segment.
func param(req events.APIGatewayV2HTTPRequest, name, fallback string) string {
	if v := req.PathParameters[name]; v != "" {
		return v
	}
	return fallback
}

// includeUnverified reads ?include=: absent serves verified quotations
// only; "unverified" serves the flagged ones too.
func includeUnverified(q map[string]string) (bool, error) {
	v, ok := q["include"]
	if !ok {
		return false, nil
	}
	all := false
	for _, p := range strings.Split(v, ",") {
		switch strings.TrimSpace(p) {
		case "unverified":
			all = true
		case "":
		default:
			return false, errors.New("include must be \"unverified\"")
		}
	}
	return all, nil
}

// served returns the summary as served: without its flagged quotations
// unless all is set, and without the speakers left with none.
func served(s *article.Summary, all bool) *article.Summary {
	if all {
		return s
	}
	out := *s
	out.Quotes = make([]article.Quote, 0, len(s.Quotes))
	count := map[string]int{}
	for _, q := range s.Quotes {
		if q.Verified() {
			out.Quotes = append(out.Quotes, q)
			count[q.Speaker]++
		}
	}
	out.Speakers = make([]article.Speaker, 0, len(s.Speakers))
	for _, sp := range s.Speakers {
		if count[sp.ID] > 0 {
			sp.QuoteCount = count[sp.ID]
			out.Speakers = append(out.Speakers, sp)
		}
	}
	return &out
}

func (h *Handler) article(ctx context.Context, tenant, source, id string, all bool) (events.APIGatewayV2HTTPResponse, error) {
	rec, err := h.store.GetRecord(ctx, tenant, source, id)
	if err != nil {
		slog.ErrorContext(ctx, "read record", "source", source, "id", id, "err", err)
		return apigw.Error(http.StatusServiceUnavailable, "storage unavailable"), nil
	}
	if rec == nil || rec.Status == article.StatusWithdrawn {
		return apigw.Error(http.StatusNotFound, "no such article"), nil
	}
	if rec.Status == article.StatusDone && rec.Summary != nil {
		return apigw.JSON(http.StatusOK, served(rec.Summary, all)), nil
	}
	return apigw.JSON(http.StatusAccepted, Status{Source: rec.Source, ID: rec.ID, Revision: rec.Revision, Status: rec.Status, Error: rec.Error, Attempts: rec.Attempts}), nil
}

func (h *Handler) speaker(ctx context.Context, tenant, name string, q map[string]string) (events.APIGatewayV2HTTPResponse, error) {
	limit := DefaultLimit
	if s := q["limit"]; s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxLimit {
			return apigw.Error(http.StatusBadRequest, "limit must be a number from 1 to "+strconv.Itoa(MaxLimit)), nil
		}
		limit = n
	}
	if strings.TrimSpace(name) == "" || article.NormalizeName(name) == "" {
		return apigw.Error(http.StatusBadRequest, "speaker name is empty"), nil
	}
	all, err := includeUnverified(q)
	if err != nil {
		return apigw.Error(http.StatusBadRequest, err.Error()), nil
	}
	quotes, next, err := h.store.QuotesBySpeaker(ctx, tenant, name, limit, q["cursor"])
	if errors.Is(err, article.ErrBadCursor) {
		return apigw.Error(http.StatusBadRequest, "bad cursor"), nil
	}
	if err != nil {
		slog.ErrorContext(ctx, "speaker query", "err", err)
		return apigw.Error(http.StatusServiceUnavailable, "storage unavailable"), nil
	}
	// Flagged quotations are left out unless asked for; the page is filled
	// from the following ones, asking the store each time for no more than
	// still fit, so the cursor never falls inside a page. A speaker with
	// many flagged quotations in a row may get a short page, with
	// next_cursor leading on.
	kept := make([]article.SpeakerQuote, 0, len(quotes))
	for reads := 1; ; reads++ {
		for _, sq := range quotes {
			if all || len(sq.Flags) == 0 {
				kept = append(kept, sq)
			}
		}
		if len(kept) >= limit || next == "" || reads == maxReads {
			break
		}
		quotes, next, err = h.store.QuotesBySpeaker(ctx, tenant, name, limit-len(kept), next)
		if err != nil {
			slog.ErrorContext(ctx, "speaker query", "err", err)
			return apigw.Error(http.StatusServiceUnavailable, "storage unavailable"), nil
		}
	}
	quotes = kept
	return apigw.JSON(http.StatusOK, SpeakerPage{Speaker: name, Quotes: quotes, NextCursor: next}), nil
}
