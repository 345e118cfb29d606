// Package query serves stored results over the HTTP API:
// GET /articles/{tenant}/{source}/{id} returns an article's summary, and
// GET /speakers/{tenant}/{name}/quotes?limit=&cursor= a speaker's quotes
// across the tenant's articles, newest first, a page at a time. A tenant's
// paths never read another tenant's items.
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

// Handler is the query function.
type Handler struct{ store Store }

// New returns a handler.
func New(store Store) *Handler {
	if store == nil {
		panic("query.New: nil store")
	}
	return &Handler{store: store}
}

// Status is the body returned for an article that has no summary yet.
type Status struct {
	Source   string         `json:"source"`
	ID       string         `json:"id"`
	Revision string         `json:"revision"`
	Status   article.Status `json:"status"`
	Error    string         `json:"error,omitempty"`
}

// SpeakerPage is the body of a speaker query.
type SpeakerPage struct {
	Speaker    string                 `json:"speaker"`
	Quotes     []article.SpeakerQuote `json:"quotes"`
	NextCursor string                 `json:"next_cursor,omitempty"`
}

// Handle routes a GET request.
func (h *Handler) Handle(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
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
		return h.article(ctx, tenant, param(req, "source", parts[2]), param(req, "id", parts[3]))
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

func (h *Handler) article(ctx context.Context, tenant, source, id string) (events.APIGatewayV2HTTPResponse, error) {
	rec, err := h.store.GetRecord(ctx, tenant, source, id)
	if err != nil {
		slog.ErrorContext(ctx, "read record", "source", source, "id", id, "err", err)
		return apigw.Error(http.StatusServiceUnavailable, "storage unavailable"), nil
	}
	if rec == nil || rec.Status == article.StatusWithdrawn {
		return apigw.Error(http.StatusNotFound, "no such article"), nil
	}
	if rec.Status == article.StatusDone && rec.Summary != nil {
		return apigw.JSON(http.StatusOK, rec.Summary), nil
	}
	return apigw.JSON(http.StatusAccepted, Status{Source: rec.Source, ID: rec.ID, Revision: rec.Revision, Status: rec.Status, Error: rec.Error}), nil
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
	quotes, next, err := h.store.QuotesBySpeaker(ctx, tenant, name, limit, q["cursor"])
	if errors.Is(err, article.ErrBadCursor) {
		return apigw.Error(http.StatusBadRequest, "bad cursor"), nil
	}
	if err != nil {
		slog.ErrorContext(ctx, "speaker query", "err", err)
		return apigw.Error(http.StatusServiceUnavailable, "storage unavailable"), nil
	}
	if quotes == nil {
		quotes = []article.SpeakerQuote{}
	}
	return apigw.JSON(http.StatusOK, SpeakerPage{Speaker: name, Quotes: quotes, NextCursor: next}), nil
}
