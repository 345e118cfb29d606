package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Event is what a delivery says happened to an article.
type Event string

// The article events.
const (
	EventPublished   Event = "published"
	EventUpdated     Event = "updated"
	EventUnpublished Event = "unpublished"
	EventDeleted     Event = "deleted"
)

// Withdraws reports whether the event takes the article out of service.
func (e Event) Withdraws() bool { return e == EventUnpublished || e == EventDeleted }

// Body is an article body in a named format.
type Body struct {
	// Format is html, markdown, text, portable_text, contentful_rich_text,
	// lexical, strapi_blocks or ans.
	Format string `json:"format"`
	// Value is the body in that format; JSON formats may come as a JSON
	// value or as a string holding JSON.
	Value string `json:"value"`
}

// UnmarshalJSON accepts a value that is a string or, for the JSON formats,
// a JSON object or array.
func (b *Body) UnmarshalJSON(data []byte) error {
	var raw struct {
		Format string          `json:"format"`
		Value  json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	b.Format = raw.Format
	v := bytes.TrimSpace(raw.Value)
	if len(v) > 0 && v[0] == '"' {
		return json.Unmarshal(v, &b.Value)
	}
	b.Value = string(v)
	return nil
}

// BodyFormats lists the formats a body may have.
var BodyFormats = map[string]bool{
	"html": true, "markdown": true, "text": true, "portable_text": true,
	"contentful_rich_text": true, "lexical": true, "strapi_blocks": true, "ans": true,
}

// Delivery is an article as a CMS delivery describes it.
type Delivery struct {
	Event       Event
	Source      string
	ID          string
	URL         string
	Title       string
	Authors     []string
	PublishedAt *time.Time
	// UpdatedAt orders revisions: a delivery older than the stored one
	// does not replace it.
	UpdatedAt *time.Time
	// Version is a content revision number the CMS sends that grows with
	// every revision (0 when it sends none); it orders deliveries with equal
	// updated times.
	Version int64
	Body    Body
	// Ignore, when set, says why the delivery concerns no article (a
	// draft, another content type): it is acknowledged and dropped.
	Ignore string

	// Section is the article's section (desk, primary category) and Tags
	// its tags, when the CMS sends them, for source analytics.
	Section string
	Tags    []string
}

// ErrMalformed means the payload is not a valid delivery (400).
var ErrMalformed = errors.New("malformed payload")

// genericPayload is whosaid's own article format, the body of a Standard
// Webhooks delivery.
type genericPayload struct {
	Type string `json:"type"`
	Data *struct {
		Source      string     `json:"source"`
		ID          string     `json:"id"`
		Revision    string     `json:"revision"`
		URL         string     `json:"url"`
		Title       string     `json:"title"`
		Authors     []string   `json:"authors"`
		Section     string     `json:"section"`
		Tags        []string   `json:"tags"`
		PublishedAt *time.Time `json:"published_at"`
		UpdatedAt   *time.Time `json:"updated_at"`
		Version     *int64     `json:"version"`
		Body        *Body      `json:"body"`
	} `json:"data"`
}

// ParseGeneric reads whosaid's generic article format:
//
//	{"type":"article.published","data":{"source","id","url","title","authors",
//	 "section","tags","published_at","updated_at","version","body":{"format":"html","value":"…"}}}
//
// version, optional, is a positive integer that grows with every revision.
//
// A withdrawal (article.unpublished, article.deleted) needs no body.
func ParseGeneric(raw []byte) (Delivery, error) {
	var p genericPayload
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&p); err != nil {
		return Delivery{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if p.Data == nil {
		return Delivery{}, fmt.Errorf("%w: no data object", ErrMalformed)
	}
	d := p.Data
	ev, ok := map[string]Event{
		"article.published": EventPublished, "article.updated": EventUpdated,
		"article.unpublished": EventUnpublished, "article.deleted": EventDeleted,
	}[p.Type]
	if !ok {
		return Delivery{}, fmt.Errorf("%w: unknown type %q", ErrMalformed, p.Type)
	}
	if strings.TrimSpace(d.ID) == "" {
		return Delivery{}, fmt.Errorf("%w: data.id is required", ErrMalformed)
	}
	out := Delivery{Event: ev, Source: d.Source, ID: d.ID, URL: d.URL, Title: d.Title, Authors: d.Authors, PublishedAt: d.PublishedAt, UpdatedAt: d.UpdatedAt}
	out.Section, out.Tags = strings.TrimSpace(d.Section), cleanTags(d.Tags)
	if d.Version != nil {
		if *d.Version < 1 {
			return Delivery{}, fmt.Errorf("%w: data.version must be a positive integer that grows with every revision", ErrMalformed)
		}
		out.Version = *d.Version
	}
	if ev.Withdraws() {
		return out, nil
	}
	if d.Body == nil {
		return Delivery{}, fmt.Errorf("%w: data.body is required for %s", ErrMalformed, p.Type)
	}
	if !BodyFormats[d.Body.Format] {
		return Delivery{}, fmt.Errorf("%w: body format %q is not supported", ErrMalformed, d.Body.Format)
	}
	out.Body = *d.Body
	return out, nil
}

// cleanTags trims tags and leaves out empty ones and repeats; nil when
// none is left.
func cleanTags(tags []string) []string {
	var out []string
	seen := make(map[string]bool, len(tags))
	for _, t := range tags {
		if t = strings.TrimSpace(t); t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
