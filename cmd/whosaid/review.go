package main

import (
	"bytes"
	"context"
	"encoding/json"
	"html/template"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/render"
)

// logDelivery writes the one log line of a webhook delivery: the answer,
// the CMS, tenant, article and revision; never the body.
func logDelivery(ctx context.Context, params map[string]string, resp events.APIGatewayV2HTTPResponse, handled bool) {
	var body struct {
		Source   string `json:"source"`
		ID       string `json:"id"`
		Revision string `json:"revision"`
		Status   string `json:"status"`
		Error    string `json:"error"`
	}
	if handled {
		_ = json.Unmarshal([]byte(resp.Body), &body)
	}
	attrs := []any{"answer", resp.StatusCode, "cms", params["cms"], "tenant", params["tenant"]}
	if params["event"] != "" {
		attrs = append(attrs, "event", params["event"])
	}
	attrs = append(attrs, "source", body.Source, "article", body.ID, "revision", body.Revision)
	if body.Status != "" {
		attrs = append(attrs, "status", body.Status)
	}
	if body.Error != "" {
		attrs = append(attrs, "reason", body.Error)
	}
	level := slog.LevelInfo
	if resp.StatusCode >= 400 {
		level = slog.LevelWarn
	}
	slog.Log(ctx, level, "delivery", attrs...)
}

// wantsHTML reports whether the client prefers HTML to JSON: a browser's
// Accept header ranks text/html above */*, an API client asks for
// application/json, */* or nothing. ?format=html asks for the page too.
func wantsHTML(r *http.Request) bool {
	if f := r.URL.Query().Get("format"); f != "" {
		return f == "html"
	}
	var htmlQ, jsonQ float64
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		switch mt {
		case "text/html", "application/xhtml+xml":
			htmlQ = max(htmlQ, q)
		case "application/json", "application/*", "*/*":
			jsonQ = max(jsonQ, q)
		}
	}
	return htmlQ > 0 && htmlQ > jsonQ
}

// serveReviewPage answers GET /articles/{tenant}/{source}/{id} for a browser: the
// review page of the summary, or a short page saying why there is none,
// with the status the JSON route would give.
func (s *server) serveReviewPage(w http.ResponseWriter, r *http.Request, params map[string]string) {
	w.Header().Add("Vary", "Accept")
	resp, ok := s.invoke(w, r, s.query.Handle, params)
	if !ok {
		return
	}
	if resp.StatusCode != http.StatusOK {
		var body struct {
			Error  string `json:"error"`
			Status string `json:"status"`
		}
		_ = json.Unmarshal([]byte(resp.Body), &body)
		msg := body.Error
		if msg == "" && body.Status != "" {
			msg = "not summarized yet: the article is " + strings.ToLower(body.Status) + "; reload in a moment"
		}
		writeNotice(w, resp.StatusCode, params["source"]+"/"+params["id"], msg)
		return
	}
	var sum article.Summary
	if err := json.Unmarshal([]byte(resp.Body), &sum); err != nil {
		slog.ErrorContext(r.Context(), "review page: bad summary", "err", err)
		writeNotice(w, http.StatusInternalServerError, params["source"]+"/"+params["id"], "the stored summary could not be read")
		return
	}
	text, err := s.store.GetText(r.Context(), article.TextKey(params["tenant"], sum.Article.Source, sum.Article.ID, sum.Article.Revision))
	if err != nil {
		slog.ErrorContext(r.Context(), "review page: read text", "source", sum.Article.Source, "id", sum.Article.ID, "err", err)
		writeNotice(w, http.StatusServiceUnavailable, params["source"]+"/"+params["id"], "the article text is not available")
		return
	}
	var b bytes.Buffer
	if err := render.HTML(&b, &sum, string(text)); err != nil {
		slog.ErrorContext(r.Context(), "review page", "err", err)
		writeNotice(w, http.StatusInternalServerError, params["source"]+"/"+params["id"], "the page could not be made")
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b.Bytes())
}

var notice = template.Must(template.New("notice").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>body{font:17px/1.6 system-ui,sans-serif;margin:2rem;color:#161616}</style></head>
<body><main><h1>{{.Title}}</h1><p>{{.Message}}</p></main></body></html>
`))

func writeNotice(w http.ResponseWriter, status int, title, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = notice.Execute(w, struct{ Title, Message string }{title, msg})
}
