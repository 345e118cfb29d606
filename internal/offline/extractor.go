// Package offline is whosaid's built-in who-said-what extractor: rules over
// English news copy, with no model download and no network. It finds
// quotations in every common mark style, tells direct from partial quotes,
// reads reported speech, finds the cue verb and the speaker, and merges the
// names, titles and pronouns that refer to one person into one canonical
// speaker.
//
// Every offset it returns indexes the text it was given, byte for byte.
//
// The rules run as a pipeline of stages, each in its own files, with the
// data between them in plain types:
//
//   - text: paragraphs and boilerplate (text.go, boilerplate.go), quotation
//     spans (quotes.go, singlequotes.go), tokens (tokens.go, scratch.go) and
//     sentences (sentences.go);
//   - mentions and entities: capitalised name runs (names.go,
//     personshape.go, firstnames.go), the entity table and its indexes
//     (entities.go, index.go, scan.go, gaplist.go), lookups and pronouns
//     (resolve.go, pronouns.go), and the mentions a sentence adds
//     (mentions.go, places.go, roles.go);
//   - cues: reporting verbs and "according to" (cues.go, cueindex.go);
//   - speakers of cues: subjects (subjects.go), descriptive phrases
//     (phrases.go) and what they describe (describe.go);
//   - quotations and reported clauses (run.go, quotations.go, reported.go,
//     credits.go, cataphora.go, speakers.go);
//   - confidence (confidence.go), and the summary (extractor.go); the
//     working state of one extraction is in analysis.go.
//
// The English vocabulary the rules use is data, in lexicon/*.txt (see
// lexicon.go for the format); first-name lists are in names/.
package offline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/whosaid/whosaid/internal/article"
)

// Version changes whenever the rules change in a way that changes output,
// so stored results made by older rules count as stale.
const Version = "offline-3"

// Config holds the extractor's settings; they are part of its config hash.
type Config struct {
	// Indirect turns on reported speech without quotation marks.
	Indirect bool `json:"indirect"`
	// MinConfidence drops quotes the extractor believes in less.
	MinConfidence float64 `json:"min_confidence"`
}

// DefaultConfig is the configuration the CLI and the Lambdas use.
func DefaultConfig() Config { return Config{Indirect: true} }

// Extractor is the offline extractor. It is safe for concurrent use.
type Extractor struct {
	cfg  Config
	hash string
}

// New returns an extractor with the given settings.
func New(cfg Config) *Extractor {
	b, _ := json.Marshal(struct {
		Version string `json:"version"`
		Config
	}{Version, cfg})
	sum := sha256.Sum256(b)
	return &Extractor{cfg: cfg, hash: "offline:" + hex.EncodeToString(sum[:8])}
}

// Name returns "offline".
func (x *Extractor) Name() string { return "offline" }

// ConfigHash identifies the rules version and settings.
func (x *Extractor) ConfigHash() string { return x.hash }

// Extract finds the quotations of a.Text and attributes each to a speaker.
// The returned summary carries a copy of a without its text.
func (x *Extractor) Extract(ctx context.Context, a article.Article) (article.Summary, error) {
	if err := ctx.Err(); err != nil {
		return article.Summary{}, fmt.Errorf("offline extract: %w", err)
	}
	an := newAnalysis(a.Text)
	an.run(x.cfg)
	s := an.summary(x.cfg)
	an.release()
	s.Article = a
	s.Article.Text = ""
	s.Extractor = article.ExtractorInfo{Name: x.Name(), ConfigHash: x.hash}
	if err := s.Validate(a.Text); err != nil {
		// A defect in the rules, never the input's fault; refuse to emit it.
		return article.Summary{}, fmt.Errorf("offline extract: inconsistent result: %w", err)
	}
	return s, nil
}

// summary turns the found quotations into the contract's speakers and quotes.
func (a *analysis) summary(cfg Config) article.Summary {
	// speakerOf[ent] is 1 + the entity's index in s.Speakers (0: none
	// yet); counted first so that the slices are allocated once.
	speakerOf := make([]int32, len(a.ents.list))
	speakers, quotes, unknownSeen := 0, 0, false
	for _, f := range a.found {
		if f.confidence < cfg.MinConfidence {
			continue
		}
		quotes++
		switch {
		case f.ent < 0:
			if !unknownSeen {
				unknownSeen = true
				speakers++
			}
		case speakerOf[f.ent] == 0:
			speakerOf[f.ent] = -1
			speakers++
		}
	}
	s := article.Summary{Speakers: make([]article.Speaker, 0, speakers), Quotes: make([]article.Quote, 0, quotes)}
	clear(speakerOf)
	unknown := -1 // index of the unknown speaker in s.Speakers
	for _, f := range a.found {
		if f.confidence < cfg.MinConfidence {
			continue
		}
		var at int
		switch {
		case f.ent < 0:
			if unknown < 0 {
				unknown = len(s.Speakers)
				s.Speakers = append(s.Speakers, article.Speaker{ID: "s" + strconv.Itoa(unknown+1), Name: "unknown", Aliases: []string{}})
			}
			at = unknown
		case speakerOf[f.ent] > 0:
			at = int(speakerOf[f.ent]) - 1
		default:
			e := a.ents.list[f.ent]
			at = len(s.Speakers)
			speakerOf[f.ent] = int32(at + 1)
			aliases := append([]string{}, e.forms...)
			s.Speakers = append(s.Speakers, article.Speaker{ID: "s" + strconv.Itoa(at+1), Name: e.name, Aliases: aliases, Title: e.title, Affiliation: e.affiliation})
		}
		sid := s.Speakers[at].ID
		q := article.Quote{
			ID:         "q" + strconv.Itoa(len(s.Quotes)+1),
			Speaker:    sid,
			Text:       a.text[f.span.start:f.span.end],
			Kind:       f.kind,
			Cue:        f.cue,
			Start:      f.span.start,
			End:        f.span.end,
			Paragraph:  f.para + 1,
			Grounding:  article.GroundingExact,
			Confidence: f.confidence,
		}
		if f.kind == article.KindPartial && f.fragment.end > 0 {
			q.QuoteStart, q.QuoteEnd = f.fragment.start, f.fragment.end
		}
		s.Quotes = append(s.Quotes, q)
		s.Speakers[at].QuoteCount++
	}
	return s
}

// Paragraphs returns the byte ranges [start, end) of the paragraphs of
// text, as the extractor numbers them (Quote.Paragraph counts from 1): runs
// of non-blank lines, or single lines when the text has no blank line.
func Paragraphs(text string) [][2]int {
	ps := splitParagraphs(text)
	out := make([][2]int, len(ps))
	for i, p := range ps {
		out[i] = [2]int{p.start, p.end}
	}
	return out
}
