package offline

// Confidence levels by how a quotation was attributed. Each is the share
// of quotations attributed that way whose span and speaker were both right,
// measured on annotated news and on the challenge set (see
// testdata/challenge/README.md), so a confidence reads as a probability:
// `whosaid eval --calibration` prints the reliability table.
const (
	confNamedCue    = 0.93 // a cue with a named or described speaker
	confPronounCue  = 0.92 // a cue whose speaker is a resolved pronoun
	confInherited   = 0.93 // no cue: the speaker of the run carries over
	confGuessed     = 0.15 // no cue and no carry-over: nearest person
	confUnknown     = 0.05 // no speaker found
	partialDiscount = 0.10 // a fragment's clause is harder to delimit
	indirectBase    = 0.75 // reported speech with a named speaker
	indirectPronoun = 0.86 // reported speech whose speaker is a pronoun: "She added that …"
)
