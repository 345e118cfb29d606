// Package batch reprocesses articles through the OpenAI Batch API at half
// the live price: a Submitter collects articles (it is a reprocess queue),
// writes their chat-completion requests as JSONL — the very requests the
// live path sends, built by the LLM extractor — uploads the file, creates
// the batch and records it; a Poller, run on a schedule, reads each
// finished batch's output and error files, grounds and stores every result
// through the same code as the live path (the record store's conditional
// write: the newest revision still wins) and sends every article whose
// lines failed or never ran (an expired batch) to the live queue.
package batch

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/pipeline"
)

// Client is the part of the OpenAI client the package uses.
type Client interface {
	CreateFileBytes(ctx context.Context, req openai.FileBytesRequest) (openai.File, error)
	CreateBatch(ctx context.Context, req openai.CreateBatchRequest) (openai.BatchResponse, error)
	RetrieveBatch(ctx context.Context, id string) (openai.BatchResponse, error)
	GetFileContent(ctx context.Context, id string) (openai.RawResponse, error)
}

// Extractor builds an article's requests and turns the responses into its
// summary (llm.Extractor).
type Extractor interface {
	Name() string
	ConfigHash() string
	Requests(a article.Article) ([]openai.ChatCompletionRequest, error)
	Complete(ctx context.Context, a article.Article, resps []openai.ChatCompletionResponse) (article.Summary, error)
}

// Record is a submitted batch as the store keeps it.
type Record = article.Batch

// Store keeps article records and batch records.
type Store interface {
	pipeline.RecordStore
	PutBatch(ctx context.Context, b Record) error
	OpenBatches(ctx context.Context) ([]Record, error)
}

// Queue is the live summarize queue.
type Queue interface {
	Enqueue(ctx context.Context, key string) error
}

// MaxLines is the Batch API's limit of requests per batch; MaxFileBytes
// its limit of input file size.
const (
	MaxLines     = 50_000
	MaxFileBytes = 200 << 20
)

// DefaultArticles is how many articles a Submitter puts in one batch.
const DefaultArticles = 10_000

// Submitter collects articles into batches. It is not safe for concurrent
// use (one sweep feeds it).
type Submitter struct {
	client   Client
	x        Extractor
	texts    pipeline.TextStore
	store    Store
	now      func() time.Time
	max      int
	lines    bytes.Buffer
	nLines   int
	articles int
	// Submitted lists the batches this Submitter created.
	Submitted []Record
}

// NewSubmitter returns a Submitter that puts up to maxArticles articles in
// a batch (DefaultArticles when 0).
func NewSubmitter(client Client, x Extractor, texts pipeline.TextStore, store Store, maxArticles int, now func() time.Time) *Submitter {
	if maxArticles <= 0 {
		maxArticles = DefaultArticles
	}
	if now == nil {
		now = time.Now
	}
	return &Submitter{client: client, x: x, texts: texts, store: store, now: now, max: maxArticles}
}

// customID names a request: the text key, the chunk and the chunks.
func customID(key string, i, n int) string {
	return key + "|" + strconv.Itoa(i) + "|" + strconv.Itoa(n)
}

func parseCustomID(id string) (key string, i, n int, ok bool) {
	rest, ns, ok1 := cut(id)
	key, is, ok2 := cut(rest)
	i, err1 := strconv.Atoi(is)
	n, err2 := strconv.Atoi(ns)
	return key, i, n, ok1 && ok2 && err1 == nil && err2 == nil && i >= 0 && i < n
}

func cut(s string) (string, string, bool) {
	j := strings.LastIndexByte(s, '|')
	if j < 0 {
		return "", "", false
	}
	return s[:j], s[j+1:], true
}

// line is one request of the input file.
type line struct {
	CustomID string                       `json:"custom_id"`
	Method   string                       `json:"method"`
	URL      openai.BatchEndpoint         `json:"url"`
	Body     openai.ChatCompletionRequest `json:"body"`
}

// Enqueue adds the article whose text is stored under key to the current
// batch, and submits the batch once it is full. An article that is gone or
// superseded is skipped.
func (s *Submitter) Enqueue(ctx context.Context, key string) error {
	a, rec, ok, err := load(ctx, s.texts, s.store, key)
	if err != nil || !ok {
		return err
	}
	if rec.Status == article.StatusDone && rec.ConfigHash == s.x.ConfigHash() && rec.Summary != nil {
		return nil // done with this configuration, as summarize would skip it
	}
	reqs, err := s.x.Requests(a)
	if err != nil {
		slog.WarnContext(ctx, "batch: no requests for an article", "key", key, "err", err)
		return nil
	}
	var buf bytes.Buffer
	for i, r := range reqs {
		// Not the client's UploadBatchFileRequest.AddChatCompletion: in
		// go-openai v1.43.0 it drops the body and names the wrong endpoint.
		js, err := json.Marshal(line{CustomID: customID(key, i, len(reqs)), Method: "POST", URL: openai.BatchEndpointChatCompletions, Body: r})
		if err != nil {
			return fmt.Errorf("batch: encode request: %w", err)
		}
		buf.Write(js)
		buf.WriteByte('\n')
	}
	if s.nLines > 0 && (s.nLines+len(reqs) > MaxLines || s.lines.Len()+buf.Len() > MaxFileBytes) {
		if _, err := s.Flush(ctx); err != nil {
			return err
		}
	}
	s.lines.Write(buf.Bytes())
	s.nLines += len(reqs)
	s.articles++
	if s.articles >= s.max {
		_, err := s.Flush(ctx)
		return err
	}
	return nil
}

// Flush submits the collected articles as one batch (nothing when none):
// upload, create, record.
func (s *Submitter) Flush(ctx context.Context) (Record, error) {
	if s.nLines == 0 {
		return Record{}, nil
	}
	f, err := s.client.CreateFileBytes(ctx, openai.FileBytesRequest{Name: "whosaid-batch.jsonl", Bytes: s.lines.Bytes(), Purpose: openai.PurposeBatch})
	if err != nil {
		return Record{}, fmt.Errorf("batch: upload input file: %w", err)
	}
	b, err := s.client.CreateBatch(ctx, openai.CreateBatchRequest{
		InputFileID: f.ID, Endpoint: openai.BatchEndpointChatCompletions, CompletionWindow: "24h",
		Metadata: map[string]any{"by": "whosaid", "config_hash": s.x.ConfigHash()},
	})
	if err != nil {
		return Record{}, fmt.Errorf("batch: create: %w", err)
	}
	rec := Record{ID: b.ID, InputFileID: f.ID, Articles: s.articles, Lines: s.nLines, Created: s.now().UTC(), Open: true, Status: b.Status}
	if err := s.store.PutBatch(ctx, rec); err != nil {
		return rec, fmt.Errorf("batch: record %s: %w", b.ID, err)
	}
	slog.InfoContext(ctx, "batch submitted", "batch", b.ID, "articles", s.articles, "lines", s.nLines, "bytes", s.lines.Len())
	s.Submitted = append(s.Submitted, rec)
	s.lines.Reset()
	s.nLines, s.articles = 0, 0
	return rec, nil
}

// load reads the article a text key names, when it is still current.
func load(ctx context.Context, texts pipeline.TextStore, records pipeline.RecordStore, key string) (article.Article, *article.Record, bool, error) {
	tenant, source, id, rev, ok := article.ParseTextKey(key)
	if !ok {
		return article.Article{}, nil, false, nil
	}
	rec, err := records.GetRecord(ctx, tenant, source, id)
	if err != nil {
		return article.Article{}, nil, false, fmt.Errorf("batch: read record: %w", err)
	}
	if rec == nil || rec.Revision != rev || rec.Status == article.StatusWithdrawn {
		return article.Article{}, nil, false, nil
	}
	text, err := texts.GetText(ctx, key)
	if errors.Is(err, pipeline.ErrNotFound) {
		return article.Article{}, nil, false, nil
	}
	if err != nil {
		return article.Article{}, nil, false, fmt.Errorf("batch: read text: %w", err)
	}
	return article.Article{Tenant: tenant, Source: source, ID: id, Revision: rev, Title: rec.Title, URL: rec.URL, PublishedAt: rec.PublishedAt, Text: string(text)}, rec, true, nil
}

// Poller finishes submitted batches.
type Poller struct {
	client Client
	x      Extractor
	texts  pipeline.TextStore
	store  Store
	live   Queue
}

// NewPoller returns a Poller that retries failed articles on live.
func NewPoller(client Client, x Extractor, texts pipeline.TextStore, store Store, live Queue) *Poller {
	return &Poller{client: client, x: x, texts: texts, store: store, live: live}
}

// PollResult reports a poll.
type PollResult struct {
	Open     int `json:"open"`
	Finished int `json:"finished"`
	Stored   int `json:"stored"`
	Retried  int `json:"retried"`
	Skipped  int `json:"skipped"`
}

// Poll looks at every open batch once and finishes those the API has
// finished (completed, expired, failed or cancelled).
func (p *Poller) Poll(ctx context.Context) (PollResult, error) {
	var res PollResult
	open, err := p.store.OpenBatches(ctx)
	if err != nil {
		return res, err
	}
	for _, rec := range open {
		b, err := p.client.RetrieveBatch(ctx, rec.ID)
		if err != nil {
			return res, fmt.Errorf("batch: retrieve %s: %w", rec.ID, err)
		}
		switch b.Status {
		case "completed", "expired", "failed", "cancelled":
		default: // validating, in_progress, finalizing, cancelling
			res.Open++
			if b.Status != rec.Status {
				rec.Status = b.Status
				if err := p.store.PutBatch(ctx, rec); err != nil {
					return res, err
				}
			}
			continue
		}
		done, err := p.finish(ctx, rec, b.Batch)
		res.Finished++
		res.Stored += done.Stored
		res.Retried += done.Retried
		res.Skipped += done.Skipped
		if err != nil {
			return res, err
		}
	}
	return res, nil
}

// result is one output or error line.
type result struct {
	CustomID string `json:"custom_id"`
	Response *struct {
		StatusCode int             `json:"status_code"`
		Body       json.RawMessage `json:"body"`
	} `json:"response"`
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// finish stores a finished batch's results and retries the rest live; the
// batch record is closed last, so a poll cut short is done again (storing a
// result twice changes nothing).
func (p *Poller) finish(ctx context.Context, rec Record, b openai.Batch) (Record, error) {
	// The input file lists every article of the batch and its chunks.
	want := map[string]int{}
	var order []string
	if err := p.readLines(ctx, rec.InputFileID, func(raw []byte) error {
		var l struct {
			CustomID string `json:"custom_id"`
		}
		if err := json.Unmarshal(raw, &l); err != nil {
			return err
		}
		key, _, n, ok := parseCustomID(l.CustomID)
		if !ok {
			return fmt.Errorf("custom_id %q is not whosaid's", l.CustomID)
		}
		if _, seen := want[key]; !seen {
			order = append(order, key)
		}
		want[key] = n
		return nil
	}); err != nil {
		return rec, fmt.Errorf("batch %s: input file: %w", rec.ID, err)
	}
	got := map[string][]*openai.ChatCompletionResponse{}
	failed := map[string]string{}
	if b.OutputFileID != nil && *b.OutputFileID != "" {
		if err := p.readLines(ctx, *b.OutputFileID, func(raw []byte) error {
			var r result
			if err := json.Unmarshal(raw, &r); err != nil {
				return err
			}
			key, i, n, ok := parseCustomID(r.CustomID)
			if !ok || want[key] != n {
				return nil
			}
			if r.Error != nil || r.Response == nil || r.Response.StatusCode != 200 {
				failed[key] = "a request failed"
				return nil
			}
			var resp openai.ChatCompletionResponse
			if err := json.Unmarshal(r.Response.Body, &resp); err != nil {
				failed[key] = "an unreadable response"
				return nil
			}
			if got[key] == nil {
				got[key] = make([]*openai.ChatCompletionResponse, n)
			}
			got[key][i] = &resp
			return nil
		}); err != nil {
			return rec, fmt.Errorf("batch %s: output file: %w", rec.ID, err)
		}
	}
	if b.ErrorFileID != nil && *b.ErrorFileID != "" {
		if err := p.readLines(ctx, *b.ErrorFileID, func(raw []byte) error {
			var r result
			if err := json.Unmarshal(raw, &r); err != nil {
				return err
			}
			if key, _, _, ok := parseCustomID(r.CustomID); ok {
				failed[key] = "a request failed"
			}
			return nil
		}); err != nil {
			return rec, fmt.Errorf("batch %s: error file: %w", rec.ID, err)
		}
	}
	for _, key := range order {
		resps, complete := collect(got[key], want[key])
		if _, bad := failed[key]; bad || !complete {
			if err := p.live.Enqueue(ctx, key); err != nil {
				return rec, fmt.Errorf("batch %s: retry live: %w", rec.ID, err)
			}
			rec.Retried++
			continue
		}
		stored, err := p.store1(ctx, key, resps)
		if err != nil {
			return rec, err
		}
		switch stored {
		case outcomeStored:
			rec.Stored++
		case outcomeSkipped:
			rec.Skipped++
		case outcomeRetry:
			if err := p.live.Enqueue(ctx, key); err != nil {
				return rec, fmt.Errorf("batch %s: retry live: %w", rec.ID, err)
			}
			rec.Retried++
		}
	}
	rec.Open, rec.Status = false, b.Status
	slog.InfoContext(ctx, "batch finished", "batch", rec.ID, "status", b.Status, "stored", rec.Stored, "retried", rec.Retried, "skipped", rec.Skipped)
	if err := p.store.PutBatch(ctx, rec); err != nil {
		return rec, fmt.Errorf("batch %s: close: %w", rec.ID, err)
	}
	return rec, nil
}

func collect(rs []*openai.ChatCompletionResponse, n int) ([]openai.ChatCompletionResponse, bool) {
	if len(rs) != n || n == 0 {
		return nil, false
	}
	out := make([]openai.ChatCompletionResponse, n)
	for i, r := range rs {
		if r == nil {
			return nil, false
		}
		out[i] = *r
	}
	return out, true
}

type outcome int

const (
	outcomeStored outcome = iota
	outcomeSkipped
	outcomeRetry
)

// store1 grounds an article's responses and stores the summary through
// the pipeline, as summarize does.
func (p *Poller) store1(ctx context.Context, key string, resps []openai.ChatCompletionResponse) (outcome, error) {
	a, _, ok, err := load(ctx, p.texts, p.store, key)
	if err != nil {
		return outcomeRetry, err
	}
	if !ok {
		return outcomeSkipped, nil // withdrawn, or a newer revision came
	}
	sum, err := p.x.Complete(ctx, a, resps)
	if err != nil {
		slog.WarnContext(ctx, "batch result unusable; retrying live", "key", key, "err", err)
		return outcomeRetry, nil
	}
	_, err = pipeline.New(p.texts, p.store, done{p.x, sum}).Extract(ctx, a)
	switch {
	case errors.Is(err, pipeline.ErrSuperseded):
		return outcomeSkipped, nil
	case err != nil:
		return outcomeRetry, fmt.Errorf("batch: store %s: %w", key, err)
	}
	return outcomeStored, nil
}

// done is an extractor whose result is already known (the batch's).
type done struct {
	x   Extractor
	sum article.Summary
}

func (d done) Name() string       { return d.x.Name() }
func (d done) ConfigHash() string { return d.x.ConfigHash() }
func (d done) Extract(context.Context, article.Article) (article.Summary, error) {
	return d.sum, nil
}

// readLines calls fn with every line of a file.
func (p *Poller) readLines(ctx context.Context, fileID string, fn func([]byte) error) error {
	raw, err := p.client.GetFileContent(ctx, fileID)
	if err != nil {
		return fmt.Errorf("read file %s: %w", fileID, err)
	}
	defer raw.Close()
	sc := bufio.NewScanner(raw)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		if err := fn(b); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read file %s: %w", fileID, err)
	}
	return nil
}
