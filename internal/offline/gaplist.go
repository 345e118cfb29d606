package offline

import (
	"slices"
	"sort"
)

// gapList is a list its users keep sorted, stored with a gap at the last
// insertion point (a gap buffer): an insertion costs the distance from the
// previous one. Mentions arrive nearly in text order, but a long sentence
// first registers all its names, then its speakers at earlier positions,
// moving forward through the sentence; with a plain slice each of those
// would shift the rest of the sentence.
type gapList[T any] struct {
	buf    []T // the elements are buf[:g] and buf[g+gap:]
	g, gap int
}

// Len returns the number of elements.
func (l *gapList[T]) Len() int { return len(l.buf) - l.gap }

// At returns element i.
func (l *gapList[T]) At(i int) T {
	if i >= l.g {
		i += l.gap
	}
	return l.buf[i]
}

// moveGap moves the gap to just before element i.
func (l *gapList[T]) moveGap(i int) {
	switch {
	case i < l.g:
		copy(l.buf[i+l.gap:l.g+l.gap], l.buf[i:l.g])
	case i > l.g:
		copy(l.buf[l.g:i], l.buf[l.g+l.gap:i+l.gap])
	}
	l.g = i
}

// Insert makes v element i.
func (l *gapList[T]) Insert(i int, v T) {
	if l.gap == 0 {
		n := len(l.buf)
		nb := make([]T, max(4, 2*n))
		copy(nb, l.buf[:l.g])
		copy(nb[len(nb)-(n-l.g):], l.buf[l.g:])
		l.buf, l.gap = nb, len(nb)-n
	}
	l.moveGap(i)
	l.buf[l.g] = v
	l.g++
	l.gap--
}

// insertAfter inserts v after every element whose key is at most key(v),
// the order the mention list keeps.
func insertAfter[T any](l *gapList[T], v T, key func(T) int) {
	n, k := l.Len(), key(v)
	if n == 0 || key(l.At(n-1)) <= k {
		l.Insert(n, v)
		return
	}
	i := sort.Search(n, func(i int) bool { return key(l.At(i)) > k })
	l.Insert(i, v)
}

// deleteFunc removes the elements for which del is true.
func (l *gapList[T]) deleteFunc(del func(T) bool) {
	l.moveGap(l.Len())
	kept := slices.DeleteFunc(l.buf[:l.g], del)
	l.gap += l.g - len(kept)
	l.g = len(kept)
}

// search returns the first index i in [0, Len()) for which f(At(i)) holds,
// or Len(); f must be false then true along the list.
func (l *gapList[T]) search(f func(T) bool) int {
	return sort.Search(l.Len(), func(i int) bool { return f(l.At(i)) })
}
