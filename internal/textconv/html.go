package textconv

import (
	"bytes"
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// skipped elements hold no article prose: code, media, navigation, and
// figures whose captions are not part of the running text.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Svg: true, atom.Canvas: true, atom.Head: true,
	atom.Nav: true, atom.Figure: true, atom.Figcaption: true, atom.Form: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Video: true,
	atom.Audio: true, atom.Object: true, atom.Embed: true, atom.Math: true,
}

// blocks end the current paragraph when they open and when they close.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true,
	atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.Pre: true, atom.Table: true, atom.Tr: true,
	atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true,
	atom.Aside: true, atom.Main: true, atom.Hr: true, atom.Address: true,
	atom.Details: true, atom.Summary: true, atom.Body: true,
}

// FromHTML converts an HTML document or fragment to plain text: block
// elements become paragraphs, inline whitespace collapses, scripts, styles,
// navigation and figures are dropped, <br> breaks a line inside a paragraph.
func FromHTML(data []byte) (Document, error) {
	root, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return Document{}, fmt.Errorf("parse html: %w", err)
	}
	w := &paraWriter{}
	var title, h1 string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			w.text(n.Data)
			return
		case html.ElementNode:
			if n.DataAtom == atom.Title && title == "" {
				title = collapse(textOf(n))
			}
			if skipped[n.DataAtom] {
				return
			}
			if n.DataAtom == atom.H1 && h1 == "" {
				h1 = collapse(textOf(n))
			}
			if n.DataAtom == atom.Br {
				w.lineBreak()
				return
			}
			if blocks[n.DataAtom] || n.DataAtom == atom.Td || n.DataAtom == atom.Th {
				if n.DataAtom == atom.Td || n.DataAtom == atom.Th {
					w.text(" ")
				} else {
					w.endParagraph()
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
				if blocks[n.DataAtom] {
					w.endParagraph()
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	// The <title> lives in <head>, which is skipped for text; look it up first.
	if t := findFirst(root, atom.Title); t != nil {
		title = collapse(textOf(t))
	}
	walk(root)
	w.endParagraph()
	if title == "" {
		title = h1
	}
	return Document{Text: w.String(), Title: title}, nil
}

// findFirst returns the first element with the given atom, depth first.
func findFirst(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findFirst(c, a); f != nil {
			return f
		}
	}
	return nil
}

// textOf concatenates the text below n.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// collapse folds runs of whitespace to one space and trims the ends.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// paraWriter accumulates paragraphs, collapsing inline whitespace.
type paraWriter struct {
	out   strings.Builder
	para  strings.Builder
	space bool // a space is pending before the next word
}

func (w *paraWriter) text(s string) {
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\u00a0':
			if r == '\u00a0' && w.para.Len() > 0 && !w.space {
				// A no-break space is kept as a plain space.
				w.space = true
				continue
			}
			w.space = w.para.Len() > 0
		default:
			if w.space {
				w.para.WriteByte(' ')
				w.space = false
			}
			w.para.WriteRune(r)
		}
	}
}

func (w *paraWriter) lineBreak() {
	if w.para.Len() > 0 {
		w.para.WriteByte('\n')
	}
	w.space = false
}

func (w *paraWriter) endParagraph() {
	p := strings.TrimSpace(w.para.String())
	w.para.Reset()
	w.space = false
	if p == "" {
		return
	}
	if w.out.Len() > 0 {
		w.out.WriteString("\n\n")
	}
	w.out.WriteString(p)
}

// String returns the text written so far.
func (w *paraWriter) String() string { return w.out.String() }
