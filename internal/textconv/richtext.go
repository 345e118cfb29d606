package textconv

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Structured rich-text formats, sent as JSON by headless CMSs.
const (
	// FormatPortableText is Sanity's Portable Text (an array of blocks).
	FormatPortableText Format = "portable_text"
	// FormatContentfulRichText is Contentful's Rich Text document.
	FormatContentfulRichText Format = "contentful_rich_text"
	// FormatLexical is the Lexical editor state (Payload, Ghost's source).
	FormatLexical Format = "lexical"
	// FormatStrapiBlocks is Strapi's Blocks editor content.
	FormatStrapiBlocks Format = "strapi_blocks"
	// FormatANS is Arc XP's ANS content elements (or a whole ANS story).
	FormatANS Format = "ans"
)

// maxDepth bounds the nesting the tree walkers follow, so hostile input
// cannot exhaust the stack.
const maxDepth = 64

// node is a generic JSON tree node of the rich-text formats.
type node = map[string]any

func decodeJSON(data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("rich text is not valid JSON: %w", err)
	}
	return nil
}

func str(n node, k string) string {
	s, _ := n[k].(string)
	return s
}

func children(n node, k string) []node {
	arr, _ := n[k].([]any)
	out := make([]node, 0, len(arr))
	for _, c := range arr {
		if m, ok := c.(node); ok {
			out = append(out, m)
		}
	}
	return out
}

// FromPortableText converts Sanity Portable Text: each block's spans make a
// paragraph; custom object blocks (images, embeds) are skipped.
func FromPortableText(data []byte) (Document, error) {
	var blocks []node
	if err := decodeJSON(data, &blocks); err != nil {
		return Document{}, err
	}
	w := &paraWriter{}
	for _, b := range blocks {
		if str(b, "_type") != "block" {
			continue
		}
		for _, span := range children(b, "children") {
			if t := str(span, "_type"); t == "span" || t == "" {
				w.text(str(span, "text"))
			}
		}
		w.endParagraph()
	}
	return Document{Text: w.String()}, nil
}

// contentfulBlocks end a paragraph in Contentful Rich Text.
var contentfulBlocks = map[string]bool{
	"paragraph": true, "heading-1": true, "heading-2": true, "heading-3": true, "heading-4": true,
	"heading-5": true, "heading-6": true, "list-item": true, "blockquote": true, "table-cell": true,
}

// FromContentfulRichText converts a Contentful Rich Text document; embedded
// entries and assets (which need a Delivery API lookup) are skipped.
func FromContentfulRichText(data []byte) (Document, error) {
	var doc node
	if err := decodeJSON(data, &doc); err != nil {
		return Document{}, err
	}
	w := &paraWriter{}
	var walk func(n node, depth int)
	walk = func(n node, depth int) {
		if depth > maxDepth {
			return
		}
		t := str(n, "nodeType")
		if strings.HasPrefix(t, "embedded-") {
			return
		}
		if t == "text" {
			w.text(str(n, "value"))
			return
		}
		for _, c := range children(n, "content") {
			walk(c, depth+1)
		}
		if contentfulBlocks[t] {
			w.endParagraph()
		}
	}
	walk(doc, 0)
	w.endParagraph()
	return Document{Text: w.String()}, nil
}

// lexicalBlocks end a paragraph in Lexical.
var lexicalBlocks = map[string]bool{"paragraph": true, "heading": true, "quote": true, "listitem": true, "code": true}

// FromLexical converts a Lexical editor state ({"root": {...}}).
func FromLexical(data []byte) (Document, error) {
	var state node
	if err := decodeJSON(data, &state); err != nil {
		return Document{}, err
	}
	root, ok := state["root"].(node)
	if !ok {
		root = state
	}
	w := &paraWriter{}
	var walk func(n node, depth int)
	walk = func(n node, depth int) {
		if depth > maxDepth {
			return
		}
		switch t := str(n, "type"); t {
		case "text":
			w.text(str(n, "text"))
			return
		case "linebreak":
			w.lineBreak()
			return
		}
		for _, c := range children(n, "children") {
			walk(c, depth+1)
		}
		if lexicalBlocks[str(n, "type")] {
			w.endParagraph()
		}
	}
	walk(root, 0)
	w.endParagraph()
	return Document{Text: w.String()}, nil
}

// FromStrapiBlocks converts Strapi's Blocks JSON (paragraph, heading, quote,
// list, code; images skipped).
func FromStrapiBlocks(data []byte) (Document, error) {
	var blocks []node
	if err := decodeJSON(data, &blocks); err != nil {
		return Document{}, err
	}
	w := &paraWriter{}
	var walk func(n node, depth int)
	walk = func(n node, depth int) {
		if depth > maxDepth {
			return
		}
		switch str(n, "type") {
		case "text":
			w.text(str(n, "text"))
			return
		case "image":
			return
		}
		for _, c := range children(n, "children") {
			walk(c, depth+1)
		}
		switch str(n, "type") {
		case "paragraph", "heading", "quote", "list-item", "code":
			w.endParagraph()
		}
	}
	for _, b := range blocks {
		walk(b, 0)
		w.endParagraph()
	}
	return Document{Text: w.String()}, nil
}

// FromANS converts Arc XP ANS: a story (or its content_elements array).
// Text and header elements are HTML strings; a quote element becomes a
// paragraph in quotation marks followed by its citation after a dash
// (“We will not cut libraries.” — Mayor Diaz), so the citation reaches the
// extractor as the speaker.
func FromANS(data []byte) (Document, error) {
	var elems []node
	var title string
	if strings.HasPrefix(strings.TrimSpace(string(data)), "[") {
		if err := decodeJSON(data, &elems); err != nil {
			return Document{}, err
		}
	} else {
		var story node
		if err := decodeJSON(data, &story); err != nil {
			return Document{}, err
		}
		elems = children(story, "content_elements")
		if h, ok := story["headlines"].(node); ok {
			title = str(h, "basic")
		}
	}
	w := &paraWriter{}
	html := func(s string) string {
		d, err := FromHTML([]byte(s))
		if err != nil {
			return ""
		}
		return d.Text
	}
	var walk func(e node, depth int)
	walk = func(e node, depth int) {
		if depth > maxDepth {
			return
		}
		switch str(e, "type") {
		case "text", "header":
			w.text(html(str(e, "content")))
			w.endParagraph()
		case "list":
			for _, item := range children(e, "items") {
				walk(item, depth+1)
			}
		case "quote":
			var parts []string
			for _, c := range children(e, "content_elements") {
				if t := strings.TrimSpace(html(str(c, "content"))); t != "" {
					parts = append(parts, t)
				}
			}
			if len(parts) == 0 {
				return
			}
			q := strings.Join(parts, " ")
			if !strings.ContainsAny(q[:1], "“\"«") {
				q = "“" + q + "”"
			}
			if c, ok := e["citation"].(node); ok {
				if who := strings.TrimSpace(html(str(c, "content"))); who != "" {
					q += " — " + who
				}
			}
			w.text(q)
			w.endParagraph()
		}
	}
	for _, e := range elems {
		walk(e, 0)
	}
	return Document{Text: w.String(), Title: title}, nil
}
