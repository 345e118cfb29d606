package metrics

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/article"
)

func emitter(buf *bytes.Buffer) *Emitter {
	return New(buf).WithClock(func() time.Time { return time.UnixMilli(1764400000123) })
}

func TestEncodeFollowsEMF(t *testing.T) {
	b, err := Encode(Namespace, Line{
		Dims:    []Dim{{"CMS", "ghost"}, {"Status", "202"}},
		Sets:    [][]string{{"CMS", "Status"}, {}},
		Metrics: []Metric{{"Deliveries", Count, 1}, {"Bytes", None, 2.5}},
	}, time.UnixMilli(42))
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := `{"Bytes":2.5,"CMS":"ghost","Deliveries":1,"Status":"202","_aws":{"CloudWatchMetrics":[{"Dimensions":[["CMS","Status"],[]],"Metrics":[{"Name":"Deliveries","Unit":"Count"},{"Name":"Bytes","Unit":"None"}],"Namespace":"whosaid"}],"Timestamp":42}}`
	norm, _ := json.Marshal(got)
	if string(norm) != want {
		t.Errorf("EMF line\n got %s\nwant %s", norm, want)
	}
}

func TestNamespace(t *testing.T) {
	var buf bytes.Buffer
	New(&buf).WithNamespace("whosaid/prod").Delivery("generic", 202)
	if !strings.Contains(buf.String(), `"Namespace":"whosaid/prod"`) {
		t.Errorf("line %s is not in the namespace set", buf.String())
	}
}

func TestEncodeRefusesBrokenLines(t *testing.T) {
	for name, l := range map[string]Line{
		"no metric":         {Dims: []Dim{{"A", "x"}}},
		"dimension unset":   {Sets: [][]string{{"Missing"}}, Metrics: []Metric{{"M", Count, 1}}},
		"name collision":    {Dims: []Dim{{"M", "x"}}, Metrics: []Metric{{"M", Count, 1}}},
		"reserved name":     {Metrics: []Metric{{"_aws", Count, 1}}},
		"empty metric name": {Metrics: []Metric{{"", Count, 1}}},
	} {
		if _, err := Encode(Namespace, l, time.Now()); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
	// Emit never fails its caller: the broken line becomes a log line that
	// is no EMF.
	var buf bytes.Buffer
	emitter(&buf).Emit(Line{})
	out := buf.String()
	if pts, err := Parse(&buf); err != nil || len(pts) != 0 || !strings.Contains(out, "metric not emitted") {
		t.Errorf("broken line: points %v err %v, output %q", pts, err, out)
	}
}

func TestDelivery(t *testing.T) {
	var buf bytes.Buffer
	e := emitter(&buf)
	e.Delivery("ghost", 202)
	e.Delivery("ghost", 202)
	e.Delivery("contentful", 401)
	e.Delivery(UnknownCMS, 404)
	e.Delivery("generic", 503)
	pts, err := Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		dims map[string]string
		want float64
	}{
		{map[string]string{"CMS": "ghost", "Status": "202"}, 2},
		{map[string]string{"CMS": "contentful", "Status": "401"}, 1},
		{map[string]string{"CMS": "unknown", "Status": "404"}, 1},
		{map[string]string{"Class": "2xx"}, 2},
		{map[string]string{"Class": "4xx"}, 2},
		{map[string]string{"Class": "5xx"}, 1},
	} {
		if got, _ := Sum(pts, Deliveries, c.dims); got != c.want {
			t.Errorf("Deliveries%v = %v, want %v", c.dims, got, c.want)
		}
	}
}

func TestSummaryOfAnLLMResult(t *testing.T) {
	var buf bytes.Buffer
	e := emitter(&buf)
	s := &article.Summary{
		Quotes: make([]article.Quote, 3),
		Extractor: article.ExtractorInfo{
			Name: "llm", Model: "gpt-4o-mini",
			Usage:   article.Usage{InputTokens: 1200, OutputTokens: 300, CachedTokens: 1024},
			CostUSD: 0.00036,
			Dropped: map[string]int{article.DropNotFound: 2, article.DropInjection: 1},
		},
	}
	e.Summary(Outcome{Extractor: "llm", Outcome: OutcomeDone, Summary: s, Elapsed: 1500 * time.Millisecond})
	fb := &article.Summary{Quotes: make([]article.Quote, 1), Extractor: article.ExtractorInfo{Name: "offline", Fallback: "llm: rate limited"}}
	e.Summary(Outcome{Extractor: "offline", Outcome: OutcomeDone, Summary: fb, Elapsed: 20 * time.Millisecond})
	e.Summary(Outcome{Extractor: "llm", Outcome: OutcomeRetry})
	pts, err := Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, dims map[string]string, want float64) {
		t.Helper()
		got, n := Sum(pts, name, dims)
		if n == 0 || got != want {
			t.Errorf("%s%v = %v (%d points), want %v", name, dims, got, n, want)
		}
	}
	check(Summaries, map[string]string{"Extractor": "llm", "Outcome": "done"}, 1)
	check(Summaries, map[string]string{"Extractor": "offline", "Outcome": "done"}, 1)
	check(Summaries, map[string]string{"Outcome": "done"}, 2)
	check(Summaries, map[string]string{"Outcome": "retry"}, 1)
	check(Quotations, map[string]string{"Extractor": "llm"}, 3)
	check(ExtractionTime, map[string]string{"Extractor": "llm"}, 1500)
	check(InputTokens, map[string]string{"Model": "gpt-4o-mini"}, 1200)
	check(OutputTokens, nil, 300)
	check(CachedTokens, map[string]string{"Model": "gpt-4o-mini"}, 1024)
	check(CostUSD, nil, 0.00036)
	check(DroppedClaims, map[string]string{"Reason": "not_found"}, 2)
	check(DroppedClaims, map[string]string{"Reason": "injection"}, 1)
	// One fallback in two summaries: the average is the rate.
	if got, n := Sum(pts, Fallbacks, nil); got != 1 || n != 2 {
		t.Errorf("LLMFallbacks = %v over %d points, want 1 over 2", got, n)
	}
	// The offline result spent no tokens: no usage line for it.
	if _, n := Sum(pts, InputTokens, nil); n != 1 {
		t.Errorf("want one token line, got %d", n)
	}
	for _, p := range pts {
		if p.Name == ExtractionTime && p.Unit != Milliseconds || p.Name == Summaries && p.Unit != Count {
			t.Errorf("%s has unit %q", p.Name, p.Unit)
		}
	}
}

func TestReprocessByReason(t *testing.T) {
	var buf bytes.Buffer
	e := emitter(&buf)
	e.Reprocess(map[string]int{"failed": 2, "stale:offline:1": 3, "stale:llm:7": 1})
	e.Reprocess(nil)
	pts, err := Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := Sum(pts, Enqueued, map[string]string{"Reason": "stale"}); got != 4 {
		t.Errorf("stale = %v, want 4 (hashes merged)", got)
	}
	if got, n := Sum(pts, Enqueued, nil); got != 6 || n != 3 {
		t.Errorf("total = %v over %d points, want 6 over 3 (an empty run counts 0)", got, n)
	}
}

func TestEmitIsSafeForConcurrentUse(t *testing.T) {
	var buf bytes.Buffer
	e := emitter(&buf)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				e.Delivery("generic", 202)
			}
		}()
	}
	wg.Wait()
	pts, err := Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := Sum(pts, Deliveries, map[string]string{"Class": "2xx"}); got != 400 {
		t.Errorf("interleaved lines: %v deliveries parsed, want 400", got)
	}
}

func TestParseRejectsBrokenEMF(t *testing.T) {
	for _, line := range []string{
		`{"_aws":{"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[[]],"Metrics":[{"Name":"M"}]}]},"M":1}`,
		`{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[["D"]],"Metrics":[{"Name":"M"}]}]},"M":1}`,
		`{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[[]],"Metrics":[{"Name":"M"}]}]},"M":"one"}`,
	} {
		if _, err := Parse(strings.NewReader(line)); err == nil {
			t.Errorf("want an error for %s", line)
		}
	}
	pts, err := Parse(strings.NewReader(`{"level":"INFO","message":"hello"}` + "\nnot json\n"))
	if err != nil || len(pts) != 0 {
		t.Errorf("plain log lines: %v %v", pts, err)
	}
}

// BenchmarkDelivery measures one Deliveries line (encoded and written).
func BenchmarkDelivery(b *testing.B) {
	e := New(io.Discard)
	b.ReportAllocs()
	for b.Loop() {
		e.Delivery("generic", 202)
	}
}

// BenchmarkSummary measures the lines of one LLM summary (outcome,
// quotations and time, fallback, usage, two drop reasons).
func BenchmarkSummary(b *testing.B) {
	e := New(io.Discard)
	s := &article.Summary{Quotes: make([]article.Quote, 12), Extractor: article.ExtractorInfo{Name: "llm", Model: "gpt-4o-mini",
		Usage: article.Usage{InputTokens: 3000, OutputTokens: 800}, CostUSD: 0.001, Dropped: map[string]int{"not_found": 1, "narrator": 2}}}
	b.ReportAllocs()
	for b.Loop() {
		e.Summary(Outcome{Extractor: "llm", Outcome: OutcomeDone, Summary: s, Elapsed: time.Second})
	}
}
