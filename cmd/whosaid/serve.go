package main

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"

	"github.com/whosaid/whosaid/internal/ingest"
	"github.com/whosaid/whosaid/internal/query"
	"github.com/whosaid/whosaid/internal/queue"
	"github.com/whosaid/whosaid/internal/reprocess"
	"github.com/whosaid/whosaid/internal/secrets"
	"github.com/whosaid/whosaid/internal/store/local"
	"github.com/whosaid/whosaid/internal/summarize"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand("serve", `Usage: whosaid serve [flags]

Runs the webhook and query routes locally with the Lambda functions' own
handlers, on the local stores, summarizing new texts in the background:
  POST /hooks/{cms}/{tenant}[/{event}]   GET /articles/{source}/{id}   GET /speakers/{name}/quotes
GET /articles/{source}/{id} answers JSON, or the review page to a browser
(Accept: text/html). Every configured secret is checked at start. Logs are
JSON lines on standard error: one per delivery and one per summary.
`)
	fs := c.fs
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on")
	dataDir := fs.String("data-dir", envOr("WHOSAID_DATA_DIR", ".whosaid"), "`folder` for the local stores; $WHOSAID_DATA_DIR sets the default")
	secretsFile := fs.String("secrets", "", "JSON `file` of webhook secrets, {\"cms\": {\"tenant\": \"secret\"}} (default $WHOSAID_WEBHOOK_SECRETS, as JSON)")
	mode := fs.String("extractor", envOr("WHOSAID_EXTRACTOR", "auto"), "`extractor`: auto, offline or llm; $WHOSAID_EXTRACTOR sets the default")
	maxBody := fs.Int("max-body", ingest.DefaultMaxBody, "largest webhook body in `bytes`")
	every := fs.Duration("reprocess-every", time.Minute, "how often to re-queue articles left PENDING or FAILED, as the nightly reprocess function does (`duration`)")
	rest, err := c.parse(args, stdout)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("serve takes no arguments, got %q", rest)
	}
	raw := []byte(os.Getenv("WHOSAID_WEBHOOK_SECRETS"))
	from := "WHOSAID_WEBHOOK_SECRETS"
	if *secretsFile != "" {
		b, err := os.ReadFile(*secretsFile)
		if err != nil {
			return usageError{fmt.Errorf("read secrets: %w", err)}
		}
		raw, from = b, *secretsFile
	}
	tenants := secrets.Tenants{}
	if len(raw) > 0 {
		t, err := secrets.Parse(raw)
		if err != nil {
			return usagef("%s: %w", from, err)
		}
		if err := checkTenants(t); err != nil {
			return usagef("%s: refusing to start:\n%w", from, err)
		}
		tenants = t
	}
	if len(tenants) == 0 {
		fmt.Fprintln(stderr, "whosaid serve: no webhook secrets (--secrets or WHOSAID_WEBHOOK_SECRETS): every delivery will be refused with 401")
	}
	x, err := pickExtractor(*mode)
	if err != nil {
		return err
	}
	store, err := local.New(*dataDir)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	// serve logs every delivery and summary, so it logs at info level.
	slog.SetDefault(slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))
	srv := newServer(store, tenants, summarize.New(store, store, x, 3), *maxBody)
	srv.enableSweep(x.ConfigHash(), *every)
	fmt.Fprintf(stderr, "whosaid serve: listening on http://%s (data in %s, extractor %s)\n", l.Addr(), *dataDir, x.Name())
	return srv.run(ctx, l)
}

// server runs the Lambda handlers behind net/http, with a background
// summarize worker standing in for the S3 → SQS → summarize chain.
type server struct {
	store     *local.Store
	ingest    *ingest.Handler
	query     *query.Handler
	summarize *summarize.Handler
	work      chan string
	wg        sync.WaitGroup
	maxBody   int
	announce  announcer
	// sweep, run every sweepEvery, re-queues what the Lambda reprocess
	// function would: articles PENDING or FAILED for a while, and stale ones.
	sweep      *reprocess.Handler
	sweepEvery time.Duration
}

// backlogSize is how many texts may wait for the background summarizer.
var backlogSize = 1024

// enableSweep runs the reprocess sweep every `every` with the extractor's
// config hash as the current one: nothing accepted stays PENDING, even when
// the backlog was full when it arrived.
func (s *server) enableSweep(hash string, every time.Duration) {
	if every <= 0 {
		return
	}
	s.sweep = reprocess.New(s.announce.Store, s.announce, hash, reprocess.WithAges(reprocess.FailedAge, every))
	s.sweepEvery = every
}

// sweeper runs the sweep on its timer until ctx ends.
func (s *server) sweeper(ctx context.Context, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(s.sweepEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			for _, mode := range []string{reprocess.ModeFailed, reprocess.ModeStale} {
				if _, err := s.sweep.Handle(ctx, reprocess.Input{Mode: mode, Limit: 100, Reason: "serve timer"}); err != nil {
					slog.WarnContext(ctx, "reprocess sweep", "mode", mode, "err", err)
				}
			}
		}
	}
}

// announcer stands in for the bucket notification: a newly stored text is
// queued for summarize.
type announcer struct {
	*local.Store
	work chan<- string
}

func (a announcer) PutText(ctx context.Context, key string, data []byte) (bool, error) {
	created, err := a.Store.PutText(ctx, key, data)
	if err == nil && created {
		if qerr := a.enqueue(key); qerr != nil {
			return created, qerr
		}
	}
	return created, err
}

func (a announcer) Enqueue(_ context.Context, key string) error { return a.enqueue(key) }

func (a announcer) enqueue(key string) error {
	select {
	case a.work <- key:
		return nil
	default:
		return errors.New("summarize backlog is full")
	}
}

func newServer(store *local.Store, tenants secrets.Tenants, sum *summarize.Handler, maxBody int) *server {
	work := make(chan string, backlogSize)
	a := announcer{Store: store, work: work}
	return &server{
		store:     store,
		ingest:    ingest.New(a, store, a, tenants, ingest.WithMaxBody(maxBody)),
		query:     query.New(store),
		summarize: sum,
		work:      work,
		maxBody:   maxBody,
		announce:  a,
	}
}

// handler routes the HTTP API's paths.
func (s *server) handler() http.Handler {
	mux := http.NewServeMux()
	hook := func(w http.ResponseWriter, r *http.Request) {
		params := map[string]string{"cms": r.PathValue("cms"), "tenant": r.PathValue("tenant"), "event": r.PathValue("event")}
		resp, ok := s.serveLambda(w, r, s.ingest.Handle, params)
		logDelivery(r.Context(), params, resp, ok)
	}
	mux.HandleFunc("POST /hooks/{cms}/{tenant}", hook)
	mux.HandleFunc("POST /hooks/{cms}/{tenant}/{event}", hook)
	mux.HandleFunc("GET /articles/{tenant}/{source}/{id}", func(w http.ResponseWriter, r *http.Request) {
		params := map[string]string{"tenant": r.PathValue("tenant"), "source": r.PathValue("source"), "id": r.PathValue("id")}
		if wantsHTML(r) {
			s.serveReviewPage(w, r, params)
			return
		}
		w.Header().Add("Vary", "Accept")
		s.serveLambda(w, r, s.query.Handle, params)
	})
	mux.HandleFunc("GET /speakers/{tenant}/{name}/quotes", func(w http.ResponseWriter, r *http.Request) {
		s.serveLambda(w, r, s.query.Handle, map[string]string{"tenant": r.PathValue("tenant"), "name": r.PathValue("name")})
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	return mux
}

// serveLambda turns an HTTP request into the API Gateway event the Lambda
// handler takes, and its response back.
func (s *server) serveLambda(w http.ResponseWriter, r *http.Request, h lambdaHandler, params map[string]string) (events.APIGatewayV2HTTPResponse, bool) {
	resp, ok := s.invoke(w, r, h, params)
	if !ok {
		return resp, false
	}
	for k, v := range resp.Headers {
		w.Header().Set(k, v)
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.WriteString(w, resp.Body)
	return resp, true
}

// lambdaHandler is an HTTP API Lambda handler.
type lambdaHandler func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)

// invoke calls the handler with the request as an API Gateway event. When
// it cannot (an unreadable body, a failed handler) it answers the request
// itself and returns false.
func (s *server) invoke(w http.ResponseWriter, r *http.Request, h lambdaHandler, params map[string]string) (events.APIGatewayV2HTTPResponse, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, int64(s.maxBody)+1))
	if err != nil && !errors.As(err, new(*http.MaxBytesError)) {
		http.Error(w, `{"error":"could not read the body"}`, http.StatusBadRequest)
		return events.APIGatewayV2HTTPResponse{StatusCode: http.StatusBadRequest}, false
	}
	ev := events.APIGatewayV2HTTPRequest{RawPath: r.URL.Path, RawQueryString: r.URL.RawQuery, Headers: map[string]string{}, PathParameters: map[string]string{}, QueryStringParameters: map[string]string{}}
	ev.RequestContext.HTTP.Method, ev.RequestContext.HTTP.Path = r.Method, r.URL.Path
	for k, v := range r.Header {
		ev.Headers[strings.ToLower(k)] = strings.Join(v, ",")
	}
	for k, v := range params {
		if v != "" {
			ev.PathParameters[k] = v
		}
	}
	for k, v := range r.URL.Query() {
		ev.QueryStringParameters[k] = strings.Join(v, ",")
	}
	if utf8.Valid(body) {
		ev.Body = string(body)
	} else {
		ev.Body, ev.IsBase64Encoded = base64.StdEncoding.EncodeToString(body), true
	}
	resp, err := h(r.Context(), ev)
	if err != nil {
		slog.ErrorContext(r.Context(), "handler failed", "err", err)
		http.Error(w, `{"error":"internal error"}`, http.StatusInternalServerError)
		return events.APIGatewayV2HTTPResponse{StatusCode: http.StatusInternalServerError}, false
	}
	return resp, true
}

// worker summarizes queued texts with the summarize function's own code,
// retrying a few times what it reports as failed.
func (s *server) worker(ctx context.Context) {
	defer s.wg.Done()
	for key := range s.work {
		body, err := queue.Message("local", key, "whosaid-serve")
		if err != nil {
			continue
		}
		for attempt := 1; attempt <= 3; attempt++ {
			ev := events.SQSEvent{Records: []events.SQSMessage{{MessageId: key, Body: string(body), Attributes: map[string]string{"ApproximateReceiveCount": fmt.Sprint(attempt)}}}}
			resp, _ := s.summarize.Handle(ctx, ev)
			if len(resp.BatchItemFailures) == 0 || ctx.Err() != nil {
				break
			}
			if attempt == 3 {
				slog.ErrorContext(ctx, "summarize gave up after 3 attempts", "key", key)
				break
			}
			time.Sleep(time.Duration(attempt) * time.Second)
		}
	}
}

// run serves until ctx ends, then drains the summarize backlog.
func (s *server) run(ctx context.Context, l net.Listener) error {
	s.wg.Add(1)
	go s.worker(context.WithoutCancel(ctx))
	sweepCtx, cancelSweep := context.WithCancel(ctx)
	defer cancelSweep()
	swept := make(chan struct{})
	if s.sweep != nil {
		go s.sweeper(sweepCtx, swept)
	} else {
		close(swept)
	}
	// The sweep enqueues into s.work: it must end before s.work closes.
	stopSweep := func() { cancelSweep(); <-swept }
	hs := &http.Server{Handler: s.handler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(l) }()
	select {
	case err := <-errc:
		stopSweep()
		close(s.work)
		s.wg.Wait()
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := hs.Shutdown(shutdown)
	stopSweep()
	close(s.work)
	s.wg.Wait()
	return err
}
