package offline

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestGapListMatchesSlice checks the gap buffer against a plain slice under
// random insertions, searches and deletions.
func TestGapListMatchesSlice(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var l gapList[int]
	var ref []int
	check := func(step int) {
		t.Helper()
		if l.Len() != len(ref) {
			t.Fatalf("step %d: Len = %d, want %d", step, l.Len(), len(ref))
		}
		for i, v := range ref {
			if l.At(i) != v {
				t.Fatalf("step %d: At(%d) = %d, want %d", step, i, l.At(i), v)
			}
		}
	}
	for step := range 2000 {
		switch op := rng.IntN(10); {
		case op < 7:
			v := rng.IntN(100)
			insertAfter(&l, v, func(x int) int { return x })
			i, _ := slices.BinarySearch(ref, v+1) // after every element ≤ v
			ref = slices.Insert(ref, i, v)
		case op < 9:
			k := rng.IntN(100)
			got := l.search(func(x int) bool { return x >= k })
			want, _ := slices.BinarySearch(ref, k)
			if got != want {
				t.Fatalf("step %d: search(≥%d) = %d, want %d", step, k, got, want)
			}
		default:
			m := rng.IntN(7) + 2
			l.deleteFunc(func(x int) bool { return x%m == 0 })
			ref = slices.DeleteFunc(ref, func(x int) bool { return x%m == 0 })
		}
		check(step)
	}
}

func TestInsertAfterKeepsArrivalOrder(t *testing.T) {
	type item struct{ key, seq int }
	var l gapList[item]
	for i, k := range []int{5, 3, 5, 1, 3, 5} {
		insertAfter(&l, item{k, i}, func(x item) int { return x.key })
	}
	want := []item{{1, 3}, {3, 1}, {3, 4}, {5, 0}, {5, 2}, {5, 5}}
	for i, w := range want {
		if got := l.At(i); got != w {
			t.Errorf("At(%d) = %v, want %v", i, got, w)
		}
	}
}
