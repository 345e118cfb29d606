package llm

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/whosaid/whosaid/internal/article"
)

// merged is a grounded quotation before output.
type merged struct {
	q       article.Quote
	speaker string // canonical speaker name
	source  string // "llm", "both" or "offline"
}

// flaggedConfidence caps the confidence of a quotation the text does not
// support.
const flaggedConfidence = 0.4

// merge grounds the replies' quotes, merges speakers across chunks into one
// canonical list, merges in the offline extractor's quotes, and checks every
// attribution against the text. A claim is rejected (and counted by reason)
// when its text is not in the article, when it sits in text that instructs
// rather than reports, or when it is claimed as a quotation but the words
// are the narrator's; an attribution without evidence is kept, flagged.
func merge(text string, paras []paragraph, replies []chunkReply, off *article.Summary) article.Summary {
	g := newGrounder(text, paras)
	ix := newTextIndex(text, paras)
	reg := newRegistry()
	var summaries []string
	for _, r := range replies {
		for _, sp := range r.reply.Speakers {
			reg.add(sp)
		}
		if s := strings.TrimSpace(r.reply.Summary); s != "" {
			summaries = append(summaries, s)
		}
	}
	ev := newEvidence(ix, off, reg)
	// An alias of the model's counts only where the text uses it and it can
	// mean no one else; the others are forgotten, so they merge nothing.
	for _, sp := range reg.list {
		var keep []string
		for _, a := range sp.Aliases {
			if len(ev.find(a)) > 0 && !lexicon.pronouns[strings.ToLower(strings.TrimSpace(a))] && !ev.ambiguous(a, sp.Name) {
				keep = append(keep, a)
			}
		}
		sp.Aliases = keep
	}
	reg.rebuild()

	var out []merged
	dropped := map[string]int{}
	for _, r := range replies {
		for _, q := range r.reply.Quotes {
			span, how, ok := g.locate(q.Text, q.Paragraph)
			if !ok {
				dropped[article.DropNotFound]++
				continue
			}
			if ev.injected(span) {
				dropped[article.DropInjection]++
				continue
			}
			kind := article.Kind(q.Kind)
			var frag [2]int
			if kind != article.KindIndirect {
				s, f, quoted := quotation(ix, g.withMarks(span), kind)
				switch {
				case quoted:
					span, frag = s, f
				case ev.reported(span):
					kind = article.KindIndirect // reported speech, not a quotation
				default:
					dropped[article.DropNarrator]++
					continue
				}
			}
			if overlapsAny(out, span) {
				continue // the same quotation from an overlapping chunk
			}
			mq := article.Quote{
				Text: text[span[0]:span[1]], Kind: kind, Cue: q.Cue, Start: span[0], End: span[1],
				Paragraph: g.paragraphOf(span[0]), Grounding: how, Confidence: 0.75,
			}
			if kind == article.KindPartial {
				mq.QuoteStart, mq.QuoteEnd = frag[0], frag[1]
			}
			out = append(out, merged{q: mq, speaker: reg.canonical(q.Speaker), source: "llm"})
		}
	}
	// Cross-check with the offline extractor: agreement raises confidence;
	// quoted spans the model missed come in with the offline attribution.
	for _, oq := range off.Quotes {
		osp := off.SpeakerByID(oq.Speaker)
		hit := false
		for i := range out {
			if !overlap(out[i].q.Start, out[i].q.End, oq.Start, oq.End) {
				continue
			}
			hit = true
			if out[i].source != "llm" {
				continue
			}
			out[i].source = "both"
			// the offline extractor knows the reported clause around a
			// quoted fragment
			if out[i].q.Kind == article.KindPartial && oq.Kind == article.KindPartial && oq.Start <= out[i].q.Start && oq.End >= out[i].q.End {
				out[i].q.Start, out[i].q.End, out[i].q.Text = oq.Start, oq.End, oq.Text
			}
			if ev.agrees(out[i].speaker, osp) {
				out[i].q.Confidence = 0.95
			} else {
				out[i].q.Confidence = 0.8
			}
		}
		if hit || oq.Kind == article.KindIndirect {
			continue
		}
		if ev.injected([2]int{oq.Start, oq.End}) {
			dropped[article.DropInjection]++
			continue
		}
		q := oq
		q.Confidence = oq.Confidence * 0.6
		out = append(out, merged{q: q, speaker: ev.speakerFor(reg, osp), source: "offline"})
		if reg.lookup(osp.Name) == nil {
			reg.add(ReplySpeaker{Name: osp.Name, Aliases: ev.offlineForms(osp.Name, osp.Aliases), Title: osp.Title, Affiliation: osp.Affiliation})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].q.Start < out[j].q.Start })

	s := article.Summary{Speakers: []article.Speaker{}, Quotes: []article.Quote{}, Summary: strings.Join(summaries, " ")}
	ids := map[string]string{}
	aliasMemo := map[string][]string{}
	for _, m := range out {
		aliases, ok := aliasMemo[m.speaker]
		if !ok {
			aliases = ev.aliasesFor(m.speaker, reg.lookup(m.speaker))
			aliasMemo[m.speaker] = aliases
		}
		id, ok := ids[m.speaker]
		if !ok {
			id = fmt.Sprintf("s%d", len(s.Speakers)+1)
			ids[m.speaker] = id
			entry := article.Speaker{ID: id, Name: m.speaker, Aliases: []string{}}
			if sp := reg.lookup(m.speaker); sp != nil {
				entry.Aliases = append(entry.Aliases, sp.Aliases...)
				entry.Title, entry.Affiliation = sp.Title, sp.Affiliation
			}
			if m.speaker == "unknown" || !ev.named(m.speaker, aliases) {
				entry.Flags = append(entry.Flags, article.FlagNotInText)
			}
			s.Speakers = append(s.Speakers, entry)
		}
		m.q.ID = fmt.Sprintf("q%d", len(s.Quotes)+1)
		m.q.Speaker = id
		m.q.Flags = nil
		if !ev.supports([2]int{m.q.Start, m.q.End}, m.speaker, aliases, m.source == "offline") {
			m.q.Flags = append(m.q.Flags, article.FlagUnverified)
		}
		sp := s.SpeakerByID(id)
		m.q.Flags = append(m.q.Flags, sp.Flags...)
		if len(m.q.Flags) > 0 {
			m.q.Confidence = min(m.q.Confidence, flaggedConfidence)
		}
		s.Quotes = append(s.Quotes, m.q)
		sp.QuoteCount++
	}
	if len(dropped) > 0 {
		s.Extractor.Dropped = dropped
	}
	return s
}

// speakerFor returns the canonical name of an offline speaker: a registered
// speaker it names, the one registered speaker whose role it is ("The
// mayor"), or its own name.
func (ev *evidence) speakerFor(reg *registry, osp *article.Speaker) string {
	if reg.lookup(osp.Name) == nil {
		hit := ""
		for _, sp := range reg.list {
			if ev.agrees(sp.Name, osp) {
				if hit != "" {
					hit = ""
					break
				}
				hit = sp.Name
			}
		}
		if hit != "" {
			return hit
		}
	}
	return reg.canonical(osp.Name)
}

// aliasesFor returns the forms that may name a speaker: the aliases kept
// for it, and the name and forms the offline extractor found for the same
// person.
func (ev *evidence) aliasesFor(name string, sp *ReplySpeaker) []string {
	var out []string
	if sp != nil {
		out = append(out, sp.Aliases...)
	}
	for i := range ev.off.Speakers {
		o := &ev.off.Speakers[i]
		if !ev.agrees(name, o) {
			continue
		}
		out = append(out, ev.offlineForms(name, append([]string{o.Name}, o.Aliases...))...)
	}
	return out
}

// offlineForms keeps the forms the offline extractor found for a person
// that can be trusted: names, and a description ("the mayor") only when the
// text gives it as the person's office ("Mayor Linda Park"), since the
// extractor may attach one to the wrong person.
func (ev *evidence) offlineForms(name string, forms []string) []string {
	roles := ev.roles(name)
	out := []string{}
	for _, a := range forms {
		if nameLike(a) || slices.ContainsFunc(roles, func(r string) bool { return ev.norm(r) == ev.norm(a) }) {
			out = append(out, a)
		}
	}
	return out
}

// quotation checks that a claimed direct or partial quotation lies inside
// quotation marks and returns its span and, for a partial one, the quoted
// words: a claim inside a quoted passage becomes the whole passage; a
// direct claim that runs over the narrator's words is cut to the first
// passage it covers; a partial one keeps its reported clause around the
// passage. quoted is false when no quoted passage is involved: the words
// are the narrator's.
func quotation(ix *textIndex, span [2]int, kind article.Kind) (out, frag [2]int, quoted bool) {
	regs := ix.quotedOverlapping(span[0], span[1])
	if len(regs) == 0 {
		return span, frag, false
	}
	r := regs[0]
	switch {
	case r[0] <= span[0] && span[1] <= r[1], kind == article.KindDirect:
		return r, r, true
	default:
		return [2]int{min(span[0], r[0]), max(span[1], r[1])}, r, true
	}
}

func overlap(a0, a1, b0, b1 int) bool {
	lo, hi := max(a0, b0), min(a1, b1)
	if hi <= lo {
		return false
	}
	return float64(hi-lo) >= 0.5*float64(min(a1-a0, b1-b0))
}

func overlapsAny(ms []merged, s [2]int) bool {
	for _, m := range ms {
		if overlap(m.q.Start, m.q.End, s[0], s[1]) {
			return true
		}
	}
	return false
}
