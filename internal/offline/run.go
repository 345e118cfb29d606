package offline

import (
	"sort"
)

// run finds and attributes every quotation, sentence by sentence, in text
// order, so pronouns and carried-over speakers see only what came before.
func (a *analysis) run(cfg Config) {
	var last *found // the last attributed quotation
	var lastSpeaker speakerEvent
	lastSpeaker.ent = -1
	qi := 0
	for si, s := range a.sents {
		if a.skip[s.para] {
			for qi < len(a.quotes) && a.quotes[qi].start < a.toks[s.end-1].end {
				qi++
			}
			continue
		}
		a.scanNames(si)
		cues := a.findCues(s)
		for k := range cues {
			a.resolveSubject(&cues[k], s, cues[:k])
			if c := &cues[k]; c.subject != nil && c.subj0 < c.subj1 {
				a.ents.mention(a.toks[c.subj0].start, s.para, c.subject.id, true)
				c.subject.cues++
				lastSpeaker = speakerEvent{ent: c.subject.id, para: s.para}
			}
		}
		cues = activeCues(cues)
		// the quotations that open in this sentence
		var qs []int
		for qi < len(a.quotes) && a.quotes[qi].start < a.toks[s.end-1].end {
			if a.quotes[qi].start >= a.toks[s.start].start {
				qs = append(qs, qi)
			}
			qi++
		}
		accepted := 0
		var taken []span // quotations accepted in this sentence
		for _, q := range qs {
			f, ok := a.quotation(q, s, cues, last, lastSpeaker)
			if !ok {
				continue
			}
			accepted++
			taken = append(taken, f.span)
			a.found = append(a.found, f)
			last = &a.found[len(a.found)-1]
			if f.ent >= 0 {
				lastSpeaker = speakerEvent{ent: f.ent, para: s.para}
			}
			if f.ent >= 0 {
				a.ents.list[f.ent].spoke++
			}
		}
		if cfg.Indirect {
			// beside a quotation, only speech inside a relative clause
			// ("…,” said X, who said he …") and a second verb's ("called
			// it “…” and said …") are statements of their own
			rep := cues
			if accepted > 0 {
				rep = ownStatementCues(cues)
			}
			for _, f := range a.reported(s, rep, taken) {
				a.found = append(a.found, f)
				if f.ent >= 0 {
					a.ents.list[f.ent].spoke++
				}
			}
		}
	}
	a.embeddedPosts()
	a.resolveCataphora()
	sort.SliceStable(a.found, func(i, j int) bool { return a.found[i].span.start < a.found[j].span.start })
}

// activeCues drops the passive cues, which introduce no statement, in
// place.
func activeCues(cues []cue) []cue {
	out := cues[:0]
	for _, c := range cues {
		if !c.passive {
			out = append(out, c)
		}
	}
	return out
}

// ownStatementCues returns the cues whose subject is a relative pronoun
// and the second verbs of a speaker.
func ownStatementCues(cues []cue) []cue {
	var out []cue
	for _, c := range cues {
		if c.relative || c.second {
			out = append(out, c)
		}
	}
	return out
}
