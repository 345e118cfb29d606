package textconv

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark"
)

// markdown renders CommonMark; raw HTML inside Markdown is left out by
// goldmark's safe default. The GitHub extensions are left out on purpose:
// for plain text they change nothing that matters (a table's cells stay
// text, ~~struck~~ words stay words) and they would add their regular
// expressions to every cold start and 0.4 MB to the ingest binary.
var markdown = goldmark.New()

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
