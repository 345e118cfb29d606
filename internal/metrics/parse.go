package metrics

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Point is one metric value read back from an EMF line: its name, unit,
// value, and the dimensions (name to value) of one of its dimension sets.
type Point struct {
	Name  string
	Unit  Unit
	Value float64
	Dims  map[string]string
}

// Parse reads EMF lines, one JSON object a line, and returns every metric
// value under every dimension set, checking each line the way CloudWatch
// does: a _aws object with a millisecond Timestamp and one or more
// directives, each dimension of a set a string field of the line, each
// metric a number field. Lines that are not EMF (plain log lines, without
// _aws) are skipped.
func Parse(r io.Reader) ([]Point, error) {
	var out []Point
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var root map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &root); err != nil {
			continue
		}
		raw, ok := root["_aws"]
		if !ok {
			continue
		}
		var m struct {
			Timestamp         *int64 `json:"Timestamp"`
			CloudWatchMetrics []struct {
				Namespace  string     `json:"Namespace"`
				Dimensions [][]string `json:"Dimensions"`
				Metrics    []struct {
					Name string `json:"Name"`
					Unit Unit   `json:"Unit"`
				} `json:"Metrics"`
			} `json:"CloudWatchMetrics"`
		}
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("line %d: _aws: %w", n, err)
		}
		if m.Timestamp == nil || *m.Timestamp <= 0 || len(m.CloudWatchMetrics) == 0 {
			return nil, fmt.Errorf("line %d: _aws needs a Timestamp and CloudWatchMetrics", n)
		}
		for _, d := range m.CloudWatchMetrics {
			if d.Namespace == "" || len(d.Dimensions) == 0 || len(d.Metrics) == 0 {
				return nil, fmt.Errorf("line %d: a directive needs a Namespace, Dimensions and Metrics", n)
			}
			for _, set := range d.Dimensions {
				dims := map[string]string{}
				for _, name := range set {
					var v string
					if err := json.Unmarshal(root[name], &v); err != nil {
						return nil, fmt.Errorf("line %d: dimension %q is not a string field", n, name)
					}
					dims[name] = v
				}
				for _, mt := range d.Metrics {
					var v float64
					if err := json.Unmarshal(root[mt.Name], &v); err != nil {
						return nil, fmt.Errorf("line %d: metric %q is not a number field", n, mt.Name)
					}
					out = append(out, Point{Name: mt.Name, Unit: mt.Unit, Value: v, Dims: dims})
				}
			}
		}
	}
	return out, sc.Err()
}

// Sum adds the values of the points named name whose dimensions are exactly
// dims (nil for the set without dimensions), and says how many there were.
func Sum(points []Point, name string, dims map[string]string) (float64, int) {
	total, n := 0.0, 0
	for _, p := range points {
		if p.Name != name || len(p.Dims) != len(dims) {
			continue
		}
		match := true
		for k, v := range dims {
			if p.Dims[k] != v {
				match = false
			}
		}
		if match {
			total += p.Value
			n++
		}
	}
	return total, n
}
