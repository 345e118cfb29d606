package offline

import (
	"runtime"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// Storage reuse and per-article tables: what keeps an extraction's
// allocation low and its per-token checks constant-time.

// scratch is storage one extraction lends the next: the tokens, the
// paragraphs, sentences, found quotations, mention list, entity blocks and
// token tables of an article are reused instead of allocated per article.
type scratch struct {
	toks     []token
	chunks   [][]entity
	found    []found
	mentions []mention
	paras    []span
	quotes   []quoteSpan
	sents    []sentence
	runEnt   []int32
	// Token tables built on first use, so that a clause's checks cost
	// the same however long its sentence:
	// wordsBefore[k] and quotedBefore[k] count the words and the tokens
	// inside quotations among tokens [0, k);
	wordsBefore, quotedBefore []int32
	// commaAfter[k] is the first comma token at or after k (or len);
	// punctFrom[k] and punctTo[k] bound the run of punctuation outside
	// quotations that holds token k: it starts at punctFrom[k] and ends
	// before punctTo[k] (k+1 and k when token k is not such punctuation);
	// otherFrom and otherTo do the same for runs of tokens that are not
	// words.
	commaAfter, punctFrom, punctTo, otherFrom, otherTo []int32
	// secondAt[k] is the first token at or after k where a speaker's
	// second reporting verb starts (see secondVerbs).
	secondAt []int32
}

// scratchFree holds idle scratch storage, one per processor at most, as
// extractions run concurrently. Unlike a sync.Pool it is not emptied by
// the collector: a function that summarizes one article after another
// reuses the same storage whatever the collector did in between, and what
// it keeps is bounded by maxPooledTokens per processor.
var scratchFree = make(chan *scratch, runtime.GOMAXPROCS(0))

// maxPooledTokens keeps the buffers of an article of unusual shape out of
// the free list: a MiB of prose makes about 220k tokens, while a MiB of
// punctuation makes two million.
const maxPooledTokens = 1 << 19

// poolScratch turns the pool on; tests turn it off to count what one
// extraction allocates from nothing.
var poolScratch = true

// scratch returns the analysis's scratch storage, taking it from the pool.
func (a *analysis) scratch() *scratch {
	if a.sc == nil {
		if poolScratch {
			select {
			case a.sc = <-scratchFree:
			default:
				a.sc = new(scratch)
			}
		} else {
			a.sc = new(scratch)
		}
	}
	return a.sc
}

// reuseScratch hands the analysis the pooled buffers of its found
// quotations, mention list, entity blocks and run table, once its tokens
// are known.
func (a *analysis) reuseScratch() {
	sc := a.scratch()
	a.found = sc.found[:0]
	a.ents.chunks, sc.chunks = sc.chunks, nil
	// runEnt: one entry per token, zero
	if cap(sc.runEnt) < len(a.toks) {
		sc.runEnt = make([]int32, len(a.toks))
	}
	a.runEnt = sc.runEnt[:len(a.toks)]
	clear(a.runEnt)
	sc.runEnt = nil
	if a.ents.mentions.Len() == 0 && cap(sc.mentions) > 0 {
		a.ents.mentions = gapList[mention]{buf: sc.mentions[:cap(sc.mentions)], gap: cap(sc.mentions)}
	}
	sc.found, sc.mentions = nil, nil
}

// release returns the analysis's storage to the pool. The analysis must
// not be used afterwards, and nothing it returned may point into the
// storage: the summary holds strings of the text, of the lowerer's arena
// (never pooled) and of the entities' own allocations, never the blocks.
func (a *analysis) release() {
	sc := a.sc
	if sc == nil {
		return
	}
	a.sc = nil
	if cap(a.toks) <= maxPooledTokens {
		// The tokens keep this text alive until the next extraction, which
		// overwrites or clears them (see tokenizeInto).
		sc.toks = a.toks
		clear(a.found)
		sc.found = a.found[:0]
		sc.mentions = a.ents.mentions.buf[:0]
		sc.paras, sc.quotes, sc.sents, sc.runEnt = a.paras[:0], a.quotes[:0], a.sents[:0], a.runEnt[:0]
		for k, c := range a.ents.chunks {
			clear(c[:max(0, min(len(c), a.ents.nalloc-k*entityChunk))])
		}
		sc.chunks = a.ents.chunks
	} else {
		*sc = scratch{}
	}
	sc.wordsBefore, sc.quotedBefore = sc.wordsBefore[:0], sc.quotedBefore[:0]
	sc.commaAfter, sc.punctFrom, sc.punctTo = sc.commaAfter[:0], sc.punctFrom[:0], sc.punctTo[:0]
	sc.otherFrom, sc.otherTo = sc.otherFrom[:0], sc.otherTo[:0]
	sc.secondAt = sc.secondAt[:0]
	a.toks = nil
	if poolScratch {
		select {
		case scratchFree <- sc:
		default: // enough idle storage already
		}
	}
}

// lowerer gives the tokenizer each word's lower case with few allocations:
// a word already in lower case is its own lower case (a slice of the
// text), and the others are lower-cased into a shared arena, whose bytes
// are never written again once a word's string points at them.
//
// A word holding a character that lower-cases to another byte length
// (rare scripts) is lower-cased by strings.ToLower; the others byte for
// byte, keeping bytes that are not valid UTF-8.
type lowerer struct {
	chunk int // arena chunk size
	arena []byte
}

func newLowerer(text string) lowerer {
	return lowerer{chunk: min(max(len(text)/4, 256), 1<<16)}
}

// word returns w in lower case.
func (l *lowerer) word(w string) string {
	k := 0 // the first byte that changes
	for k < len(w) {
		c := w[k]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				break
			}
			k++
			continue
		}
		r, n := utf8.DecodeRuneInString(w[k:])
		if unicode.ToLower(r) != r {
			break
		}
		k += n
	}
	if k == len(w) {
		return w
	}
	if cap(l.arena)-len(l.arena) < len(w) {
		// A new chunk: the strings made so far keep the old one.
		l.arena = make([]byte, 0, max(l.chunk, len(w)))
	}
	start := len(l.arena)
	l.arena = append(l.arena, w[:k]...)
	for k < len(w) {
		c := w[k]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			l.arena = append(l.arena, c)
			k++
			continue
		}
		r, n := utf8.DecodeRuneInString(w[k:])
		if lr := unicode.ToLower(r); lr == r {
			l.arena = append(l.arena, w[k:k+n]...)
		} else if utf8.RuneLen(lr) == n {
			l.arena = utf8.AppendRune(l.arena, lr)
		} else {
			// Another length: the reserved room may not hold it.
			l.arena = l.arena[:start]
			return strings.ToLower(w)
		}
		k += n
	}
	b := l.arena[start:]
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// shortScan is the most tokens a check walks before it reads the token
// tables instead: news sentences are shorter, so most articles never build
// the tables, and a long run of one kind costs no more than shortScan.
const shortScan = 64

// tokenCounts returns the number of words among tokens [i, j) and whether
// any of them lies inside a quotation, in constant time.
func (a *analysis) tokenCounts(i, j int) (words int, quoted bool) {
	if j-i <= shortScan {
		a.ents.work += j - i
		for k := i; k < j; k++ {
			if a.toks[k].quote >= 0 {
				return 0, true
			}
			if a.toks[k].kind == tWord {
				words++
			}
		}
		return words, false
	}
	sc := a.scratch()
	if len(sc.wordsBefore) != len(a.toks)+1 {
		wb, qb := sc.wordsBefore[:0], sc.quotedBefore[:0]
		var w, q int32
		wb, qb = append(wb, 0), append(qb, 0)
		for k := range a.toks {
			if a.toks[k].kind == tWord {
				w++
			}
			if a.toks[k].quote >= 0 {
				q++
			}
			wb, qb = append(wb, w), append(qb, q)
		}
		sc.wordsBefore, sc.quotedBefore = wb, qb
	}
	a.ents.work++
	return int(sc.wordsBefore[j] - sc.wordsBefore[i]), sc.quotedBefore[j] > sc.quotedBefore[i]
}

// hasWords reports whether text holds at least n words, as wordCount(text)
// >= n does, reading no further than the nth word.
func hasWords(text string, n int) bool {
	c, in := 0, false
	for _, r := range text {
		if unicode.IsSpace(r) {
			in = false
		} else if !in {
			in = true
			if c++; c >= n {
				return true
			}
		}
	}
	return c >= n
}

// tokenRuns builds the token tables of scratch, once per article.
func (a *analysis) tokenRuns() *scratch {
	sc := a.scratch()
	n := len(a.toks)
	if len(sc.commaAfter) == n+1 {
		return sc
	}
	grow := func(s []int32, n int) []int32 {
		if cap(s) < n {
			return make([]int32, n)
		}
		return s[:n]
	}
	sc.commaAfter = grow(sc.commaAfter, n+1)
	sc.punctFrom, sc.punctTo = grow(sc.punctFrom, n), grow(sc.punctTo, n)
	sc.otherFrom, sc.otherTo = grow(sc.otherFrom, n), grow(sc.otherTo, n)
	punct := func(k int) bool { return a.toks[k].kind == tPunct && a.toks[k].quote < 0 }
	other := func(k int) bool { return a.toks[k].kind != tWord }
	for k := range n {
		sc.punctFrom[k], sc.otherFrom[k] = int32(k+1), int32(k+1)
		if punct(k) {
			sc.punctFrom[k] = int32(k)
			if k > 0 && punct(k-1) {
				sc.punctFrom[k] = sc.punctFrom[k-1]
			}
		}
		if other(k) {
			sc.otherFrom[k] = int32(k)
			if k > 0 && other(k-1) {
				sc.otherFrom[k] = sc.otherFrom[k-1]
			}
		}
	}
	sc.commaAfter[n] = int32(n)
	for k := n - 1; k >= 0; k-- {
		sc.commaAfter[k] = sc.commaAfter[k+1]
		if a.toks[k].kind == tPunct && a.toks[k].punct(a.text) == ',' {
			sc.commaAfter[k] = int32(k)
		}
		sc.punctTo[k], sc.otherTo[k] = int32(k), int32(k)
		if punct(k) {
			sc.punctTo[k] = int32(k + 1)
			if k+1 < n && punct(k+1) {
				sc.punctTo[k] = sc.punctTo[k+1]
			}
		}
		if other(k) {
			sc.otherTo[k] = int32(k + 1)
			if k+1 < n && other(k+1) {
				sc.otherTo[k] = sc.otherTo[k+1]
			}
		}
	}
	return sc
}

// nextComma returns the first comma token at or after token k, or the
// number of tokens.
func (a *analysis) nextComma(k int) int {
	got := -1
	for n := k; n < len(a.toks) && n < k+shortScan; n++ {
		if a.toks[n].kind == tPunct && a.toks[n].punct(a.text) == ',' {
			got = n
			break
		}
	}
	switch {
	case got >= 0:
	case k+shortScan >= len(a.toks):
		got = len(a.toks) // no comma to the end
	default:
		got = int(a.tokenRuns().commaAfter[k])
	}
	if verifyIndexes {
		want := k
		for want < len(a.toks) && !(a.toks[want].kind == tPunct && a.toks[want].punct(a.text) == ',') {
			want++
		}
		if got != want {
			panic("offline: nextComma disagrees with a scan")
		}
	}
	return got
}

// trimPunct drops punctuation outside quotations from the end of the
// token range [i, j), then from its start, always keeping one token: the
// same as stepping j back and i forward one token at a time.
func (a *analysis) trimPunct(i, j int) (int, int) {
	i0, j0 := i, j
	punct := func(k int) bool { return a.toks[k].kind == tPunct && a.toks[k].quote < 0 }
	n := 0
	for ; n < shortScan && j > i+1 && punct(j-1); n++ {
		j--
	}
	for ; n < shortScan && i < j-1 && punct(i); n++ {
		i++
	}
	a.ents.work += n
	if n == shortScan { // a long run: read the tables
		i, j = i0, j0
		sc := a.tokenRuns()
		if j > i+1 {
			j = max(i+1, int(sc.punctFrom[j-1]))
		}
		if i < j-1 {
			i = min(j-1, int(sc.punctTo[i]))
		}
	}
	if verifyIndexes {
		for j0 > i0+1 && a.toks[j0-1].kind == tPunct && a.toks[j0-1].quote < 0 {
			j0--
		}
		for i0 < j0-1 && a.toks[i0].kind == tPunct && a.toks[i0].quote < 0 {
			i0++
		}
		if i != i0 || j != j0 {
			panic("offline: trimPunct disagrees with a scan")
		}
	}
	return i, j
}

// trimNonWords drops the tokens that are not words from the end of the
// token range [i, j), then from its start.
func (a *analysis) trimNonWords(i, j int) (int, int) {
	i0, j0 := i, j
	n := 0
	for ; n < shortScan && j > i && a.toks[j-1].kind != tWord; n++ {
		j--
	}
	for ; n < shortScan && i < j && a.toks[i].kind != tWord; n++ {
		i++
	}
	a.ents.work += n
	if n == shortScan { // a long run: read the tables
		i, j = i0, j0
		sc := a.tokenRuns()
		if j > i {
			j = max(i, int(sc.otherFrom[j-1]))
		}
		if i < j {
			i = min(j, int(sc.otherTo[i]))
		}
	}
	if verifyIndexes {
		for j0 > i0 && a.toks[j0-1].kind != tWord {
			j0--
		}
		for i0 < j0 && a.toks[i0].kind != tWord {
			i0++
		}
		if i != i0 || j != j0 {
			panic("offline: trimNonWords disagrees with a scan")
		}
	}
	return i, j
}

// entityChunk is how many entities one block of storage holds. Entities
// live in blocks that are never moved (the table hands out pointers) and
// are reused from one extraction to the next.
const entityChunk = 16

// alloc returns zeroed storage for one more entity.
func (es *entities) alloc() *entity {
	k := es.nalloc / entityChunk
	if k == len(es.chunks) {
		es.chunks = append(es.chunks, make([]entity, entityChunk))
	}
	e := &es.chunks[k][es.nalloc%entityChunk]
	es.nalloc++
	return e
}

// verbShapes records, per pair of first and last byte (folded into 1024
// slots), the lengths of the reporting verbs' forms, so reportingVerb
// looks up only words of a possible shape: most words of a sentence are
// turned away by one table read.
var verbShapes = func() *[1024]uint64 {
	var m [1024]uint64
	for f := range reportingVerbs {
		if len(f) > 0 {
			m[shapeSlot(f)] |= 1 << min(len(f), 63)
		}
	}
	return &m
}()

// shapeSlot folds the first and last byte of a non-empty w into a slot
// of verbShapes.
func shapeSlot(w string) int {
	return (int(w[0])<<5 ^ int(w[len(w)-1])) & 1023
}

// reportingVerb returns reportingVerbs[w], skipping the lookup for words
// no form could match by first byte, last byte and length.
func reportingVerb(w string) (verbForm, bool) {
	if len(w) == 0 || verbShapes[shapeSlot(w)]&(1<<min(len(w), 63)) == 0 {
		return verbForm{}, false
	}
	v, ok := reportingVerbs[w]
	return v, ok
}

// strSlab hands out short string lists from shared chunks, so that the
// many name runs of an article cost a few allocations, not one each. A
// list is capped at its reserved length: appending past it reallocates
// instead of writing into a neighbour's room.
type strSlab struct{ buf []string }

// slabChunk is the number of strings a slab chunk holds.
const slabChunk = 64

// take returns an empty list with room for n strings.
func (s *strSlab) take(n int) []string {
	if s == nil || n > slabChunk/4 {
		return make([]string, 0, n)
	}
	if cap(s.buf)-len(s.buf) < n {
		s.buf = make([]string, 0, slabChunk)
	}
	l := len(s.buf)
	s.buf = s.buf[:l+n]
	return s.buf[l : l : l+n]
}
