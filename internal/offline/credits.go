package offline

import (
	"strings"

	"github.com/whosaid/whosaid/internal/article"
)

// Embedded posts: a social-media post pasted into an article as its own
// paragraph, followed by the platform's credit line
//
//	The new bridge will open on schedule. No delays, no excuses.
//	— Maya Trent (@mayatrent) March 3, 2026
//
// The credit attributes the post above it to the named author; the post is
// the author's words verbatim, so it counts as a direct quotation.

// creditLine reports whether paragraph p is the credit line of an
// embedded post: a dash, a name, and an @handle in parentheses.
func (a *analysis) creditLine(p span) bool {
	line := strings.TrimSpace(a.text[p.start:p.end])
	if !strings.HasPrefix(line, "—") && !strings.HasPrefix(line, "–") && !strings.HasPrefix(line, "-") {
		return false
	}
	return strings.Contains(line, "(@")
}

// embeddedPosts attributes each post followed by a credit line, unless the
// post was already quoted or reported. The credit line is a paragraph of
// its own, or the last line of the post's paragraph (pasted without a
// blank line).
func (a *analysis) embeddedPosts() {
	for pi := range a.paras {
		var post, credit span
		postPara := pi
		switch p := a.paras[pi]; {
		case pi > 0 && a.creditLine(p) && !a.skip[pi-1]:
			post, credit, postPara = trimSpan(a.text, a.paras[pi-1]), p, pi-1
		default:
			// most paragraphs hold no "@": one fast scan turns them away
			if a.skip[pi] || strings.IndexByte(a.text[p.start:p.end], '@') < 0 {
				continue
			}
			nl := strings.LastIndexByte(a.text[p.start:p.end], '\n')
			if nl < 0 {
				continue
			}
			credit = span{p.start + nl + 1, p.end}
			if !a.creditLine(credit) {
				continue
			}
			post = trimSpan(a.text, span{p.start, p.start + nl})
		}
		if post.start >= post.end || strings.ContainsAny(a.text[post.start:post.end], "“”\"«»") {
			continue
		}
		taken := false
		for _, f := range a.found {
			if f.span.start < post.end && post.start < f.span.end {
				taken = true
				break
			}
		}
		if taken {
			continue
		}
		// the author's name: the capitalised run after the dash
		i := a.tokenAt(credit.start)
		for i < len(a.toks) && int(a.toks[i].para) == pi && a.toks[i].kind != tWord {
			i++
		}
		if i >= len(a.toks) || int(a.toks[i].para) != pi || !isNameWord(&a.toks[i]) {
			continue
		}
		si := a.sentOf(i)
		s := a.sents[si]
		r0, r1 := runAt(a.text, a.toks, i, s.start, s.end)
		e := a.registerRun(si, r0, r1)
		if e == nil {
			e = a.orgRun(r0, r1)
		}
		if e == nil {
			continue
		}
		e.spoke++
		a.found = append(a.found, found{span: post, kind: article.KindDirect, cue: "—", ent: e.id, para: postPara, confidence: confNamedCue, quote: -1})
	}
}
