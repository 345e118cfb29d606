package offline

import (
	"strings"
	"unicode/utf8"
	"unsafe"
)

// wordTable is a lexicon: a map from words to values with a small bit
// filter in front. Most words the rules look up are in no given lexicon,
// and the filter (see wordFilter)
// turns nearly all of them away with one memory read instead of a map
// probe.
type wordTable[V any] struct {
	wordFilter
	m map[string]V
}

// wordFilter is a table's bit filter: one bit per hash of a word's first
// two bytes, last byte and length.
type wordFilter struct {
	bits  []uint64
	shift uint32 // 32 less the log2 of the number of bits
}

// minFilterBits is the smallest filter (16384 bits, 2 KiB): a lexicon of a
// few hundred words sets few enough bits that a word outside it rarely
// passes. A larger table gets at least 16 bits a word.
const minFilterBits = 1 << 14

// wordSet is a lexicon of words without values.
type wordSet = wordTable[bool]

// newWordTable wraps m, which must not change afterwards.
func newWordTable[V any](m map[string]V) wordTable[V] {
	n, log := minFilterBits, 14
	for n < 16*len(m) {
		n, log = n*2, log+1
	}
	t := wordTable[V]{wordFilter: wordFilter{bits: make([]uint64, n/64), shift: uint32(32 - log)}, m: m}
	for w := range m {
		b := t.bit(w)
		t.bits[b/64] |= 1 << (b % 64)
	}
	return t
}

// bit hashes w to a filter bit.
func (f *wordFilter) bit(w string) uint32 {
	if w == "" {
		return 0
	}
	h := uint32(w[0])<<24 | uint32(w[len(w)-1])<<16 | uint32(len(w)&0xff)<<8
	if len(w) > 1 {
		h |= uint32(w[1])
	}
	return (h * 0x9E3779B1) >> f.shift
}

// may reports whether w may be in the table: false means it is not.
func (f *wordFilter) may(w string) bool {
	b := f.bit(w)
	return f.bits[b/64]&(1<<(b%64)) != 0
}

// lookup returns the value of w and whether w is in the table.
func (t *wordTable[V]) lookup(w string) (V, bool) {
	if !t.may(w) {
		var zero V
		return zero, false
	}
	v, ok := t.m[w]
	return v, ok
}

// get returns the value of w, the zero value when w is not in the table.
func (t *wordTable[V]) get(w string) V {
	v, _ := t.lookup(w)
	return v
}

// has reports whether w is in the table.
func (t *wordTable[V]) has(w string) bool {
	_, ok := t.lookup(w)
	return ok
}

// getLower returns get(strings.ToLower(s)) (see lookupLower).
func (t *wordTable[V]) getLower(s string) V {
	v, _ := t.lookupLower(s)
	return v
}

// lookupLower returns lookup(strings.ToLower(s)); a short ASCII s, as
// names and lexicon words are, is lower-cased on the stack without
// allocating.
func (t *wordTable[V]) lookupLower(s string) (V, bool) {
	var buf [40]byte
	if len(s) > len(buf) {
		return t.lookup(strings.ToLower(s))
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return t.lookup(strings.ToLower(s))
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	// The key lives only for the lookup: no map keeps a looked-up key.
	return t.lookup(unsafe.String(&buf[0], len(s)))
}
