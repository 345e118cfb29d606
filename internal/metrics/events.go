package metrics

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/whosaid/whosaid/internal/article"
)

// Metric names, as the template's alarms and dashboard use them.
const (
	Deliveries      = "Deliveries"
	Summaries       = "Summaries"
	Quotations      = "Quotations"
	ExtractionTime  = "ExtractionTime"
	InputTokens     = "LLMInputTokens"
	OutputTokens    = "LLMOutputTokens"
	CachedTokens    = "LLMCachedTokens"
	CostUSD         = "LLMCostUSD"
	Fallbacks       = "LLMFallbacks"
	DroppedClaims   = "DroppedClaims"
	Enqueued        = "ReprocessEnqueued"
	Queries         = "Queries"
	AnalyticsSyncs  = "AnalyticsSyncs"
	UnknownCMS      = "unknown"
	OutcomeDone     = "done"
	OutcomeSkipped  = "skipped"
	OutcomeFailed   = "failed"
	OutcomeRetry    = "retry"
	OutcomeDropped  = "dropped"
	OutcomeDeferred = "deferred"
)

// Class returns the status class of an HTTP answer: "2xx", "4xx", "5xx".
func Class(status int) string {
	if status < 100 || status > 599 {
		return "5xx"
	}
	return strconv.Itoa(status/100) + "xx"
}

// Delivery counts one webhook answer: Deliveries by CMS and Status, and by
// Class alone (the ingest 5xx alarm). cms must be a known CMS name or
// UnknownCMS, so a caller cannot create metrics at will.
func (e *Emitter) Delivery(cms string, status int) {
	e.Emit(Line{
		Dims:    []Dim{{"CMS", cms}, {"Status", strconv.Itoa(status)}, {"Class", Class(status)}},
		Sets:    [][]string{{"CMS", "Status"}, {"Class"}},
		Metrics: []Metric{{Deliveries, Count, 1}},
	})
}

// Query counts one query API answer: Queries by Route ("articles",
// "speakers", "other") and Status, and by Class alone.
func (e *Emitter) Query(route string, status int) {
	e.Emit(Line{
		Dims:    []Dim{{"Route", route}, {"Status", strconv.Itoa(status)}, {"Class", Class(status)}},
		Sets:    [][]string{{"Route", "Status"}, {"Class"}},
		Metrics: []Metric{{Queries, Count, 1}},
	})
}

// Outcome is what summarize did with one article text.
type Outcome struct {
	// Extractor is the name of the extractor that made the summary, or of
	// the configured one when there is no summary.
	Extractor string
	// Outcome is one of OutcomeDone, OutcomeSkipped, OutcomeFailed,
	// OutcomeRetry, OutcomeDropped, OutcomeDeferred.
	Outcome string
	// Summary is the new summary (Outcome done), else nil.
	Summary *article.Summary
	// Elapsed is the extraction time (Outcome done or failed).
	Elapsed time.Duration
}

// Summary records one summarize outcome: Summaries by Extractor and Outcome
// and by Outcome alone; for a new summary also the quotations of the
// article and the extraction time by Extractor, LLMFallbacks (0 or 1, so
// its average is the fallback rate), the LLM tokens and dollars by Model and
// in total, and the dropped claims by Reason.
func (e *Emitter) Summary(o Outcome) {
	e.Emit(Line{
		Dims:    []Dim{{"Extractor", o.Extractor}, {"Outcome", o.Outcome}},
		Sets:    [][]string{{"Extractor", "Outcome"}, {"Outcome"}},
		Metrics: []Metric{{Summaries, Count, 1}},
	})
	if o.Outcome == OutcomeFailed && o.Elapsed > 0 {
		e.Emit(Line{Dims: []Dim{{"Extractor", o.Extractor}}, Sets: [][]string{{"Extractor"}},
			Metrics: []Metric{{ExtractionTime, Milliseconds, float64(o.Elapsed.Milliseconds())}}})
	}
	if o.Summary == nil || o.Outcome != OutcomeDone {
		return
	}
	x := o.Summary.Extractor
	fallback := 0.0
	if x.Fallback != "" {
		fallback = 1
	}
	e.Emit(Line{
		Dims: []Dim{{"Extractor", x.Name}},
		Sets: [][]string{{"Extractor"}},
		Metrics: []Metric{
			{Quotations, Count, float64(len(o.Summary.Quotes))},
			{ExtractionTime, Milliseconds, float64(o.Elapsed.Milliseconds())},
		},
	})
	e.Emit(Line{Sets: [][]string{{}}, Metrics: []Metric{{Fallbacks, Count, fallback}}})
	if x.Model != "" && (x.Usage.InputTokens > 0 || x.Usage.OutputTokens > 0) {
		e.Emit(Line{
			Dims: []Dim{{"Model", x.Model}},
			Sets: [][]string{{"Model"}, {}},
			Metrics: []Metric{
				{InputTokens, Count, float64(x.Usage.InputTokens)},
				{OutputTokens, Count, float64(x.Usage.OutputTokens)},
				{CachedTokens, Count, float64(x.Usage.CachedTokens)},
				{CostUSD, None, x.CostUSD},
			},
		})
	}
	reasons := make([]string, 0, len(x.Dropped))
	for r := range x.Dropped {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		e.Emit(Line{Dims: []Dim{{"Reason", r}}, Sets: [][]string{{"Reason"}}, Metrics: []Metric{{DroppedClaims, Count, float64(x.Dropped[r])}}})
	}
}

// Reprocess records the articles one reprocess run enqueued, by reason
// (failed, pending, stale) and in total; a run that enqueued nothing
// records a total of 0, so the dashboard shows that it ran.
func (e *Emitter) Reprocess(byReason map[string]int) {
	merged := map[string]int{}
	for r, n := range byReason {
		r, _, _ = strings.Cut(r, ":") // "stale:<hash>" is "stale"
		merged[r] += n
	}
	byReason = merged
	reasons := make([]string, 0, len(byReason))
	for r := range byReason {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	if len(reasons) == 0 {
		e.Emit(Line{Sets: [][]string{{}}, Metrics: []Metric{{Enqueued, Count, 0}}})
	}
	for _, r := range reasons {
		e.Emit(Line{Dims: []Dim{{"Reason", r}}, Sets: [][]string{{"Reason"}, {}}, Metrics: []Metric{{Enqueued, Count, float64(byReason[r])}}})
	}
}

// AnalyticsSync counts one article the analytics function brought in step
// with its record, by outcome ("synced" or "failed"), and in total.
func (e *Emitter) AnalyticsSync(outcome string) {
	e.Emit(Line{Dims: []Dim{{"Outcome", outcome}}, Sets: [][]string{{"Outcome"}, {}}, Metrics: []Metric{{AnalyticsSyncs, Count, 1}}})
}
