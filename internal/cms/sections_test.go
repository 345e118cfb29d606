package cms

import (
	"reflect"
	"strings"
	"testing"
)

// sectionPayloads carry a section and tags the way each CMS sends them.
var sectionPayloads = []struct {
	name, cms, scheme, event string
	header                   map[string]string
	body                     string
	section                  string
	tags                     []string
}{
	{name: "generic", cms: "generic", scheme: "standard",
		body:    `{"type":"article.published","data":{"id":"g1","section":"Local","tags":["parks","budget"],"body":{"format":"text","value":"` + quote + `"}}}`,
		section: "Local", tags: []string{"parks", "budget"}},
	// Tags are trimmed; empty ones and repeats are left out.
	{name: "generic untidy", cms: "generic", scheme: "standard",
		body:    `{"type":"article.published","data":{"id":"g3","section":" Local ","tags":[" parks","","parks","  "],"body":{"format":"text","value":"` + quote + `"}}}`,
		section: "Local", tags: []string{"parks"}},
	{name: "github", cms: "github", scheme: "github",
		body:    `{"type":"article.updated","data":{"id":"g2","section":"Politics","tags":["council"],"body":{"format":"text","value":"` + quote + `"}}}`,
		section: "Politics", tags: []string{"council"}},
	{name: "wordpress mu-plugin", cms: "wordpress", scheme: "standard",
		body:    `{"type":"article.published","data":{"id":"43","section":"City","tags":["libraries"],"body":{"format":"html","value":"<p>` + quote + `</p>"}}}`,
		section: "City", tags: []string{"libraries"}},
	// Ghost: primary_tag is the section; internal tags (#…) are left out.
	{name: "ghost", cms: "ghost", scheme: "ghost", event: "post.published",
		body: `{"post":{"current":{"id":"65f0c0ffee00000000000002","title":"Council votes","status":"published","html":"<p>` + quote + `</p>",` +
			`"primary_tag":{"id":"t1","name":"City Hall","slug":"city-hall","visibility":"public"},` +
			`"tags":[{"id":"t1","name":"City Hall","slug":"city-hall","visibility":"public"},{"id":"t9","name":"#newsletter","slug":"hash-newsletter","visibility":"internal"},{"id":"t2","name":"Libraries","slug":"libraries","visibility":"public"}]}}}`,
		section: "City Hall", tags: []string{"City Hall", "Libraries"}},
	// Older Ghost without primary_tag: the first public tag.
	{name: "ghost without primary_tag", cms: "ghost", scheme: "ghost", event: "post.published",
		body:    `{"post":{"current":{"id":"65f0c0ffee00000000000003","title":"Council votes","status":"published","html":"<p>` + quote + `</p>","tags":[{"name":"#import"},{"name":"Budget"}]}}}`,
		section: "Budget", tags: []string{"Budget"}},
	// WP Webhooks: taxonomies keyed by slug.
	{name: "wordpress wp webhooks", cms: "wordpress", scheme: "wp",
		body: `{"post_id":44,"post":{"ID":44,"post_title":"Council votes","post_content":"<p>` + quote + `</p>","post_status":"publish","post_type":"post"},` +
			`"taxonomies":{"category":{"city":{"term_id":5,"name":"City","slug":"city","taxonomy":"category"}},` +
			`"post_tag":{"parks":{"term_id":8,"name":"Parks","slug":"parks","taxonomy":"post_tag"},"budget":{"term_id":9,"name":"Budget","slug":"budget","taxonomy":"post_tag"}}}}`,
		section: "City", tags: []string{"Budget", "Parks"}}, // slug order
	{name: "contentful fields", cms: "contentful", scheme: "contentful", header: map[string]string{"X-Contentful-Topic": "ContentManagement.Entry.publish"},
		body:    `{"sys":{"id":"c1","type":"Entry","version":3},"fields":{"title":{"en-US":"Council votes"},"section":{"en-US":"Metro"},"tags":{"en-US":["transit","budget"]},"body":{"en-US":"` + quote + `"}}}`,
		section: "Metro", tags: []string{"transit", "budget"}},
	// Contentful tags: the entry's tag ids; a Reference section stays empty.
	{name: "contentful metadata tags", cms: "contentful", scheme: "contentful", header: map[string]string{"X-Contentful-Topic": "ContentManagement.Entry.publish"},
		body: `{"metadata":{"tags":[{"sys":{"type":"Link","linkType":"Tag","id":"elections"}}]},"sys":{"id":"c2","type":"Entry","version":3},` +
			`"fields":{"title":{"en-US":"Council votes"},"section":{"en-US":{"sys":{"type":"Link","linkType":"Entry","id":"s9"}}},"body":{"en-US":"` + quote + `"}}}`,
		tags: []string{"elections"}},
	{name: "sanity", cms: "sanity", scheme: "sanity",
		body:    `{"op":"create","_id":"article-9","title":"Council votes","section":"Opinion","tags":["schools","budget"],"body":"` + quote + `"}`,
		section: "Opinion", tags: []string{"schools", "budget"}},
	// Strapi: populated relations with a name.
	{name: "strapi", cms: "strapi", scheme: "bearer",
		body: `{"event":"entry.publish","entry":{"documentId":"s7","title":"Council votes","category":{"id":2,"name":"Business"},` +
			`"tags":[{"id":4,"name":"Harbour"},{"id":5,"name":"Jobs"}],"body":"` + quote + `","publishedAt":"2026-11-20T10:00:00.000Z"}}`,
		section: "Business", tags: []string{"Harbour", "Jobs"}},
	{name: "arcxp", cms: "arcxp", scheme: "standard",
		body: `{"key":"story:first-publish","body":{"_id":"ARC0000000000000000000001","type":"story","headlines":{"basic":"Council votes"},` +
			`"taxonomy":{"primary_section":{"_id":"/sports","type":"section","name":"Sports"},"sections":[{"_id":"/news","name":"News"}],"tags":[{"text":"Stadium","slug":"stadium"},{"text":"Budget","slug":"budget"}]},` +
			`"content_elements":[{"type":"text","content":"` + quote + `"}]}}`,
		section: "Sports", tags: []string{"Stadium", "Budget"}},
	// Arc XP without a primary section: the first section.
	{name: "arcxp sections", cms: "arcxp", scheme: "standard",
		body:    `{"key":"story:first-publish","body":{"_id":"ARC0000000000000000000002","type":"story","taxonomy":{"sections":[{"_id":"/news","name":"News"}]},"content_elements":[{"type":"text","content":"` + quote + `"}]}}`,
		section: "News"},
}

// TestSectionsAndTags: each adapter reads the section and tags its CMS
// sends into the delivery.
func TestSectionsAndTags(t *testing.T) {
	for _, p := range sectionPayloads {
		t.Run(p.name, func(t *testing.T) {
			secret := "tenant-secret-0123456789abcdef"
			if p.scheme == "standard" {
				secret = "whsec_dGVuYW50LXNlY3JldC0wMTIzNDU2Nzg5YWJjZGVm"
			}
			r := request(recorded{cms: p.cms, scheme: p.scheme, event: p.event, header: p.header, body: p.body}, secret, now)
			a, _ := Lookup(p.cms)
			if _, err := a.Verify(r, secret, now); err != nil {
				t.Fatalf("verify: %v", err)
			}
			d, err := a.Parse(r)
			if err != nil || d.Ignore != "" || d.Event.Withdraws() {
				t.Fatalf("parse: %+v %v", d, err)
			}
			if d.Section != p.section || !reflect.DeepEqual(d.Tags, p.tags) {
				t.Fatalf("section %q tags %q, want %q %q", d.Section, d.Tags, p.section, p.tags)
			}
		})
	}
}

// TestNoSectionsWhenNoneSent: the recorded payloads without a section or
// tags give none.
func TestNoSectionsWhenNoneSent(t *testing.T) {
	for _, p := range payloads {
		if strings.Contains(p.body, `"tags"`) || strings.Contains(p.body, `"section"`) {
			continue
		}
		a, _ := Lookup(p.cms)
		d, err := a.Parse(Request{Tenant: "acme", Event: p.event, Header: request(p, "whsec_dGVuYW50LXNlY3JldC0wMTIzNDU2Nzg5YWJjZGVm", now).Header, Body: []byte(p.body)})
		if err != nil {
			t.Fatalf("%s: %v", p.cms, err)
		}
		if d.Section != "" || d.Tags != nil {
			t.Errorf("%s: section %q tags %q from a payload without them", p.cms, d.Section, d.Tags)
		}
	}
}

// TestLabels: the shapes section and tag values come in.
func TestLabels(t *testing.T) {
	for _, c := range []struct {
		in   any
		want []string
	}{
		{nil, nil},
		{"  Local ", []string{"Local"}},
		{[]any{"a", " ", "b", "a", 3.0}, []string{"a", "b"}},
		{map[string]any{"name": "Sports", "_id": "/sports"}, []string{"Sports"}},
		{map[string]any{"title": "Opinion"}, []string{"Opinion"}},
		{[]any{map[string]any{"text": "Stadium"}, map[string]any{"id": 3.0}}, []string{"Stadium"}},
		{map[string]any{"z": map[string]any{"name": "Zoo"}, "a": map[string]any{"name": "Art"}}, []string{"Art", "Zoo"}},
		{map[string]any{"sys": map[string]any{"type": "Link", "id": "x"}}, nil},
	} {
		if got := labels(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("labels(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}
