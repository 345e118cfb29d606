package cms

import (
	"strconv"
	"strings"
	"time"

	"github.com/whosaid/whosaid/internal/webhook"
)

// ghost reads Ghost's post webhooks: X-Ghost-Signature, one URL per event
// (/hooks/ghost/{tenant}/{event}), {"post":{"current":…,"previous":…}}.
type ghost struct{}

func (ghost) Verify(r Request, secret string, now time.Time) (string, error) {
	return webhook.VerifyGhost(r.Header, r.Body, secret, now, webhook.DefaultTolerance)
}

type ghostPost struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Status      string `json:"status"`
	URL         string `json:"url"`
	HTML        string `json:"html"`
	Plaintext   string `json:"plaintext"`
	PublishedAt string `json:"published_at"`
	UpdatedAt   string `json:"updated_at"`
	Authors     []struct {
		Name string `json:"name"`
	} `json:"authors"`
	// PrimaryTag is the post's first public tag, its section; Tags are
	// all its tags, internal ones (#name) included.
	PrimaryTag *ghostTag  `json:"primary_tag"`
	Tags       []ghostTag `json:"tags"`
}

type ghostTag struct {
	Name       string `json:"name"`
	Visibility string `json:"visibility"`
}

// public reports whether a tag is a public one: internal tags (named
// #…) organise the newsroom's work, not its readers' sections.
func (t ghostTag) public() bool {
	return t.Visibility != "internal" && !strings.HasPrefix(t.Name, "#")
}

func (ghost) Parse(r Request) (webhook.Delivery, error) {
	var p struct {
		Post *struct {
			Current  ghostPost `json:"current"`
			Previous ghostPost `json:"previous"`
		} `json:"post"`
	}
	if err := decode(r.Body, &p); err != nil {
		return webhook.Delivery{}, err
	}
	if p.Post == nil {
		return webhook.Delivery{}, malformed("no post object: subscribe to post events")
	}
	cur := p.Post.Current
	event := map[string]webhook.Event{
		"post.published": webhook.EventPublished, "post.published.edited": webhook.EventUpdated,
		"post.unpublished": webhook.EventUnpublished, "post.deleted": webhook.EventDeleted,
	}[r.Event]
	if event == "" {
		// No event in the URL: read it from the post.
		switch {
		case cur.ID == "":
			event = webhook.EventDeleted
		case cur.Status == "published":
			event = webhook.EventUpdated
		default:
			event = webhook.EventUnpublished
		}
	}
	if event == webhook.EventDeleted && cur.ID == "" {
		cur = p.Post.Previous // on post.deleted the data is in previous
	}
	if cur.ID == "" {
		return webhook.Delivery{}, malformed("post has no id")
	}
	d := webhook.Delivery{Event: event, Source: "ghost", ID: cur.ID, URL: cur.URL, Title: cur.Title,
		PublishedAt: parseTime(cur.PublishedAt), UpdatedAt: parseTime(cur.UpdatedAt)}
	for _, a := range cur.Authors {
		d.Authors = append(d.Authors, a.Name) // names only: Ghost sends e-mails too
	}
	var tags []any
	for _, t := range cur.Tags {
		if t.public() {
			tags = append(tags, t.Name)
		}
	}
	d.Tags = labels(tags)
	if t := cur.PrimaryTag; t != nil && t.public() {
		d.Section = strings.TrimSpace(t.Name)
	} else if t == nil && len(d.Tags) > 0 {
		d.Section = d.Tags[0] // older Ghost: no primary_tag, the first public tag is it
	}
	if !event.Withdraws() {
		d.Body = webhook.Body{Format: "html", Value: cur.HTML}
		if strings.TrimSpace(cur.HTML) == "" {
			d.Body = webhook.Body{Format: "text", Value: cur.Plaintext}
		}
	}
	return d, nil
}

// wordpress reads the WP Webhooks plugin (X-WP-Webhook-Signature over a
// WP_Post payload) and, without that header, whosaid's mu-plugin (Standard
// Webhooks over our generic format).
type wordpress struct{}

func (wordpress) Verify(r Request, secret string, now time.Time) (string, error) {
	if webhook.Header(r.Header, "X-WP-Webhook-Signature") != "" {
		return webhook.VerifyWPWebhooks(r.Header, r.Body, secret)
	}
	return webhook.VerifyStandard(r.Header, r.Body, secret, now, webhook.StandardTolerance)
}

func (wordpress) Parse(r Request) (webhook.Delivery, error) {
	if webhook.Header(r.Header, "X-WP-Webhook-Signature") == "" {
		d, err := webhook.ParseGeneric(r.Body)
		if err == nil && d.Source == "" {
			d.Source = "wordpress"
		}
		return d, err
	}
	var top map[string]any
	if err := decode(r.Body, &top); err != nil {
		return webhook.Delivery{}, err
	}
	post := top
	if p, ok := top["post"].(map[string]any); ok {
		post = p
	}
	s := func(m map[string]any, keys ...string) string {
		for _, k := range keys {
			switch v := m[k].(type) {
			case string:
				if v != "" {
					return v
				}
			case float64:
				return strconv.FormatInt(int64(v), 10)
			}
		}
		return ""
	}
	id := s(post, "ID", "id")
	if id == "" {
		id = s(top, "post_id")
	}
	if id == "" {
		return webhook.Delivery{}, malformed("no post ID")
	}
	if t := s(post, "post_type"); t != "" && t != "post" {
		return webhook.Delivery{Source: "wordpress", ID: id, Ignore: "post type " + t}, nil
	}
	d := webhook.Delivery{Source: "wordpress", ID: id, Title: s(post, "post_title"),
		URL:         s(top, "post_permalink", "permalink"),
		PublishedAt: parseTime(s(post, "post_date_gmt")), UpdatedAt: parseTime(s(post, "post_modified_gmt"))}
	// Categories and tags as WP Webhooks sends them: taxonomies.category
	// and taxonomies.post_tag, each an object of terms keyed by slug; the
	// first category is the section.
	tax, _ := top["taxonomies"].(map[string]any)
	if tax == nil {
		tax, _ = post["taxonomies"].(map[string]any)
	}
	if tax != nil {
		d.Section, d.Tags = label(tax["category"]), labels(tax["post_tag"])
	}
	switch s(post, "post_status") {
	case "publish":
		d.Event = webhook.EventUpdated
	case "trash":
		d.Event = webhook.EventDeleted
	default: // draft, private, pending: not (or no longer) public
		d.Event = webhook.EventUnpublished
	}
	if !d.Event.Withdraws() {
		d.Body = webhook.Body{Format: "html", Value: s(post, "post_content")}
	}
	return d, nil
}

// contentful reads Contentful entry webhooks with request verification;
// the canonical request uses the path registered in Contentful, which by
// convention is /hooks/contentful/{tenant}.
type contentful struct{}

func (contentful) Verify(r Request, secret string, now time.Time) (string, error) {
	return webhook.VerifyContentful(r.Method, "/hooks/contentful/"+r.Tenant, r.Header, r.Body, secret, now, webhook.DefaultTolerance)
}

func (contentful) Parse(r Request) (webhook.Delivery, error) {
	var p struct {
		Sys struct {
			ID          string `json:"id"`
			Type        string `json:"type"`
			PublishedAt string `json:"publishedAt"`
			UpdatedAt   string `json:"updatedAt"`
			FirstPub    string `json:"firstPublishedAt"`
			// Version grows with every change of the entry.
			Version int64 `json:"version"`
		} `json:"sys"`
		Fields map[string]map[string]any `json:"fields"`
		// Metadata.Tags are Contentful's own tags, links named by id.
		Metadata struct {
			Tags []struct {
				Sys struct {
					ID string `json:"id"`
				} `json:"sys"`
			} `json:"tags"`
		} `json:"metadata"`
	}
	if err := decode(r.Body, &p); err != nil {
		return webhook.Delivery{}, err
	}
	if p.Sys.ID == "" {
		return webhook.Delivery{}, malformed("no sys.id")
	}
	topic := webhook.Header(r.Header, "X-Contentful-Topic")
	d := webhook.Delivery{Source: "contentful", ID: p.Sys.ID, UpdatedAt: parseTime(p.Sys.UpdatedAt), PublishedAt: parseTime(p.Sys.FirstPub), Version: max(p.Sys.Version, 0)}
	if d.PublishedAt == nil {
		d.PublishedAt = parseTime(p.Sys.PublishedAt)
	}
	switch {
	case strings.HasSuffix(topic, ".delete") || p.Sys.Type == "DeletedEntry":
		d.Event = webhook.EventDeleted
	case strings.HasSuffix(topic, ".unpublish"):
		d.Event = webhook.EventUnpublished
	case strings.HasSuffix(topic, ".publish"):
		d.Event = webhook.EventPublished
	default:
		return webhook.Delivery{Source: "contentful", ID: p.Sys.ID, Ignore: "topic " + topic}, nil
	}
	if d.Event.Withdraws() {
		return d, nil
	}
	field := func(name string) any {
		loc := p.Fields[name]
		if v, ok := loc["en-US"]; ok {
			return v
		}
		for _, v := range loc { // the first locale sent
			return v
		}
		return nil
	}
	d.Title, _ = field("title").(string)
	if slug, _ := field("slug").(string); slug != "" {
		d.URL = slug
	}
	// section: a Short text field (a Reference stays unresolved: no name);
	// tags: a Short text list, else the entry's Contentful tag ids.
	d.Section, d.Tags = label(field("section")), labels(field("tags"))
	if d.Tags == nil {
		var ids []any
		for _, t := range p.Metadata.Tags {
			ids = append(ids, t.Sys.ID)
		}
		d.Tags = labels(ids)
	}
	switch b := field("body").(type) {
	case string:
		d.Body = webhook.Body{Format: "markdown", Value: b}
	case map[string]any:
		d.Body = webhook.Body{Format: "contentful_rich_text", Value: rawJSON(b)}
	default:
		return webhook.Delivery{}, malformed("entry has no body field (Rich Text or Markdown)")
	}
	return d, nil
}

// sanity reads Sanity GROQ-powered webhooks with the projection in the
// README (op, _id, _rev, _updatedAt, title, slug, publishedAt, authors, body).
type sanity struct{}

func (sanity) Verify(r Request, secret string, now time.Time) (string, error) {
	return webhook.VerifySanity(r.Header, r.Body, secret, now, webhook.DefaultTolerance)
}

func (sanity) Parse(r Request) (webhook.Delivery, error) {
	var p struct {
		Op          string   `json:"op"`
		ID          string   `json:"_id"`
		UpdatedAt   string   `json:"_updatedAt"`
		Title       string   `json:"title"`
		Slug        string   `json:"slug"`
		PublishedAt string   `json:"publishedAt"`
		Authors     []string `json:"authors"`
		Body        any      `json:"body"`
		// Section and Tags are names, as the README's projection makes
		// them (section->title, tags[]->title).
		Section any `json:"section"`
		Tags    any `json:"tags"`
	}
	if err := decode(r.Body, &p); err != nil {
		return webhook.Delivery{}, err
	}
	if p.ID == "" {
		return webhook.Delivery{}, malformed("no _id: use the projection in the README")
	}
	if strings.HasPrefix(p.ID, "drafts.") {
		return webhook.Delivery{Source: "sanity", ID: p.ID, Ignore: "draft"}, nil
	}
	d := webhook.Delivery{Source: "sanity", ID: p.ID, Title: p.Title, URL: p.Slug, Authors: p.Authors,
		PublishedAt: parseTime(p.PublishedAt), UpdatedAt: parseTime(p.UpdatedAt)}
	d.Section, d.Tags = label(p.Section), labels(p.Tags)
	switch p.Op {
	case "delete":
		d.Event = webhook.EventDeleted
		return d, nil
	case "create":
		d.Event = webhook.EventPublished
	default:
		d.Event = webhook.EventUpdated
	}
	switch b := p.Body.(type) {
	case []any:
		d.Body = webhook.Body{Format: "portable_text", Value: rawJSON(b)}
	case string:
		d.Body = webhook.Body{Format: "markdown", Value: b}
	default:
		return webhook.Delivery{}, malformed("no body (Portable Text)")
	}
	return d, nil
}

// strapi reads Strapi v4/v5 webhooks, which carry no signature: the tenant's
// secret is a bearer token the webhook sends in Authorization.
type strapi struct{}

func (strapi) Verify(r Request, secret string, _ time.Time) (string, error) {
	return webhook.VerifyBearer(r.Header, r.Body, secret)
}

func (strapi) Parse(r Request) (webhook.Delivery, error) {
	var p struct {
		Event string         `json:"event"`
		Model string         `json:"model"`
		Entry map[string]any `json:"entry"`
	}
	if err := decode(r.Body, &p); err != nil {
		return webhook.Delivery{}, err
	}
	if p.Entry == nil {
		return webhook.Delivery{}, malformed("no entry")
	}
	e := p.Entry
	id, _ := e["documentId"].(string)
	if id == "" {
		if n, ok := e["id"].(float64); ok {
			id = strconv.FormatInt(int64(n), 10)
		}
	}
	if id == "" {
		return webhook.Delivery{}, malformed("entry has no documentId or id")
	}
	str := func(k string) string { v, _ := e[k].(string); return v }
	d := webhook.Delivery{Source: "strapi", ID: id, Title: str("title"), URL: str("slug"),
		PublishedAt: parseTime(str("publishedAt")), UpdatedAt: parseTime(str("updatedAt"))}
	if a, ok := e["author"].(map[string]any); ok {
		if n, _ := a["name"].(string); n != "" {
			d.Authors = []string{n}
		}
	}
	// A section (or category) and tags: text, or relations populated with
	// a name or title.
	if d.Section = label(e["section"]); d.Section == "" {
		d.Section = label(e["category"])
	}
	d.Tags = labels(e["tags"])
	switch p.Event {
	case "entry.publish":
		d.Event = webhook.EventPublished
	case "entry.unpublish":
		d.Event = webhook.EventUnpublished
		return d, nil
	case "entry.delete":
		d.Event = webhook.EventDeleted
		return d, nil
	case "entry.update", "entry.create":
		if d.PublishedAt == nil {
			return webhook.Delivery{Source: "strapi", ID: id, Ignore: "draft save"}, nil
		}
		d.Event = webhook.EventUpdated
	default:
		return webhook.Delivery{Source: "strapi", ID: id, Ignore: "event " + p.Event}, nil
	}
	for _, k := range []string{"body", "content", "text"} {
		switch b := e[k].(type) {
		case []any:
			d.Body = webhook.Body{Format: "strapi_blocks", Value: rawJSON(b)}
		case string:
			d.Body = webhook.Body{Format: "markdown", Value: b}
		default:
			continue
		}
		return d, nil
	}
	return webhook.Delivery{}, malformed("entry has no body, content or text field")
}

// parseArc reads an Arc XP IFX event forwarded with Standard Webhooks:
// {"key":"story:update","body":<ANS story>}.
func parseArc(body []byte) (webhook.Delivery, error) {
	var p struct {
		Key  string         `json:"key"`
		Body map[string]any `json:"body"`
	}
	if err := decode(body, &p); err != nil {
		return webhook.Delivery{}, err
	}
	s := p.Body
	if s == nil {
		return webhook.Delivery{}, malformed("no body (ANS story)")
	}
	id, _ := s["_id"].(string)
	if id == "" {
		return webhook.Delivery{}, malformed("story has no _id")
	}
	str := func(m map[string]any, k string) string { v, _ := m[k].(string); return v }
	d := webhook.Delivery{Source: "arcxp", ID: id, URL: str(s, "canonical_url"),
		PublishedAt: parseTime(str(s, "first_publish_date")), UpdatedAt: parseTime(str(s, "last_updated_date"))}
	if h, ok := s["headlines"].(map[string]any); ok {
		d.Title = str(h, "basic")
	}
	if c, ok := s["credits"].(map[string]any); ok {
		if by, ok := c["by"].([]any); ok {
			for _, b := range by {
				if m, ok := b.(map[string]any); ok && str(m, "name") != "" {
					d.Authors = append(d.Authors, str(m, "name"))
				}
			}
		}
	}
	// ANS taxonomy: the primary section (else the first section) and the
	// tags' text.
	if tax, ok := s["taxonomy"].(map[string]any); ok {
		if d.Section = label(tax["primary_section"]); d.Section == "" {
			d.Section = label(tax["sections"])
		}
		d.Tags = labels(tax["tags"])
	}
	published := true
	if rev, ok := s["revision"].(map[string]any); ok {
		if v, ok := rev["published"].(bool); ok {
			published = v
		}
	}
	switch p.Key {
	case "story:first-publish":
		d.Event = webhook.EventPublished
	case "story:update", "story:republish":
		if !published {
			return webhook.Delivery{Source: "arcxp", ID: id, Ignore: "unpublished edit"}, nil
		}
		d.Event = webhook.EventUpdated
	case "story:unpublish":
		d.Event = webhook.EventUnpublished
		return d, nil
	case "story:delete":
		d.Event = webhook.EventDeleted
		return d, nil
	default:
		return webhook.Delivery{Source: "arcxp", ID: id, Ignore: "event " + p.Key}, nil
	}
	d.Body = webhook.Body{Format: "ans", Value: rawJSON(s)}
	return d, nil
}
