package offline

// Recent speakers: the last person or speaker before a position, for
// quotations without a cue of their own.

// speakerEvent is the latest speaker seen: of a quotation, of reported
// speech, or the subject of a reporting verb.
type speakerEvent struct {
	ent, para int
}

// recentPerson returns the person mentioned last before pos, within a few
// paragraphs.
func (a *analysis) recentPerson(pos, para int) *entity {
	return a.ents.recentPerson(pos, para)
}

// recentSubjectPerson returns the person who was the subject of a sentence
// of this paragraph or the one before, nearest before pos ("Hlavac
// stopped 40 shots. The 31-year-old goaltender said …").
func (a *analysis) recentSubjectPerson(pos, para int) *entity {
	ms := &a.ents.mentions
	i := ms.search(func(m mention) bool { return m.pos >= pos })
	for j := i - 1; j >= 0 && j >= i-maxLookback && para-ms.At(j).para <= 1; j-- {
		m := ms.At(j)
		if e := a.ents.list[m.ent]; m.subject && e.kind == kindPerson {
			return e
		}
	}
	return nil
}

// recentSpeaker returns the last entity that spoke (or was a reporting
// verb's subject) before pos, within two paragraphs.
func (a *analysis) recentSpeaker(pos, para int) *entity {
	return a.lastSpeakerBefore(pos, para)
}

// lastSpeakerBefore returns the last entity that spoke (or was a reporting
// verb's subject) before pos, within two paragraphs. Quotations are found
// in paragraph order, so the look-back stops at the first one more than
// two paragraphs back, or after maxLookback.
func (a *analysis) lastSpeakerBefore(pos, para int) *entity {
	var got *entity
	for i, n := len(a.found)-1, 0; i >= 0 && n < maxLookback; i, n = i-1, n+1 {
		a.ents.work++
		f := &a.found[i]
		if para-f.para > 2 {
			break
		}
		if f.span.start < pos && f.ent >= 0 {
			got = a.ents.list[f.ent]
			break
		}
	}
	if verifyIndexes {
		var want *entity
		for i := len(a.found) - 1; i >= 0; i-- {
			f := a.found[i]
			if f.span.start < pos && f.ent >= 0 && para-f.para <= 2 {
				want = a.ents.list[f.ent]
				break
			}
		}
		a.ents.check("lastSpeakerBefore", got, want)
	}
	return got
}

// maxLookback bounds how many mentions a pronoun looks back over, and how
// many found quotations a description looks back over for the last
// speaker, besides their paragraph windows. News copy holds a few dozen
// mentions in a four-paragraph window; only a paragraph of hundreds of
// names reaches the bound, which keeps such input linear.
const maxLookback = 128
