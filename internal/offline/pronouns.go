package offline

// Pronouns: the person or group a pronoun refers to, by gender and recency.

// pronouns usable as a speaker, with their gender.
var subjectPronouns = lexiconGenders("subject_pronouns.txt")

// possessiveGender maps possessive determiners to the gender of their owner.
var possessiveGender = lexiconGenders("possessive_gender.txt")

// resolvePronoun picks the entity a pronoun of gender g at pos refers to:
// the nearest earlier compatible mention that is a subject (opens a sentence
// or speaks), else the nearest compatible mention, within a few paragraphs.
// A subject of unknown gender gives way to a subject of the pronoun's gender
// earlier in the same paragraph. A person of unknown gender learns the
// pronoun's gender.
//
// The look-back is bounded by maxLookback mentions besides the paragraphs.
// No pronoun is compatible with genderUnknown: it finds no one.
func (es *entities) resolvePronoun(g gender, pos, para int) *entity {
	if g != genderMale && g != genderFemale && g != genderPlural && g != genderNeuter {
		return nil
	}
	i := es.mentions.search(func(m mention) bool { return m.pos >= pos })
	var nonSubject, unknownSubj *entity
	var pick *entity
	unknownPara := -1
	// nonSubjectFirst is set when a person of the pronoun's own gender was
	// mentioned after the nearest subject of unknown gender: "Rice won …
	// Her coach, Samuel Kiprono, laughed. 'She went early,' he said."
	nonSubjectFirst := false
	for j := i - 1; j >= 0 && i-j <= maxLookback; j-- {
		es.work++
		m := es.mentions.At(j)
		if para-m.para > 4 {
			break
		}
		e := es.list[m.ent]
		if unknownSubj != nil && m.para != unknownPara {
			break
		}
		if !compatible(e, g) {
			continue
		}
		if m.subject {
			if e.gender == genderUnknown && (g == genderMale || g == genderFemale) {
				if unknownSubj == nil && (!e.weak || e.spoke > 0) {
					unknownSubj, unknownPara = e, m.para
				}
				continue
			}
			if unknownSubj != nil && unknownSubj.cues > 0 && e.cues == 0 {
				// "…, Marsh writes. '…,' he writes.": the speaker of unknown
				// gender outranks a person who only acts in the story
				pick = unknownSubj
				break
			}
			pick = e
			break
		}
		if nonSubject == nil && !e.weak && unknownSubj == nil {
			nonSubject = e
			nonSubjectFirst = e.gender == g && g != genderUnknown && m.para == para
		}
	}
	if pick == nil && nonSubjectFirst {
		pick = nonSubject
	}
	if pick == nil {
		pick = unknownSubj
	}
	if pick == nil {
		pick = nonSubject
	}
	if pick != nil && pick.gender == genderUnknown && (g == genderMale || g == genderFemale) {
		pick.gender = g
	}
	return pick
}

func compatible(e *entity, g gender) bool {
	switch g {
	case genderMale, genderFemale:
		return e.kind == kindPerson && (e.gender == g || e.gender == genderUnknown)
	case genderPlural:
		return e.kind == kindGroup || e.kind == kindOrg
	case genderNeuter:
		return e.kind == kindOrg || (e.kind == kindGroup && e.gender == genderNeuter)
	}
	return false
}
