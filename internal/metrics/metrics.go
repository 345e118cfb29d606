// Package metrics writes CloudWatch Embedded Metric Format (EMF) lines: one
// JSON object per event on standard output, which Lambda sends to the
// function's log group and CloudWatch turns into metrics. No API call is
// made, so emitting costs no latency and needs no permission.
//
// Each line names its metrics and the dimension sets they are published
// under; the dimension values and metric values are fields of the line
// itself (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
package metrics

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Namespace is the default CloudWatch namespace of whosaid's metrics; the
// template sets WHOSAID_METRICS_NAMESPACE to one per stack.
const Namespace = "whosaid"

// Unit is a CloudWatch metric unit.
type Unit string

// The units whosaid uses.
const (
	Count        Unit = "Count"
	Milliseconds Unit = "Milliseconds"
	None         Unit = "None"
)

// Metric is one value of a line.
type Metric struct {
	Name  string
	Unit  Unit
	Value float64
}

// Dim is one dimension: a name and its value on this line.
type Dim struct {
	Name, Value string
}

// Line is one EMF event: metrics published under every one of Sets, each set
// a list of dimension names taken from Dims. An empty set publishes the
// metrics without dimensions (the totals).
type Line struct {
	Dims    []Dim
	Sets    [][]string
	Metrics []Metric
}

// Emitter writes EMF lines to one writer; it is safe for concurrent use.
type Emitter struct {
	mu        sync.Mutex
	w         io.Writer
	now       func() time.Time
	namespace string
}

// New returns an emitter writing to w, in the namespace Namespace.
func New(w io.Writer) *Emitter { return &Emitter{w: w, now: time.Now, namespace: Namespace} }

// WithNamespace sets the CloudWatch namespace of the lines ("" keeps it).
func (e *Emitter) WithNamespace(ns string) *Emitter {
	if ns != "" {
		e.namespace = ns
	}
	return e
}

// WithClock sets the clock that stamps the lines (tests).
func (e *Emitter) WithClock(now func() time.Time) *Emitter { e.now = now; return e }

var std = New(os.Stdout).WithNamespace(os.Getenv("WHOSAID_METRICS_NAMESPACE"))

// Default returns the emitter writing to standard output, where Lambda
// collects it into the function's log group, in the namespace named by
// WHOSAID_METRICS_NAMESPACE (default Namespace).
func Default() *Emitter { return std }

// Discard is an emitter that writes nothing, for callers that want no
// metrics (the local CLI).
var Discard = New(io.Discard)

type metricDef struct {
	Name string `json:"Name"`
	Unit Unit   `json:"Unit,omitempty"`
}

type directive struct {
	Namespace  string      `json:"Namespace"`
	Dimensions [][]string  `json:"Dimensions"`
	Metrics    []metricDef `json:"Metrics"`
}

type meta struct {
	Timestamp         int64       `json:"Timestamp"`
	CloudWatchMetrics []directive `json:"CloudWatchMetrics"`
}

// Encode returns the EMF JSON of a line in namespace ns (without the
// newline). It refuses a line whose sets name a dimension it does not give
// a value, or whose metric and dimension names collide, since CloudWatch
// would drop it.
func Encode(ns string, l Line, at time.Time) ([]byte, error) {
	if len(l.Metrics) == 0 {
		return nil, fmt.Errorf("emf: a line needs a metric")
	}
	root := make(map[string]any, len(l.Dims)+len(l.Metrics)+1)
	for _, d := range l.Dims {
		if d.Name == "" || d.Name == "_aws" {
			return nil, fmt.Errorf("emf: bad dimension name %q", d.Name)
		}
		root[d.Name] = d.Value
	}
	sets := l.Sets
	if sets == nil {
		sets = [][]string{{}}
	}
	for _, s := range sets {
		for _, name := range s {
			if _, ok := root[name]; !ok {
				return nil, fmt.Errorf("emf: dimension %q has no value", name)
			}
		}
	}
	d := directive{Namespace: ns, Dimensions: make([][]string, len(sets))}
	for i, s := range sets {
		d.Dimensions[i] = append([]string{}, s...)
	}
	for _, m := range l.Metrics {
		if _, dup := root[m.Name]; dup || m.Name == "" || m.Name == "_aws" {
			return nil, fmt.Errorf("emf: metric name %q is empty or used twice", m.Name)
		}
		root[m.Name] = m.Value
		d.Metrics = append(d.Metrics, metricDef{Name: m.Name, Unit: m.Unit})
	}
	root["_aws"] = meta{Timestamp: at.UnixMilli(), CloudWatchMetrics: []directive{d}}
	return json.Marshal(root)
}

// Emit writes one line. A line that cannot be encoded is a programming
// error; it is reported on the writer as a plain log line instead, never
// failing the caller's work.
func (e *Emitter) Emit(l Line) {
	b, err := Encode(e.namespace, l, e.now())
	if err != nil {
		b, _ = json.Marshal(map[string]string{"level": "ERROR", "message": "metric not emitted", "err": err.Error()})
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	_, _ = e.w.Write(append(b, '\n'))
}
