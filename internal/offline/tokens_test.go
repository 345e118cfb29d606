package offline

import "testing"

func TestTokenize(t *testing.T) {
	text := `Mayor Ana Ruiz said: "We won't wait."`
	paras := splitParagraphs(text)
	quotes := findQuotes(text, paras)
	if len(quotes) != 1 {
		t.Fatalf("quotes = %v, want one", quotes)
	}
	toks := tokenize(text, paras, quotes)
	type tok struct {
		text  string
		kind  tokKind
		upper bool
		inQ   bool
	}
	var got []tok
	for _, tk := range toks {
		got = append(got, tok{text[tk.start:tk.end], tk.kind, tk.upper, tk.quote >= 0})
	}
	want := []tok{
		{"Mayor", tWord, true, false}, {"Ana", tWord, true, false}, {"Ruiz", tWord, true, false},
		{"said", tWord, false, false}, {":", tPunct, false, false},
	}
	if len(got) < len(want)+3 {
		t.Fatalf("tokens = %v", got)
	}
	for i, w := range want {
		if got[i] != w {
			t.Errorf("token %d = %+v, want %+v", i, got[i], w)
		}
	}
	if got[len(want)].kind != tOpenQuote || got[len(got)-1].kind != tCloseQuote {
		t.Errorf("quotation marks not marked: %+v", got)
	}
	for _, g := range got[len(want)+1 : len(got)-1] {
		if !g.inQ {
			t.Errorf("%q inside the quotation has no quote index", g.text)
		}
	}
	for _, tk := range toks {
		if tk.kind == tWord && text[tk.start:tk.end] == "Ana" && tk.lower != "ana" {
			t.Errorf("lower = %q", tk.lower)
		}
	}
}
