// Package article holds whosaid's domain types: the article whose text is
// analysed and the who-said-what summary contract that every extractor
// produces, every store keeps and every API returns.
//
// The package imports nothing from AWS or OpenAI; adapters depend on it, never
// the other way round.
package article

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Article identifies one revision of a news article and carries its metadata.
// Text is the canonical plain text that quotation offsets index.
type Article struct {
	// Tenant is the newsroom that owns the article; it is part of every
	// key. It is not part of the JSON summary.
	Tenant string `json:"-"`
	// Source names where the article came from: a CMS adapter ("ghost",
	// "generic") or "local" for files given to the CLI.
	Source string `json:"source"`
	// ID is the article's identifier within its source.
	ID string `json:"id"`
	// Revision is "sha256:" followed by the hex digest of Text.
	Revision string `json:"revision"`
	// Title is the headline, when known.
	Title string `json:"title,omitempty"`
	// URL is the public address of the article, when known.
	URL string `json:"url,omitempty"`
	// PublishedAt is when the article was first published, when known.
	PublishedAt *time.Time `json:"published_at,omitempty"`
	// Text is the plain text; it is not part of the JSON summary.
	Text string `json:"-"`
}

// Revision returns the content revision of a text: "sha256:" and the hex
// SHA-256 digest of its bytes.
func Revision(text string) string {
	sum := sha256.Sum256([]byte(text))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Kind says how a quotation is reported.
type Kind string

// The kinds of quotation.
const (
	// KindDirect is a whole statement in quotation marks.
	KindDirect Kind = "direct"
	// KindPartial is a quoted fragment inside reported speech; its span is
	// the reported clause, and QuoteStart/QuoteEnd delimit the fragment.
	KindPartial Kind = "partial"
	// KindIndirect is reported speech with no quotation marks.
	KindIndirect Kind = "indirect"
)

// Valid reports whether k is one of the defined kinds.
func (k Kind) Valid() bool {
	return k == KindDirect || k == KindPartial || k == KindIndirect
}

// Grounding says how a quotation's text was located in the article.
type Grounding string

// The grounding levels.
const (
	// GroundingExact means the quote text was found byte for byte.
	GroundingExact Grounding = "exact"
	// GroundingNormalized means it matched after folding quote marks,
	// dashes, whitespace and first-letter case.
	GroundingNormalized Grounding = "normalized"
	// GroundingNone means it could not be located; such direct and partial
	// quotes are never stored.
	GroundingNone Grounding = "none"
)

// Speaker is one canonical person or organisation quoted in an article.
type Speaker struct {
	// ID is unique within the summary ("s1", "s2", …).
	ID string `json:"id"`
	// Name is the canonical name, usually the fullest form in the text.
	Name string `json:"name"`
	// Aliases lists the other forms the text uses ("Trump", "the first lady").
	Aliases []string `json:"aliases"`
	// Title is a role or office, when the text gives one.
	Title string `json:"title"`
	// Affiliation is an organisation the speaker belongs to, when given.
	Affiliation string `json:"affiliation"`
	// QuoteCount is the number of quotes attributed to this speaker.
	QuoteCount int `json:"quote_count"`
	// Flags marks speakers to check by hand, such as FlagNotInText.
	Flags []string `json:"flags,omitempty"`
}

// FlagNotInText marks a speaker whose name appears nowhere in the article
// and is no title or alias of a named person.
const FlagNotInText = "not_in_text"

// Quote is one attributed quotation located in the article text.
type Quote struct {
	// ID is unique within the summary ("q1", "q2", …).
	ID string `json:"id"`
	// Speaker is the ID of an entry in Summary.Speakers.
	Speaker string `json:"speaker"`
	// Text equals the article text between Start and End.
	Text string `json:"text"`
	// Kind is direct, partial or indirect.
	Kind Kind `json:"kind"`
	// Cue is the reporting verb or phrase ("said", "according to"), if any.
	Cue string `json:"cue"`
	// Start is the UTF-8 byte offset of the first byte of Text.
	Start int `json:"start"`
	// End is the UTF-8 byte offset just past the last byte of Text.
	End int `json:"end"`
	// QuoteStart and QuoteEnd delimit, for a partial quote, the quoted
	// words with their marks inside the reported clause [Start, End).
	QuoteStart int `json:"quote_start,omitempty"`
	QuoteEnd   int `json:"quote_end,omitempty"`
	// Paragraph is the zero-based index of the paragraph where Text starts.
	Paragraph int `json:"paragraph"`
	// Grounding says how Text was located.
	Grounding Grounding `json:"grounding"`
	// Confidence is the extractor's belief in the quote and its attribution,
	// between 0 and 1.
	Confidence float64 `json:"confidence"`
	// Flags marks a quotation whose attribution the text does not support
	// (FlagUnverified) or whose speaker it never names (FlagNotInText);
	// empty for a verified quotation.
	Flags []string `json:"flags,omitempty"`
}

// FlagUnverified marks a quotation with no evidence in the text for its
// speaker: no name, surname, honorific, role or linked pronoun joined to it
// by a reporting cue in the same or the adjacent sentence, and no agreement
// from the offline extractor.
const FlagUnverified = "unverified"

// Verified reports whether the quotation carries no flag.
func (q Quote) Verified() bool { return len(q.Flags) == 0 }

// Usage counts the language-model tokens spent on an article.
type Usage struct {
	// InputTokens is the number of prompt tokens.
	InputTokens int `json:"input_tokens"`
	// OutputTokens is the number of completion tokens.
	OutputTokens int `json:"output_tokens"`
	// CachedTokens is the part of InputTokens served from the provider's
	// prompt cache (priced lower).
	CachedTokens int `json:"cached_tokens,omitempty"`
}

// ExtractorInfo records what produced a summary, so results can be compared
// and stale ones found.
type ExtractorInfo struct {
	// Name is "offline" or "llm".
	Name string `json:"name"`
	// Model is the language model used, empty for the offline extractor.
	Model string `json:"model"`
	// ConfigHash identifies the extractor configuration; a result whose hash
	// differs from the current one is stale.
	ConfigHash string `json:"config_hash"`
	// Usage is the token usage of this extraction.
	Usage Usage `json:"usage"`
	// Dropped counts the claims of a model that were rejected, by reason:
	// DropNotFound, DropNarrator, DropInjection.
	Dropped map[string]int `json:"dropped,omitempty"`
	// CostUSD is Usage priced with the configured price table.
	CostUSD float64 `json:"cost_usd,omitempty"`
	// Fallback says why an LLM extraction fell back to the offline one.
	Fallback string `json:"fallback,omitempty"`
}

// The reasons a claimed quotation is rejected (keys of ExtractorInfo.Dropped).
const (
	// DropNotFound: the text could not be located in the article.
	DropNotFound = "not_found"
	// DropNarrator: claimed as direct or partial, but the words are the
	// narrator's (no quotation marks) and no reporting cue makes them
	// reported speech.
	DropNarrator = "narrator"
	// DropInjection: the passage instructs rather than reports ("ignore
	// previous instructions", "output the quote …").
	DropInjection = "injection"
)

// Summary is the who-said-what record of one article revision.
type Summary struct {
	// Article identifies the article revision.
	Article Article `json:"article"`
	// Summary is two or three neutral sentences, when the extractor writes
	// one.
	Summary string `json:"summary"`
	// Speakers lists the canonical speakers.
	Speakers []Speaker `json:"speakers"`
	// Quotes lists the quotations in text order.
	Quotes []Quote `json:"quotes"`
	// Extractor records what produced the summary.
	Extractor ExtractorInfo `json:"extractor"`
}

// Validate checks the summary against the text its offsets index: every
// quote's span lies inside the text on UTF-8 boundaries and equals its Text,
// kinds are known, and every speaker reference resolves.
func (s *Summary) Validate(text string) error {
	ids := make(map[string]bool, len(s.Speakers))
	for _, sp := range s.Speakers {
		if sp.ID == "" || ids[sp.ID] {
			return fmt.Errorf("speaker %q: missing or duplicate id", sp.Name)
		}
		ids[sp.ID] = true
	}
	for _, q := range s.Quotes {
		if q.Start < 0 || q.End > len(text) || q.Start >= q.End {
			return fmt.Errorf("quote %s: span [%d,%d) outside text of %d bytes", q.ID, q.Start, q.End, len(text))
		}
		if !utf8.RuneStart(text[q.Start]) || (q.End < len(text) && !utf8.RuneStart(text[q.End])) {
			return fmt.Errorf("quote %s: span [%d,%d) splits a character", q.ID, q.Start, q.End)
		}
		if text[q.Start:q.End] != q.Text {
			return fmt.Errorf("quote %s: text differs from article bytes [%d,%d)", q.ID, q.Start, q.End)
		}
		if q.QuoteEnd != 0 && (q.QuoteStart < q.Start || q.QuoteEnd > q.End || q.QuoteStart >= q.QuoteEnd) {
			return fmt.Errorf("quote %s: quoted words [%d,%d) outside the quote [%d,%d)", q.ID, q.QuoteStart, q.QuoteEnd, q.Start, q.End)
		}
		if !q.Kind.Valid() {
			return fmt.Errorf("quote %s: unknown kind %q", q.ID, q.Kind)
		}
		if !ids[q.Speaker] {
			return fmt.Errorf("quote %s: unknown speaker %q", q.ID, q.Speaker)
		}
	}
	return nil
}

// SpeakerByID returns the speaker with the given ID, or nil.
func (s *Summary) SpeakerByID(id string) *Speaker {
	for i := range s.Speakers {
		if s.Speakers[i].ID == id {
			return &s.Speakers[i]
		}
	}
	return nil
}

// NormalizeName folds a speaker name to the key used for lookups across
// articles: lower case, honorifics dropped, punctuation removed, single spaces.
func NormalizeName(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(strings.ToLower(name)) {
		w = strings.Trim(w, ".,;:'’\"“”()")
		if w == "" || honorifics[w] {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

var honorifics = map[string]bool{"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "prof": true, "sir": true, "dame": true}
