package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/extractor"
	"github.com/whosaid/whosaid/internal/llm"
	"github.com/whosaid/whosaid/internal/pipeline"
	"github.com/whosaid/whosaid/internal/reprocess"
	"github.com/whosaid/whosaid/internal/store/local"
)

func cmdReprocess(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand("reprocess", `Usage: whosaid reprocess [flags] [MODE]

Summarizes again the articles stored under --data-dir that MODE selects, as
the reprocess function does on AWS: failed (the default: FAILED and stuck
PENDING articles, with an attempt count and exponential backoff; parked as
GAVE_UP after --max-attempts), stale (summarized under another extractor
configuration) or all (every article). A sweep cut short (Ctrl-C, --limit)
resumes where it stopped on the next run. On a terminal a progress bar is
shown on standard error.
`)
	fs := c.fs
	extractorFlag := fs.String("extractor", envOr("WHOSAID_EXTRACTOR", "auto"), "`extractor`: auto, offline or llm; $WHOSAID_EXTRACTOR sets the default")
	dataDir := fs.String("data-dir", envOr("WHOSAID_DATA_DIR", ".whosaid"), "`folder` of the local stores; $WHOSAID_DATA_DIR sets the default")
	dryRun := fs.Bool("dry-run", false, "print the number of articles, the estimated tokens and dollars (live and by batch), and change nothing")
	status := fs.Bool("status", false, "print the sweeps' state, the counts of articles needing work and the parked (GAVE_UP) articles")
	limit := fs.Int("limit", 0, "stop after this many `articles` (0: no cap; the sweep resumes next run)")
	perMinute := fs.Int("rate", 0, "at most this many `articles` a minute (0: no limit with the offline extractor, 300 with the LLM)")
	maxAttempts := fs.Int("max-attempts", reprocess.DefaultMaxAttempts, "`tries` of a failed article before it is parked (GAVE_UP)")
	backoff := fs.Duration("backoff", reprocess.DefaultBackoff, "first wait before a failed article is tried again, doubled each try (`duration`)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	pos, err := c.parse(args, stdout)
	if err != nil {
		return err
	}
	mode := reprocess.ModeFailed
	switch len(pos) {
	case 0:
	case 1:
		mode = pos[0]
	default:
		return usagef("want at most one MODE (failed, stale or all), got %d", len(pos))
	}
	if mode != reprocess.ModeFailed && mode != reprocess.ModeStale && mode != reprocess.ModeAll {
		return usagef("unknown MODE %q (want failed, stale or all)", mode)
	}
	if *limit < 0 || *perMinute < 0 || *maxAttempts <= 0 || *backoff <= 0 {
		return usagef("--limit and --rate must be 0 or more, --max-attempts and --backoff above 0")
	}
	settings, err := extractor.FromEnv()
	if err != nil {
		return usageError{err}
	}
	settings.Mode = *extractorFlag
	store, err := local.New(*dataDir)
	if err != nil {
		return err
	}
	x, err := extractor.New(settings)
	if err != nil {
		return usageError{err}
	}
	model := settings.LLM.Model
	if model == "" {
		model = llm.DefaultModel
	}
	prefix, err := llm.StaticPrefixTokens(settings.LLM)
	if err != nil {
		return err
	}
	prices := settings.LLM.Prices
	rate := *perMinute
	if rate == 0 {
		rate = -1 // no limit
		if x.Name() == "llm" {
			rate = reprocess.DefaultArticlesPerMinute
		}
	}
	tokens := -1
	if x.Name() == "llm" {
		tokens = 0 // the default
	}
	q := &inline{texts: store, records: store, x: x}
	h := reprocess.New(store, q, x.ConfigHash(),
		reprocess.WithRate(rate, tokens, 0),
		reprocess.WithAttempts(*maxAttempts, *backoff),
		reprocess.WithAges(0, 0),               // run by hand: nothing is on its way
		reprocess.WithBudget(365*24*time.Hour), // locally a sweep runs until done, stopped or limited
		reprocess.WithEstimator(&reprocess.Estimator{
			Model:        model,
			Live:         func(u article.Usage) float64 { return prices.Cost(model, u) },
			Batch:        func(u article.Usage) float64 { return prices.BatchCost(model, u) },
			PrefixTokens: prefix,
			OutputRatio:  reprocess.OutputRatio(settings.LLM.QuoteRefs),
			Size:         func(ctx context.Context, it article.WorkItem) (int, error) { return store.TextSize(ctx, textKey(it)) },
		}),
	)
	if *status {
		return printStatus(ctx, stdout, store, x.ConfigHash(), *asJSON)
	}
	if *dryRun {
		est, err := h.Estimate(ctx, mode)
		if err != nil {
			return err
		}
		if *asJSON {
			return json.NewEncoder(stdout).Encode(est)
		}
		printEstimate(stdout, est)
		return nil
	}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if est, err := h.Estimate(ctx, mode); err == nil && est.Articles > 0 {
			total := est.Articles
			if *limit > 0 {
				total = min(total, *limit)
			}
			q.bar = &progress{w: stderr, total: total, start: time.Now()}
		}
	}
	out, err := h.Handle(ctx, reprocess.Input{Mode: mode, Limit: *limit, Reason: "cli"})
	if q.bar != nil {
		q.bar.finish()
	}
	if err != nil && !(errors.Is(err, context.Canceled) && ctx.Err() != nil) {
		return err
	}
	if *asJSON {
		return json.NewEncoder(stdout).Encode(out)
	}
	state := "complete"
	switch {
	case out.Busy:
		state = "not run: another reprocess holds this sweep"
	case !out.Complete:
		state = "stopped; run again to resume"
	}
	fmt.Fprintf(stdout, "%s: %d articles summarized again (%d failed), %d parked; %s\n", mode, out.Enqueued, q.failed, out.Parked, state)
	return nil
}

func textKey(it article.WorkItem) string {
	return article.TextKey(it.Tenant, it.Source, it.ID, it.Revision)
}

// inline is the local queue: it summarizes an article at once, through the
// pipeline, as the summarize function does with a queued key.
type inline struct {
	texts   pipeline.TextStore
	records pipeline.RecordStore
	x       pipeline.Extractor
	bar     *progress
	failed  int
}

func (q *inline) Enqueue(ctx context.Context, key string) error {
	defer q.bar.step()
	tenant, source, id, rev, ok := article.ParseTextKey(key)
	if !ok {
		return nil
	}
	rec, err := q.records.GetRecord(ctx, tenant, source, id)
	if err != nil || rec == nil || rec.Revision != rev {
		return err
	}
	text, err := q.texts.GetText(ctx, key)
	if errors.Is(err, pipeline.ErrNotFound) {
		q.failed++
		return q.records.PutRecord(ctx, article.Record{Tenant: tenant, Source: source, ID: id, Revision: rev, Status: article.StatusFailed, Error: "stored text is missing", UpdatedAt: time.Now().UTC()})
	}
	if err != nil {
		return err
	}
	a := article.Article{Tenant: tenant, Source: source, ID: id, Revision: rev, Title: rec.Title, URL: rec.URL, PublishedAt: rec.PublishedAt, Text: string(text)}
	_, err = pipeline.New(q.texts, q.records, q.x).Extract(ctx, a)
	switch {
	case err == nil, errors.Is(err, pipeline.ErrSuperseded):
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	}
	// Recorded FAILED by the pipeline (when the store could take it); the
	// next failed sweep retries it.
	slog.WarnContext(ctx, "article failed", "tenant", tenant, "source", source, "id", id, "err", err)
	q.failed++
	return nil
}

// progress draws a one-line progress bar on a terminal.
type progress struct {
	w           io.Writer
	total, done int
	start       time.Time
}

func (p *progress) step() {
	if p == nil {
		return
	}
	p.done++
	const width = 30
	n := min(width, p.done*width/max(p.total, 1))
	rate := float64(p.done) / max(time.Since(p.start).Seconds(), 1e-3)
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d articles, %.1f/s ", strings.Repeat("=", n), strings.Repeat(" ", width-n), p.done, p.total, rate)
}

func (p *progress) finish() { fmt.Fprintln(p.w) }

func printEstimate(w io.Writer, e reprocess.Estimate) {
	fmt.Fprintf(w, "mode %s, model %s\n", e.Mode, e.Model)
	fmt.Fprintf(w, "articles:       %d", e.Articles)
	var reasons []string
	for k := range e.ByReason {
		reasons = append(reasons, k)
	}
	sort.Strings(reasons)
	for i, k := range reasons {
		sep := ", "
		if i == 0 {
			sep = " ("
		}
		fmt.Fprintf(w, "%s%s %d", sep, k, e.ByReason[k])
	}
	if len(reasons) > 0 {
		fmt.Fprint(w, ")")
	}
	fmt.Fprintln(w)
	if e.Current > 0 {
		fmt.Fprintf(w, "already current: %d (skipped, not priced)\n", e.Current)
	}
	fmt.Fprintf(w, "mean size:      %d bytes (%d sampled)\n", e.MeanBytes, e.Sampled)
	fmt.Fprintf(w, "input tokens:   %d (%d of them cached prefix)\n", e.InputTokens, e.CachedTokens)
	fmt.Fprintf(w, "output tokens:  %d\n", e.OutputTokens)
	fmt.Fprintf(w, "cost, live:     $%.2f\n", e.LiveUSD)
	fmt.Fprintf(w, "cost, batch:    $%.2f\n", e.BatchUSD)
}

// printStatus prints the sweeps' positions, the work counts and the parked
// articles.
func printStatus(ctx context.Context, w io.Writer, store *local.Store, current string, asJSON bool) error {
	type parked struct {
		Tenant, Source, ID, Revision string
		Attempts                     int
		Reason                       string
	}
	st := struct {
		Current string            `json:"current_config_hash"`
		Sweeps  map[string]string `json:"sweeps"`
		Counts  map[string]int    `json:"counts"`
		Parked  []parked          `json:"parked"`
	}{Current: current, Sweeps: map[string]string{}, Counts: map[string]int{}, Parked: []parked{}}
	for _, m := range reprocess.Modes {
		cur, err := store.Cursor(ctx, reprocess.CursorName(m))
		if err != nil {
			return err
		}
		if cur != "" {
			st.Sweeps[m] = "open (resumes at " + cur + ")"
		} else {
			st.Sweeps[m] = "none open"
		}
	}
	far := time.Now().Add(100 * 365 * 24 * time.Hour)
	parts := map[string]string{"failed": article.WorkFailed, "pending": article.WorkPending, "gave_up": article.WorkGaveUp}
	hashes, err := store.Hashes(ctx)
	if err != nil {
		return err
	}
	for _, hsh := range hashes {
		name := "stale:" + hsh
		if hsh == current {
			name = "current:" + hsh
		}
		parts[name] = article.HashPartition(hsh)
	}
	for name, p := range parts {
		n, err := store.Count(ctx, p, far)
		if err != nil {
			return err
		}
		st.Counts[name] = n
	}
	cursor := ""
	for {
		items, next, err := store.Work(ctx, article.WorkGaveUp, far, 100, cursor)
		if err != nil {
			return err
		}
		for _, it := range items {
			rec, err := store.GetRecord(ctx, it.Tenant, it.Source, it.ID)
			if err != nil || rec == nil {
				return err
			}
			st.Parked = append(st.Parked, parked{rec.Tenant, rec.Source, rec.ID, rec.Revision, rec.Attempts, rec.Error})
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if asJSON {
		return json.NewEncoder(w).Encode(st)
	}
	fmt.Fprintf(w, "current config hash: %s\n", current)
	for _, m := range reprocess.Modes {
		fmt.Fprintf(w, "sweep %-7s %s\n", m+":", st.Sweeps[m])
	}
	var names []string
	for k := range st.Counts {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		fmt.Fprintf(w, "%-30s %d\n", k, st.Counts[k])
	}
	fmt.Fprintf(w, "parked (GAVE_UP): %d\n", len(st.Parked))
	for _, p := range st.Parked {
		fmt.Fprintf(w, "  %s/%s/%s  %d attempts  %s\n", p.Tenant, p.Source, p.ID, p.Attempts, p.Reason)
	}
	return nil
}
