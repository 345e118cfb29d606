package article

import (
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
)

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
	ConfigHash  string     `json:"config_hash,omitempty"`
	Usage       Usage      `json:"usage"`
	Error       string     `json:"error,omitempty"`
	UpdatedAt   time.Time  `json:"updated_at"`
	Summary     *Summary   `json:"summary,omitempty"`
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
