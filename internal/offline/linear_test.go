package offline

import (
	"flag"
	"math"
	"os"
	"runtime"
	"testing"
)

// TestMain runs every test of the package with verifyIndexes on, so each
// indexed entity lookup made by any test (the scenarios, the seed, the dev
// set, the generated inputs) is checked against a scan of the whole table.
// Benchmarks run without it.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f == nil || f.Value.String() == "" {
		verifyIndexes = true
	}
	os.Exit(m.Run())
}

// cost is what one extraction did, in units that do not depend on the
// machine's speed or load.
type cost struct {
	ops    float64 // tokens plus the steps of the lookups' inner loops
	allocs float64 // heap objects allocated
	bytes  float64 // heap bytes allocated
}

// measure extracts text once and counts its work and allocations, from
// nothing: pooled buffers are not reused, so the count does not depend on
// what ran before.
func measure(t *testing.T, text string) cost {
	t.Helper()
	defer func(v bool) { poolScratch = v }(poolScratch)
	poolScratch = false
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	an := newAnalysis(text)
	cfg := DefaultConfig()
	an.run(cfg)
	s := an.summary(cfg)
	ops := len(an.toks) + an.ents.work + an.ents.idx.work
	an.release()
	runtime.ReadMemStats(&after)
	if err := s.Validate(text); err != nil {
		t.Fatal(err)
	}
	return cost{
		ops:    float64(ops),
		allocs: float64(after.Mallocs - before.Mallocs),
		bytes:  float64(after.TotalAlloc - before.TotalAlloc),
	}
}

// growthLimit is the largest growth exponent allowed: cost ∝ size^k.
const growthLimit = 1.2

// TestGrowthIsLinear extracts every generated input at two sizes 8 times
// apart and checks that work and allocation grow no faster than
// size^1.2. It counts steps and allocations, never time, so a loaded
// machine cannot fail it. A lookup that scans every entity, or a look-back
// over a whole paragraph per pronoun, grows as size^2 and fails it.
func TestGrowthIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts about 5 MB")
	}
	// The reference scans are quadratic by design; measure the real thing.
	defer func(v bool) { verifyIndexes = v }(verifyIndexes)
	verifyIndexes = false
	const small, large = 64 << 10, 512 << 10
	measure(t, newsLike(4<<10)) // load the lexicons first
	for _, g := range generators {
		t.Run(g.name, func(t *testing.T) {
			a, b := g.gen(small), g.gen(large)
			ca, cb := measure(t, a), measure(t, b)
			span := math.Log(float64(len(b)) / float64(len(a)))
			exp := func(x, y float64) float64 { return math.Log(y/x) / span }
			ops, allocs, bytes := exp(ca.ops, cb.ops), exp(ca.allocs, cb.allocs), exp(ca.bytes, cb.bytes)
			t.Logf("growth exponents: ops %.3f (%.0f → %.0f), allocs %.3f (%.0f → %.0f), bytes %.3f (%.0f → %.0f)",
				ops, ca.ops, cb.ops, allocs, ca.allocs, cb.allocs, bytes, ca.bytes, cb.bytes)
			for _, e := range []struct {
				what string
				k    float64
			}{{"ops", ops}, {"allocations", allocs}, {"allocated bytes", bytes}} {
				if e.k > growthLimit {
					t.Errorf("%s grow as size^%.2f, above size^%.1f", e.what, e.k, growthLimit)
				}
			}
		})
	}
}

// TestGrowthDetectsScans shows the growth measure can fail: with
// verifyIndexes on, every lookup also runs its reference scan of the whole
// entity table, as the extractor once did, and the step count of many
// distinct names then grows clearly faster than size^1.2.
func TestGrowthDetectsScans(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts about 150 KB with quadratic scans")
	}
	defer func(v bool) { verifyIndexes = v }(verifyIndexes)
	verifyIndexes = true
	a, b := distinctNames(16<<10), distinctNames(128<<10)
	ca, cb := measure(t, a), measure(t, b)
	k := math.Log(cb.ops/ca.ops) / math.Log(float64(len(b))/float64(len(a)))
	t.Logf("with full scans, ops grow as size^%.2f (%.0f → %.0f)", k, ca.ops, cb.ops)
	if k <= growthLimit {
		t.Errorf("full scans grow as size^%.2f: the measure cannot tell them from linear work", k)
	}
}
