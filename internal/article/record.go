package article

import (
	"errors"
	"net/url"
	"strings"
	"time"
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
)

// Update describes a delivered revision of an article, as ingest records it.
type Update struct {
	Source, ID, Revision string
	// CMSUpdated is the CMS's updated time, zero when it gave none.
	CMSUpdated time.Time
	// Arrival is when the delivery arrived; it orders deliveries with
	// equal CMS times.
	Arrival     time.Time
	Title, URL  string
	PublishedAt *time.Time
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
	Arrival    *time.Time `json:"arrival,omitempty"`
	ConfigHash string     `json:"config_hash,omitempty"`
	Usage      Usage      `json:"usage"`
	Error      string     `json:"error,omitempty"`
	UpdatedAt  time.Time  `json:"updated_at"`
	Summary    *Summary   `json:"summary,omitempty"`
}

// TextKey is the object key of a revision's canonical text:
// text/{source}/{id}/{revision}.txt, with each part path-escaped.
func TextKey(source, id, revision string) string {
	return "text/" + url.PathEscape(source) + "/" + url.PathEscape(id) + "/" + url.PathEscape(revision) + ".txt"
}

// ParseTextKey splits a key made by TextKey into its parts.
func ParseTextKey(key string) (source, id, revision string, ok bool) {
	rest, found := strings.CutPrefix(key, "text/")
	if !found {
		return "", "", "", false
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 3 || !strings.HasSuffix(parts[2], ".txt") {
		return "", "", "", false
	}
	var err error
	if source, err = url.PathUnescape(parts[0]); err != nil {
		return "", "", "", false
	}
	if id, err = url.PathUnescape(parts[1]); err != nil {
		return "", "", "", false
	}
	if revision, err = url.PathUnescape(strings.TrimSuffix(parts[2], ".txt")); err != nil {
		return "", "", "", false
	}
	return source, id, revision, source != "" && id != "" && revision != ""
}
