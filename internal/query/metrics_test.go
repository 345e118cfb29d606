package query_test

import (
	"bytes"
	"testing"

	"github.com/whosaid/whosaid/internal/awstest/stack"
	"github.com/whosaid/whosaid/internal/metrics"
	"github.com/whosaid/whosaid/internal/query"
	"github.com/whosaid/whosaid/internal/store/dynamo"
)

// TestQueriesAreCounted checks the Queries metric: every answer, by route
// and status, whatever the path asked for.
func TestQueriesAreCounted(t *testing.T) {
	st := stack.New(t)
	var emf bytes.Buffer
	h := query.New(dynamo.New(st.DynamoDB, stack.Table)).WithMetrics(metrics.New(&emf))
	get(t, h, "/articles/desk/generic/none", nil)
	get(t, h, "/articles/desk/generic/none", map[string]string{"include": "everything"})
	get(t, h, "/speakers/desk/Nobody/quotes", nil)
	get(t, h, "/../../etc/passwd", nil)
	pts, err := metrics.Parse(&emf)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		dims map[string]string
		want float64
	}{
		{map[string]string{"Route": "articles", "Status": "404"}, 1},
		{map[string]string{"Route": "articles", "Status": "400"}, 1},
		{map[string]string{"Route": "speakers", "Status": "200"}, 1},
		{map[string]string{"Route": "other", "Status": "404"}, 1},
		{map[string]string{"Class": "4xx"}, 3},
	} {
		if got, _ := metrics.Sum(pts, metrics.Queries, c.dims); got != c.want {
			t.Errorf("Queries%v = %v, want %v", c.dims, got, c.want)
		}
	}
}
