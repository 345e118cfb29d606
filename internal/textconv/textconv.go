// Package textconv turns article bodies (plain text, HTML, Markdown) into the
// canonical plain text that whosaid stores and that quotation offsets index:
// one paragraph per block, paragraphs separated by a blank line.
package textconv

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Format is an input format.
type Format string

// The supported input formats.
const (
	// FormatAuto detects the format from the file name and the content.
	FormatAuto Format = "auto"
	// FormatText is plain text, kept byte for byte.
	FormatText Format = "text"
	// FormatHTML is an HTML document or fragment.
	FormatHTML Format = "html"
	// FormatMarkdown is CommonMark with GitHub extensions.
	FormatMarkdown Format = "markdown"
)

// ParseFormat parses a --input-format value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case FormatAuto, FormatText, FormatHTML, FormatMarkdown:
		return f, nil
	case "", "detect":
		return FormatAuto, nil
	case "md":
		return FormatMarkdown, nil
	case FormatPortableText, FormatContentfulRichText, FormatLexical, FormatStrapiBlocks, FormatANS:
		return f, nil
	case "txt", "plain":
		return FormatText, nil
	}
	return "", fmt.Errorf("unknown input format %q (want auto, text, html, markdown, portable_text, contentful_rich_text, lexical, strapi_blocks or ans)", s)
}

// Document is a converted article body.
type Document struct {
	// Text is the canonical plain text.
	Text string
	// Title is the document title when the input names one (HTML <title> or
	// first <h1>, Markdown first heading).
	Title string
	// Format is the format the input was read as.
	Format Format
}

// Errors returned for input that is not article text.
var (
	// ErrEmpty means the input holds no text.
	ErrEmpty = errors.New("input is empty")
	// ErrBinary means the input is not valid UTF-8 text.
	ErrBinary = errors.New("input is not UTF-8 text")
)

// Detect picks the format of an input from its file name, then its content.
func Detect(name string, data []byte) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return FormatHTML
	case ".md", ".markdown", ".mdown":
		return FormatMarkdown
	case ".txt", ".text":
		return FormatText
	}
	head := bytes.ToLower(bytes.TrimSpace(data[:min(len(data), 4096)]))
	if bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) {
		return FormatHTML
	}
	for _, tag := range []string{"<p>", "<p ", "<div", "<article", "<body", "<h1", "<h2", "<br"} {
		if bytes.Contains(head, []byte(tag)) {
			return FormatHTML
		}
	}
	if looksLikeMarkdown(data[:min(len(data), 8192)]) {
		return FormatMarkdown
	}
	return FormatText
}

// looksLikeMarkdown reports strong Markdown signals: an ATX heading or a
// fenced block at the start of a line, or an inline link.
func looksLikeMarkdown(data []byte) bool {
	for _, line := range bytes.Split(data, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("# ")) || bytes.HasPrefix(line, []byte("## ")) || bytes.HasPrefix(line, []byte("```")) {
			return true
		}
	}
	return bytes.Contains(data, []byte("](http"))
}

// Convert reads data in the given format (FormatAuto detects it from name and
// content) and returns the plain text. Plain text is returned unchanged, so
// offsets into the result are offsets into the input.
func Convert(name string, data []byte, f Format) (Document, error) {
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return Document{}, ErrBinary
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return Document{}, ErrEmpty
	}
	if f == FormatAuto || f == "" {
		f = Detect(name, data)
	}
	var doc Document
	var err error
	switch f {
	case FormatText:
		doc = Document{Text: string(data)}
	case FormatHTML:
		doc, err = FromHTML(data)
	case FormatMarkdown:
		doc, err = FromMarkdown(data)
	case FormatPortableText:
		doc, err = FromPortableText(data)
	case FormatContentfulRichText:
		doc, err = FromContentfulRichText(data)
	case FormatLexical:
		doc, err = FromLexical(data)
	case FormatStrapiBlocks:
		doc, err = FromStrapiBlocks(data)
	case FormatANS:
		doc, err = FromANS(data)
	default:
		return Document{}, fmt.Errorf("unknown input format %q", f)
	}
	if err != nil {
		return Document{}, fmt.Errorf("convert %s: %w", f, err)
	}
	doc.Format = f
	if strings.TrimSpace(doc.Text) == "" {
		return Document{}, fmt.Errorf("%s input: %w", f, ErrEmpty)
	}
	return doc, nil
}
