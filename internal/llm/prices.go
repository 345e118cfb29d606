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
	// CachedInput is the price of input tokens served from the prompt
	// cache (Input when 0).
	CachedInput float64 `json:"cached_input,omitempty"`
	// Batch is the factor the Batch API applies to every price (0.5 when
	// 0: half the live rate).
	Batch float64 `json:"batch,omitempty"`
}

// PriceTable maps model names (or name prefixes) to prices.
type PriceTable map[string]Price

// DefaultPrices are list prices at the time of writing; override them with
// WHOSAID_PRICES (JSON: {"model": {"input": 0.15, "output": 0.6}}).
func DefaultPrices() PriceTable {
	return PriceTable{
		"gpt-4o-mini":  {Input: 0.15, Output: 0.60, CachedInput: 0.075},
		"gpt-4o":       {Input: 2.50, Output: 10.00, CachedInput: 1.25},
		"gpt-4.1-mini": {Input: 0.40, Output: 1.60, CachedInput: 0.10},
		"gpt-4.1-nano": {Input: 0.10, Output: 0.40, CachedInput: 0.025},
		"gpt-4.1":      {Input: 2.00, Output: 8.00, CachedInput: 0.50},
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

// Cost returns the dollars a usage costs with a model at the live rate:
// its exact entry, else the longest entry that prefixes the model name; 0
// when unknown. Cached input tokens are priced at the cached rate.
func (t PriceTable) Cost(model string, u article.Usage) float64 {
	p, ok := t.lookup(model)
	if !ok {
		return 0
	}
	return p.cost(u)
}

// BatchCost is Cost at the Batch API's rate (the entry's Batch factor, half
// the live rate by default).
func (t PriceTable) BatchCost(model string, u article.Usage) float64 {
	p, ok := t.lookup(model)
	if !ok {
		return 0
	}
	f := p.Batch
	if f <= 0 {
		f = 0.5
	}
	return p.cost(u) * f
}

func (p Price) cost(u article.Usage) float64 {
	cachedRate := p.CachedInput
	if cachedRate <= 0 {
		cachedRate = p.Input
	}
	cached := min(max(u.CachedTokens, 0), u.InputTokens)
	return (float64(u.InputTokens-cached)*p.Input + float64(cached)*cachedRate + float64(u.OutputTokens)*p.Output) / 1e6
}

func (t PriceTable) lookup(model string) (Price, bool) {
	if p, ok := t[model]; ok {
		return p, true
	}
	best, p := "", Price{}
	for k, v := range t {
		if strings.HasPrefix(model, k) && len(k) > len(best) {
			best, p = k, v
		}
	}
	return p, best != ""
}
