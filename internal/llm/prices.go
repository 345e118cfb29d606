package llm

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/whosaid/whosaid/internal/article"
)

// Price is what a model costs, in US dollars per million tokens.
type Price struct {
	Input  float64 `json:"input"`
	Output float64 `json:"output"`
}

// PriceTable maps model names (or name prefixes) to prices.
type PriceTable map[string]Price

// DefaultPrices are list prices at the time of writing; override them with
// WHOSAID_PRICES (JSON: {"model": {"input": 0.15, "output": 0.6}}).
func DefaultPrices() PriceTable {
	return PriceTable{
		"gpt-4o-mini":  {Input: 0.15, Output: 0.60},
		"gpt-4o":       {Input: 2.50, Output: 10.00},
		"gpt-4.1-mini": {Input: 0.40, Output: 1.60},
		"gpt-4.1-nano": {Input: 0.10, Output: 0.40},
		"gpt-4.1":      {Input: 2.00, Output: 8.00},
	}
}

// ParsePrices reads a JSON price table and lays it over the defaults.
func ParsePrices(s string) (PriceTable, error) {
	t := DefaultPrices()
	if strings.TrimSpace(s) == "" {
		return t, nil
	}
	var over PriceTable
	if err := json.Unmarshal([]byte(s), &over); err != nil {
		return nil, fmt.Errorf("price table is not JSON of the form {\"model\":{\"input\":0.15,\"output\":0.6}}: %w", err)
	}
	for k, v := range over {
		t[k] = v
	}
	return t, nil
}

// Cost returns the dollars a usage costs with a model: its exact entry, else
// the longest entry that prefixes the model name; 0 when unknown.
func (t PriceTable) Cost(model string, u article.Usage) float64 {
	p, ok := t[model]
	if !ok {
		best := ""
		for k, v := range t {
			if strings.HasPrefix(model, k) && len(k) > len(best) {
				best, p = k, v
			}
		}
		if best == "" {
			return 0
		}
	}
	return (float64(u.InputTokens)*p.Input + float64(u.OutputTokens)*p.Output) / 1e6
}
