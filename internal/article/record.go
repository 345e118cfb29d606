package article

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Status is the processing state of an article revision.
type Status string

// The statuses of an article record.
const (
	// StatusPending means the revision is stored and waits for extraction.
	StatusPending Status = "PENDING"
	// StatusDone means the summary is stored.
	StatusDone Status = "DONE"
	// StatusFailed means extraction failed; Error says why.
	StatusFailed Status = "FAILED"
	// StatusWithdrawn marks an unpublished or deleted article: it is not
	// served.
	StatusWithdrawn Status = "WITHDRAWN"
	// StatusGaveUp: the reprocessor stopped retrying after too many failed
	// attempts; Error keeps the last reason. A new revision starts afresh.
	StatusGaveUp Status = "GAVE_UP"
)

// Update describes a delivered revision of an article, as ingest records it.
type Update struct {
	// Tenant is the newsroom the delivery was authenticated for; every key
	// of the article includes it.
	Tenant, Source, ID, Revision string
	// CMSUpdated is the CMS's updated time, zero when it gave none.
	CMSUpdated time.Time
	// CMSVersion is the content revision number the CMS sent, 0 when none;
	// it orders deliveries with equal CMS times.
	CMSVersion int64
	// Arrival is when the delivery arrived; it orders deliveries with
	// equal CMS times.
	Arrival     time.Time
	Title, URL  string
	PublishedAt *time.Time
	// Correlation is the delivery's correlation id (its webhook id, or a
	// new one), kept so summarize can log it (see internal/correlation).
	Correlation string

	// Authors are the bylines the CMS sent, for source analytics.
	Authors []string
	// Section and Tags are the CMS's section and tags, when it sends them,
	// for source analytics.
	Section string
	Tags    []string
}

// SpeakerQuote is one quote returned by a speaker query.
type SpeakerQuote struct {
	Source     string  `json:"source"`
	ID         string  `json:"id"`
	Title      string  `json:"title,omitempty"`
	URL        string  `json:"url,omitempty"`
	Speaker    string  `json:"speaker"`
	Text       string  `json:"text"`
	Kind       Kind    `json:"kind"`
	Cue        string  `json:"cue"`
	Start      int     `json:"start"`
	End        int     `json:"end"`
	Confidence float64 `json:"confidence"`
	Order      string  `json:"published_at"`
	// Flags are the quotation's flags (see Quote.Flags).
	Flags []string `json:"flags,omitempty"`
}

// ErrBadCursor means a pagination cursor was not made by the store.
var ErrBadCursor = errors.New("bad cursor")

// Record is the stored state of an article: its current revision, status
// and, once done, its summary. It mirrors the DynamoDB article item.
type Record struct {
	// Tenant owns the article (see Update).
	Tenant   string `json:"tenant,omitempty"`
	Source   string `json:"source"`
	ID       string `json:"id"`
	Revision string `json:"revision"`
	Title    string `json:"title,omitempty"`
	URL      string `json:"url,omitempty"`
	// PublishedAt is the CMS's publication time, when it gave one.
	PublishedAt *time.Time `json:"published_at,omitempty"`
	Status      Status     `json:"status"`
	// CMSUpdated and Arrival order revisions (see Update).
	CMSUpdated *time.Time `json:"cms_updated,omitempty"`
	CMSVersion int64      `json:"cms_version,omitempty"`
	Arrival    *time.Time `json:"arrival,omitempty"`
	// Seen lists the revisions (SeenKey) this article has had: a delivery
	// with neither a CMS time nor a version cannot bring one back.
	Seen []string `json:"seen,omitempty"`
	// Announced is the last revision ingest announced to summarize.
	Announced  string `json:"announced,omitempty"`
	ConfigHash string `json:"config_hash,omitempty"`
	Usage      Usage  `json:"usage"`
	Error      string `json:"error,omitempty"`
	// Permanent marks a failure retrying cannot mend (a store refused the
	// summary): the reprocessor leaves it alone until a new revision.
	Permanent bool      `json:"permanent,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
	Summary   *Summary  `json:"summary,omitempty"`

	// Correlation is the correlation id of the delivery that began this
	// revision (see internal/correlation).
	Correlation string `json:"correlation_id,omitempty"`
	// Section, Tags and Authors are the CMS's, when it sends them; source
	// analytics (internal/analytics) groups by them.
	Section string   `json:"section,omitempty"`
	Tags    []string `json:"tags,omitempty"`
	Authors []string `json:"authors,omitempty"`
	// Attempts counts the reprocessor's retries of this revision; NextTry is
	// the earliest time of the next one (exponential backoff).
	Attempts int        `json:"attempts,omitempty"`
	NextTry  *time.Time `json:"next_try,omitempty"`
}

// SeenKey is the short form of a revision kept in an article's list of
// revisions seen: "sha256:" and 16 hex digits.
func SeenKey(revision string) string { return revision[:min(len(revision), 23)] }

// Limits on the metadata an article item keeps; longer values are a client
// mistake that ingest refuses.
const (
	MaxTitleBytes = 2048
	MaxURLBytes   = 2048
)

// LocalTenant is the tenant of articles given to the CLI.
const LocalTenant = "local"

// TextKey is the object key of a revision's canonical text:
// text/{tenant}/{source}/{id}/{revision}.txt, with each part path-escaped so
// that no part can contain a separator.
func TextKey(tenant, source, id, revision string) string {
	return "text/" + url.PathEscape(tenant) + "/" + url.PathEscape(source) + "/" + url.PathEscape(id) + "/" + url.PathEscape(revision) + ".txt"
}

// ParseTextKey splits a key made by TextKey into its parts.
func ParseTextKey(key string) (tenant, source, id, revision string, ok bool) {
	rest, found := strings.CutPrefix(key, "text/")
	if !found {
		return "", "", "", "", false
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 4 || !strings.HasSuffix(parts[3], ".txt") {
		return "", "", "", "", false
	}
	parts[3] = strings.TrimSuffix(parts[3], ".txt")
	out := make([]string, 4)
	for i, p := range parts {
		u, err := url.PathUnescape(p)
		if err != nil || u == "" {
			return "", "", "", "", false
		}
		out[i] = u
	}
	return out[0], out[1], out[2], out[3], true
}

// KeyParts joins tenant, source and id into one key component, each part
// path-escaped so that '#', '/' and '%' inside a part never collide with the
// separator: ("a#b", "c") and ("a", "b#c") give different keys.
func KeyParts(parts ...string) string {
	esc := make([]string, len(parts))
	for i, p := range parts {
		esc[i] = url.PathEscape(p)
	}
	return strings.Join(esc, "#")
}

// SplitKeyParts reverses KeyParts for n parts.
func SplitKeyParts(s string, n int) ([]string, bool) {
	parts := strings.Split(s, "#")
	if len(parts) != n {
		return nil, false
	}
	for i, p := range parts {
		u, err := url.PathUnescape(p)
		if err != nil {
			return nil, false
		}
		parts[i] = u
	}
	return parts, true
}

// Key-part limits: a tenant, source or id longer than these, empty, with
// control characters or invalid UTF-8, or made of dots only or ending in a
// dot, is a client mistake (it cannot be stored the same way everywhere).
const (
	MaxTenantBytes = 64
	MaxSourceBytes = 64
	MaxIDBytes     = 200
)

// ErrBadKeyPart marks an identifier that cannot be part of a key.
var ErrBadKeyPart = errors.New("bad identifier")

// CheckKeyPart validates one identifier (what names it, its value and its
// byte limit) and says why it is refused.
func CheckKeyPart(what, v string, max int) error {
	switch {
	case v == "":
		return fmt.Errorf("%w: %s is empty", ErrBadKeyPart, what)
	case len(v) > max:
		return fmt.Errorf("%w: %s is %d bytes, over the limit of %d", ErrBadKeyPart, what, len(v), max)
	case !utf8.ValidString(v):
		return fmt.Errorf("%w: %s is not valid UTF-8", ErrBadKeyPart, what)
	case strings.Contains(v, ".."):
		return fmt.Errorf("%w: %s contains \"..\"", ErrBadKeyPart, what)
	case strings.HasSuffix(v, "."):
		return fmt.Errorf("%w: %s ends in \".\"", ErrBadKeyPart, what)
	case strings.IndexFunc(v, unicode.IsControl) >= 0:
		return fmt.Errorf("%w: %s contains control characters", ErrBadKeyPart, what)
	}
	return nil
}

// WorkItem names an article the reprocessor should enqueue.
type WorkItem struct {
	Tenant, Source, ID, Revision string
	Status                       Status
}

// Work partitions: articles that failed, articles waiting for extraction,
// and (HashPartition) articles done with a given extractor configuration.
const (
	WorkFailed  = "WORK#FAILED"
	WorkPending = "WORK#PENDING"
	// WorkRefused holds permanent failures: listed, never swept.
	WorkRefused = "WORK#REFUSED"
	// WorkGaveUp holds articles parked after too many attempts: listed,
	// never swept.
	WorkGaveUp = "WORK#GAVE_UP"
	hashPrefix = "CFG#"
)

// HashPartition is the work partition of DONE articles made with hash.
func HashPartition(hash string) string { return hashPrefix + hash }
