package offline

import "sort"

// The cue index: the cue with a subject nearest a quotation, among the
// cues of its sentence.

// cueIndex holds, for the sentence whose cues it was built from, the
// indexes of the cues that have a subject, in token order.
type cueIndex struct {
	sent        int  // first token of the sentence
	n           int  // number of cues
	first       *cue // the cue slice's first element
	sorted      bool // cue tokens ascend, so the index applies
	withSubject []int32
	// introducing lists the cues with a subject that may introduce a
	// quotation before them: not a speaker's second verb ("“…” and said
	// …" reports what follows it).
	introducing []int32
}

// nearestCue returns the cue with a subject nearest the quotation spanning
// tokens [open, closeTok], outside it (a second verb of a speaker only
// before it), and its distance in tokens; on a tie
// the earlier cue. A sentence's cues and their subjects are settled before
// its quotations are read, so the index is built once per sentence.
func (a *analysis) nearestCue(s sentence, cues []cue, open, closeTok int) (*cue, int) {
	best, bestDist := (*cue)(nil), 1<<30
	if len(cues) == 0 {
		return best, bestDist
	}
	ci := &a.cueIdx
	if ci.sent != s.start || ci.n != len(cues) || ci.first != &cues[0] {
		ci.sent, ci.n, ci.first, ci.sorted = s.start, len(cues), &cues[0], true
		ci.withSubject, ci.introducing = ci.withSubject[:0], ci.introducing[:0]
		for k := range cues {
			if k > 0 && cues[k].tok <= cues[k-1].tok {
				ci.sorted = false
			}
			if cues[k].subject != nil {
				ci.withSubject = append(ci.withSubject, int32(k))
				if !cues[k].second {
					ci.introducing = append(ci.introducing, int32(k))
				}
			}
		}
	}
	if !ci.sorted {
		best, bestDist = nearestCueScan(cues, open, closeTok)
	} else {
		ws := ci.withSubject
		// the first cue with a subject after the quotation's opening
		j := sort.Search(len(ws), func(j int) bool { return cues[ws[j]].tok >= open })
		if j > 0 {
			best, bestDist = &cues[ws[j-1]], open-cues[ws[j-1]].tok
		}
		// the first cue with a subject after the quotation that may
		// introduce it
		in := ci.introducing
		j = sort.Search(len(in), func(k int) bool { return cues[in[k]].tok > closeTok })
		if j < len(in) {
			if d := cues[in[j]].tok - closeTok; d < bestDist {
				best, bestDist = &cues[in[j]], d
			}
		}
	}
	if verifyIndexes {
		if b, d := nearestCueScan(cues, open, closeTok); b != best || d != bestDist {
			panic("offline: nearestCue disagrees with a scan of the cues")
		}
	}
	return best, bestDist
}

// nearestCueScan is the reference for nearestCue: a scan of the cues.
func nearestCueScan(cues []cue, open, closeTok int) (*cue, int) {
	var best *cue
	bestDist := 1 << 30
	for k := range cues {
		c := &cues[k]
		if c.subject == nil {
			continue
		}
		d := 0
		switch {
		case c.tok > closeTok:
			if c.second {
				continue
			}
			d = c.tok - closeTok
		case c.tok < open:
			d = open - c.tok
		default:
			continue
		}
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	return best, bestDist
}
