package textconv

import (
	"strings"
	"testing"
)

const wantTwo = "“We will not cut libraries,” said Mayor Diaz.\n\nThe vote is on Friday."

func TestRichTextFormats(t *testing.T) {
	tests := []struct {
		f    Format
		in   string
		want string
	}{
		{FormatPortableText, `[{"_type":"block","style":"normal","markDefs":[],"children":[{"_type":"span","marks":[],"text":"“We will not cut libraries,” "},{"_type":"span","marks":["strong"],"text":"said Mayor Diaz."}]},
			{"_type":"image","asset":{"_ref":"x"}},
			{"_type":"block","style":"blockquote","children":[{"_type":"span","text":"The vote is on Friday."}]}]`, wantTwo},
		{FormatContentfulRichText, `{"nodeType":"document","data":{},"content":[
			{"nodeType":"paragraph","data":{},"content":[{"nodeType":"text","value":"“We will not cut libraries,” said ","marks":[],"data":{}},{"nodeType":"hyperlink","data":{"uri":"x"},"content":[{"nodeType":"text","value":"Mayor Diaz","marks":[],"data":{}}]},{"nodeType":"text","value":".","marks":[],"data":{}}]},
			{"nodeType":"embedded-entry-block","data":{"target":{"sys":{"id":"x"}}},"content":[]},
			{"nodeType":"heading-2","data":{},"content":[{"nodeType":"text","value":"The vote is on Friday.","marks":[],"data":{}}]}]}`, wantTwo},
		{FormatLexical, `{"root":{"type":"root","children":[
			{"type":"paragraph","children":[{"type":"text","text":"“We will not cut libraries,” said Mayor Diaz."}]},
			{"type":"quote","children":[{"type":"text","text":"The vote is on Friday."}]}]}}`, wantTwo},
		{FormatStrapiBlocks, `[{"type":"paragraph","children":[{"type":"text","text":"“We will not cut libraries,” "},{"type":"link","url":"x","children":[{"type":"text","text":"said Mayor Diaz."}]}]},
			{"type":"image","image":{"url":"x"},"children":[{"type":"text","text":""}]},
			{"type":"list","format":"unordered","children":[{"type":"list-item","children":[{"type":"text","text":"The vote is on Friday."}]}]}]`, wantTwo},
		{FormatANS, `{"headlines":{"basic":"Council votes"},"content_elements":[
			{"type":"text","content":"The council met <b>Tuesday</b>."},
			{"type":"quote","content_elements":[{"type":"text","content":"We will not cut libraries."}],"citation":{"type":"text","content":"Mayor Diaz"}},
			{"type":"raw_html","content":"<script>x()</script>"},
			{"type":"list","items":[{"type":"text","content":"First item"}]}]}`,
			"The council met Tuesday.\n\n“We will not cut libraries.” — Mayor Diaz\n\nFirst item"},
	}
	for _, tt := range tests {
		doc, err := Convert("", []byte(tt.in), tt.f)
		if err != nil {
			t.Errorf("%s: %v", tt.f, err)
			continue
		}
		if doc.Text != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.f, doc.Text, tt.want)
		}
	}
	if doc, _ := Convert("", []byte(tests[4].in), FormatANS); doc.Title != "Council votes" {
		t.Errorf("ANS title = %q", doc.Title)
	}
}

func TestRichTextBadInput(t *testing.T) {
	for _, f := range []Format{FormatPortableText, FormatContentfulRichText, FormatLexical, FormatStrapiBlocks, FormatANS} {
		if _, err := Convert("", []byte(`{not json`), f); err == nil {
			t.Errorf("%s: invalid JSON accepted", f)
		}
		if _, err := Convert("", []byte(`[]`), f); err == nil {
			t.Errorf("%s: no text accepted", f)
		}
	}
	// deep nesting is cut off, not followed
	deep := strings.Repeat(`{"nodeType":"paragraph","content":[`, 5000) + `{"nodeType":"text","value":"x"}` + strings.Repeat(`]}`, 5000)
	if _, err := Convert("", []byte(deep), FormatContentfulRichText); err == nil {
		t.Log("deeply nested document converted without error (text below the depth limit dropped)")
	}
}

func FuzzRichText(f *testing.F) {
	f.Add([]byte(`[{"_type":"block","children":[{"_type":"span","text":"a"}]}]`), uint8(0))
	f.Add([]byte(`{"nodeType":"document","content":[{"nodeType":"paragraph","content":[{"nodeType":"text","value":"a"}]}]}`), uint8(1))
	f.Add([]byte(`{"root":{"children":[{"type":"paragraph","children":[{"type":"text","text":"a"}]}]}}`), uint8(2))
	f.Add([]byte(`[{"type":"paragraph","children":[{"type":"text","text":"a"}]}]`), uint8(3))
	f.Add([]byte(`{"content_elements":[{"type":"quote","content_elements":[{"type":"text","content":"a"}],"citation":{"content":"b"}}]}`), uint8(4))
	formats := []Format{FormatPortableText, FormatContentfulRichText, FormatLexical, FormatStrapiBlocks, FormatANS}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		doc, err := Convert("", data, formats[int(which)%len(formats)])
		if err == nil && strings.TrimSpace(doc.Text) == "" {
			t.Fatal("no error but empty text")
		}
	})
}
