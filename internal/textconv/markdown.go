package textconv

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// markdown renders CommonMark with the GitHub extensions (tables,
// strikethrough, autolinks); raw HTML inside Markdown is left out by
// goldmark's safe default.
var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))

// FromMarkdown converts Markdown to plain text by rendering it with goldmark
// and reading the HTML back with FromHTML, so both formats share one notion of
// paragraphs and entities.
func FromMarkdown(data []byte) (Document, error) {
	var buf bytes.Buffer
	if err := markdown.Convert(data, &buf); err != nil {
		return Document{}, fmt.Errorf("render markdown: %w", err)
	}
	return FromHTML(buf.Bytes())
}
