package textconv

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
)

// markdownParser is goldmark's CommonMark parser, configured exactly as
// goldmark.DefaultParser (and so goldmark.New) configures it. The GitHub
// extensions are left out on purpose: for plain text they change nothing
// that matters (a table's cells stay text, ~~struck~~ words stay words) and
// they would add their regular expressions to every cold start and 0.4 MB to
// the ingest binary.
//
// The root goldmark package is not imported: its package variable
// defaultMarkdown links the whole HTML renderer into every binary.
var markdownParser = parser.NewParser(
	parser.WithBlockParsers(parser.DefaultBlockParsers()...),
	parser.WithInlineParsers(parser.DefaultInlineParsers()...),
	parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
)

// FromMarkdown converts CommonMark to plain text. The text is the one that
// rendering the Markdown to HTML with goldmark's default (safe) renderer and
// reading that HTML back with FromHTML gives, so both formats share one
// notion of paragraphs and entities; it is read off goldmark's syntax tree
// directly, which spares the HTML round trip and keeps goldmark's HTML
// renderer (66 KB) out of the ingest binary. TestMarkdownMatchesHTMLRendering
// holds the two paths equal on the CommonMark specification's examples.
func FromMarkdown(data []byte) (Document, error) {
	doc := markdownParser.Parse(text.NewReader(data))
	w := &paraWriter{}
	m := markdownText{source: data, w: w}
	m.walk(doc)
	w.endParagraph()
	return Document{Text: w.String(), Title: m.title}, nil
}

// textSink receives what FromHTML's walk would get from the rendered HTML:
// text, <br> and the edges of block elements.
type textSink interface {
	text(s string)
	lineBreak()
	endParagraph()
}

// markdownText walks a goldmark document the way goldmark's HTML renderer
// does, handing the sink the text and block edges of the HTML it would write.
type markdownText struct {
	source []byte
	w      textSink
	title  string // the text of the first non-empty level-1 heading
	found  bool   // title is final
}

// walk emits node n and, unless the renderer skips them, its children.
func (m *markdownText) walk(n ast.Node) {
	switch n := n.(type) {
	case *ast.Text:
		m.textNode(n)
		return
	case *ast.String:
		// Only extensions make String nodes; rendered, they are text.
		if n.IsCode() || n.IsRaw() {
			m.w.text(string(n.Value))
		} else {
			m.w.text(resolved(n.Value))
		}
		return
	case *ast.CodeSpan:
		// Raw text; a line ending inside the span becomes a space.
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				v := t.Segment.Value(m.source)
				if bytes.HasSuffix(v, []byte("\n")) {
					m.w.text(string(v[:len(v)-1]) + " ")
				} else {
					m.w.text(string(v))
				}
			}
		}
		return
	case *ast.AutoLink:
		m.w.text(string(n.Label(m.source)))
		return
	case *ast.Image, *ast.RawHTML, *ast.LinkReferenceDefinition:
		// An image's description is its alt attribute, not text; raw HTML
		// is omitted (goldmark's safe default), and so are definitions.
		return
	case *ast.HTMLBlock:
		// Omitted, leaving "<!-- raw HTML omitted -->\n" (twice with a
		// closing line): whitespace.
		m.w.text("\n")
		if n.HasClosure() {
			m.w.text("\n")
		}
		return
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		// <pre><code>, the lines raw.
		m.w.endParagraph()
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			m.w.text(string(seg.Value(m.source)))
		}
		m.w.endParagraph()
		return
	case *ast.ThematicBreak:
		m.w.endParagraph()
		return
	case *ast.Heading:
		if n.Level == 1 && !m.found {
			var b strings.Builder
			(&markdownText{source: m.source, w: (*textOnly)(&b), found: true}).children(n)
			// FromHTML keeps the first <h1> whose text is not empty.
			if m.title = collapse(b.String()); m.title != "" {
				m.found = true
			}
		}
	}
	if isBlock(n) {
		m.w.endParagraph()
		m.children(n)
		m.w.endParagraph()
	} else {
		m.children(n)
	}
	if tb, ok := n.(*ast.TextBlock); ok && tb.NextSibling() != nil && tb.FirstChild() != nil {
		m.w.text("\n")
	}
}

// children walks n's children in order.
func (m *markdownText) children(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		m.walk(c)
	}
}

// textNode emits a text node: raw or with escapes and references resolved,
// then <br> for a hard line break or a newline for a soft one.
func (m *markdownText) textNode(n *ast.Text) {
	v := n.Segment.Value(m.source)
	if n.IsRaw() {
		m.w.text(string(v))
		return
	}
	m.w.text(resolved(v))
	if n.HardLineBreak() {
		m.w.lineBreak()
		m.w.text("\n")
	} else if n.SoftLineBreak() {
		m.w.text("\n")
	}
}

// isBlock reports whether goldmark renders n as an element FromHTML treats
// as a block (<p>, <hN>, <blockquote>, <ul>, <ol>, <li>; <body> for the
// document). A TextBlock, a tight list item's paragraph, has no element.
func isBlock(n ast.Node) bool {
	switch n.(type) {
	case *ast.Document, *ast.Paragraph, *ast.Heading, *ast.Blockquote, *ast.List, *ast.ListItem:
		return true
	}
	return false
}

// resolved returns Markdown text with backslash escapes and entity and
// numeric character references resolved, as the HTML renderer writes it
// (goldmark's own writer) and an HTML parser reads it back.
func resolved(v []byte) string {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 {
		return string(v)
	}
	var b bytes.Buffer
	w := bufWriter{&b}
	gmhtml.DefaultWriter.Write(w, v)
	return html.UnescapeString(b.String())
}

// bufWriter is a bytes.Buffer with the rest of goldmark's util.BufWriter:
// nothing is buffered, so there is nothing to flush.
type bufWriter struct{ *bytes.Buffer }

func (w bufWriter) Buffered() int { return w.Len() }
func (bufWriter) Flush() error    { return nil }

// textOnly collects the text of a heading, as FromHTML's textOf does.
type textOnly strings.Builder

func (t *textOnly) text(s string) { (*strings.Builder)(t).WriteString(s) }
func (t *textOnly) lineBreak()    {}
func (t *textOnly) endParagraph() {}
