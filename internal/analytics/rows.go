// Package analytics turns stored who-said-what summaries into flat rows,
// one per quotation, for source analytics over the whole archive: who is
// quoted, how often, and how balanced the sources are. The rows are written
// as Parquet files under analytics/quotes/dt=YYYY-MM-DD/ (queried with
// Athena through the Glue table in template.yaml) and aggregated locally by
// "whosaid stats".
package analytics

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/whosaid/whosaid/internal/article"
)

// Speaker types.
const (
	TypePerson       = "person"
	TypeOrganisation = "organisation"
	TypeGroup        = "group"
)

// Genders a person can be given; an organisation or a group has none (an
// empty, null, value), and so does everyone when inference is off.
const (
	GenderFemale  = "female"
	GenderMale    = "male"
	GenderUnknown = "unknown"
)

// Row is one quotation with its article and speaker: the Parquet row of
// the analytics table. The struct tags are the Parquet schema; the Glue
// table in template.yaml declares the same columns in the same order
// (checked by a test).
type Row struct {
	// Tenant is the newsroom (outlet) that published the article.
	Tenant string `parquet:"tenant"`
	// Source is the CMS the article came from.
	Source string `parquet:"source"`
	// ArticleID is the article's identifier within its source.
	ArticleID string `parquet:"article_id"`
	// Revision is the content revision the row was made from.
	Revision string `parquet:"revision"`
	// Title, URL and Section are the article's, when known.
	Title   string `parquet:"title,optional"`
	URL     string `parquet:"url,optional"`
	Section string `parquet:"section,optional"`
	// Tags and Authors are the CMS's, when it sent them.
	Tags    []string `parquet:"tags,list"`
	Authors []string `parquet:"authors,list"`
	// PublishedAt is the article's publication time, when known.
	PublishedAt *time.Time `parquet:"published_at,optional,timestamp(millisecond)"`
	// SpeakerName is the canonical name; SpeakerKey its normalised form
	// (article.NormalizeName), the same across articles and outlets.
	SpeakerName string `parquet:"speaker_name"`
	SpeakerKey  string `parquet:"speaker_key"`
	// SpeakerType is person, organisation or group.
	SpeakerType string `parquet:"speaker_type"`
	// SpeakerRole and SpeakerAffiliation are the text's, when it gives them.
	SpeakerRole        string `parquet:"speaker_role,optional"`
	SpeakerAffiliation string `parquet:"speaker_affiliation,optional"`
	// SpeakerGender is female, male or unknown for a person, and null for
	// an organisation or a group or when inference is off.
	SpeakerGender string `parquet:"speaker_gender,optional"`
	// QuoteID, QuoteKind and QuoteCue are the quotation's.
	QuoteID   string `parquet:"quote_id"`
	QuoteKind string `parquet:"quote_kind"`
	QuoteCue  string `parquet:"quote_cue,optional"`
	// Confidence is the extractor's, 0 to 1.
	Confidence float64 `parquet:"confidence"`
	// Flags are the quotation's flags (unverified, not_in_text).
	Flags []string `parquet:"flags,list"`
	// QuoteLength is the quotation's length in characters.
	QuoteLength int32 `parquet:"quote_length"`
	// Paragraph is the zero-based paragraph where the quotation starts.
	Paragraph int32 `parquet:"paragraph"`
	// Extractor is offline or llm.
	Extractor string `parquet:"extractor"`
	// ExportedAt is when the row was made.
	ExportedAt time.Time `parquet:"exported_at,timestamp(millisecond)"`
}

// Options configure row making.
type Options struct {
	// Gender enables gender inference; off (WHOSAID_GENDER=off) leaves
	// every gender null.
	Gender bool
	// Now stamps ExportedAt; zero means time.Now.
	Now time.Time
}

// GenderFromEnv reads WHOSAID_GENDER: "off" (or "false", "0", "no")
// disables inference; anything else, or unset, enables it.
func GenderFromEnv(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "off", "false", "0", "no", "disabled":
		return false
	}
	return true
}

// Rows returns one row per quotation of a DONE record's summary, in text
// order. text is the article text the offsets index; it is the evidence
// for gender inference and may be empty (first names only). A record that
// is not DONE, or has no summary, has no rows.
func Rows(rec article.Record, text string, opts Options) []Row {
	if rec.Status != article.StatusDone || rec.Summary == nil {
		return nil
	}
	s := rec.Summary
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC().Truncate(time.Millisecond)
	title, url, published := rec.Title, rec.URL, rec.PublishedAt
	if title == "" {
		title = s.Article.Title
	}
	if url == "" {
		url = s.Article.URL
	}
	if published == nil {
		published = s.Article.PublishedAt
	}
	if published != nil {
		t := published.UTC().Truncate(time.Millisecond)
		published = &t
	}
	type who struct{ kind, gender string }
	speakers := make(map[string]who, len(s.Speakers))
	for _, sp := range s.Speakers {
		w := who{kind: SpeakerType(sp)}
		if w.kind == TypePerson && opts.Gender {
			w.gender = InferGender(text, sp, quotesOf(s, sp.ID))
		}
		speakers[sp.ID] = w
	}
	rows := make([]Row, 0, len(s.Quotes))
	for _, q := range s.Quotes {
		sp := s.SpeakerByID(q.Speaker)
		if sp == nil {
			continue
		}
		w := speakers[sp.ID]
		rows = append(rows, Row{
			Tenant: tenantOf(rec), Source: rec.Source, ArticleID: rec.ID, Revision: rec.Revision,
			Title: title, URL: url, Section: rec.Section, Tags: orEmpty(rec.Tags), Authors: orEmpty(rec.Authors), PublishedAt: published,
			SpeakerName: sp.Name, SpeakerKey: article.NormalizeName(sp.Name), SpeakerType: w.kind,
			SpeakerRole: sp.Title, SpeakerAffiliation: sp.Affiliation, SpeakerGender: w.gender,
			QuoteID: q.ID, QuoteKind: string(q.Kind), QuoteCue: q.Cue, Confidence: q.Confidence, Flags: orEmpty(q.Flags),
			QuoteLength: int32(utf8.RuneCountInString(q.Text)), Paragraph: int32(q.Paragraph),
			Extractor: s.Extractor.Name, ExportedAt: now,
		})
	}
	return rows
}

// orEmpty returns a non-nil list, as Parquet reads an empty one back.
func orEmpty(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

func tenantOf(rec article.Record) string {
	if rec.Tenant == "" {
		return article.LocalTenant
	}
	return rec.Tenant
}

func quotesOf(s *article.Summary, id string) []article.Quote {
	var out []article.Quote
	for _, q := range s.Quotes {
		if q.Speaker == id {
			out = append(out, q)
		}
	}
	return out
}

// Day is the partition date of a record's rows: the publication date
// (UTC), or the date it was last updated when the CMS sent none.
func Day(rec article.Record) string {
	t := rec.UpdatedAt
	if rec.PublishedAt != nil {
		t = *rec.PublishedAt
	} else if rec.Summary != nil && rec.Summary.Article.PublishedAt != nil {
		t = *rec.Summary.Article.PublishedAt
	}
	if t.IsZero() {
		t = time.Now()
	}
	return t.UTC().Format(time.DateOnly)
}
