package offline

import (
	"context"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/internal/article"
)

// extract runs the default extractor on text and checks the result against
// the contract.
func extract(t testing.TB, text string) article.Summary {
	t.Helper()
	s, err := New(DefaultConfig()).Extract(context.Background(), article.Article{Source: "test", ID: "t", Text: text})
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	if err := s.Validate(text); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	return s
}

// quoteWith returns the quote whose text contains sub.
func quoteWith(t testing.TB, s article.Summary, sub string) (article.Quote, string) {
	t.Helper()
	for _, q := range s.Quotes {
		if strings.Contains(q.Text, sub) {
			return q, s.SpeakerByID(q.Speaker).Name
		}
	}
	var got []string
	for _, q := range s.Quotes {
		got = append(got, q.Text)
	}
	t.Fatalf("no quote contains %q; quotes: %q", sub, got)
	return article.Quote{}, ""
}

func TestAttributionPatterns(t *testing.T) {
	tests := []struct {
		name, text, quote, speaker string
		kind                       article.Kind
		cue                        string
	}{
		{
			name:  "pronoun after quote",
			text:  "Mayor Anna Kowalski opened the new library on Monday.\n\n“Every child deserves a quiet place to read,” she said.",
			quote: "Every child deserves", speaker: "Anna Kowalski", kind: article.KindDirect, cue: "said",
		},
		{
			name:  "name and colon before quote",
			text:  "The council met late into the night. Councillor Peter Okafor said: “We cannot keep delaying the vote.”",
			quote: "We cannot keep", speaker: "Peter Okafor", kind: article.KindDirect, cue: "said",
		},
		{
			name:  "inverted verb with apposition",
			text:  "“The ward was full by noon,” said Maria Lopez, a nurse at Riverside General Hospital.",
			quote: "The ward was full", speaker: "Maria Lopez", kind: article.KindDirect, cue: "said",
		},
		{
			name:  "name then apposition then verb",
			text:  "“We expect the line to reopen by Friday,” Tom Becker, a spokesperson for the transit agency, said on Tuesday.",
			quote: "We expect the line", speaker: "Tom Becker", kind: article.KindDirect, cue: "said",
		},
		{
			name:  "told reporters",
			text:  "George Miller told reporters “the budget is balanced for the first time in a decade.”",
			quote: "the budget is balanced", speaker: "George Miller", kind: article.KindPartial, cue: "told",
		},
		{
			name:  "wrote in a letter",
			text:  "Helen Park wrote in a letter to the board, “I can no longer support this plan.”",
			quote: "I can no longer", speaker: "Helen Park", kind: article.KindDirect, cue: "wrote",
		},
		{
			name:  "speaker in previous sentence",
			text:  "Coach Daniel Reyes was blunt after the loss. “We did not deserve to win tonight.”",
			quote: "We did not deserve", speaker: "Daniel Reyes", kind: article.KindDirect,
		},
		{
			name:  "speaker in previous paragraph",
			text:  "“We ran out of time,” said Laura Chen, the project lead.\n\n“Next year we start in January.”",
			quote: "Next year we start", speaker: "Laura Chen", kind: article.KindDirect,
		},
		{
			name:  "partial quote inside reported speech",
			text:  "Robert Hughes said the deal was “a good start, but only a start.”",
			quote: "a good start", speaker: "Robert Hughes", kind: article.KindPartial, cue: "said",
		},
		{
			name:  "role noun speaker",
			text:  "The fire spread to three homes overnight. “The cause is still under investigation,” police said.",
			quote: "The cause is still", speaker: "police", kind: article.KindDirect, cue: "police said"[7:],
		},
		{
			name:  "according to",
			text:  "According to Sarah Novak, the new clinic will treat 4,000 patients a year.",
			quote: "the new clinic will treat", speaker: "Sarah Novak", kind: article.KindIndirect, cue: "according to",
		},
		{
			name:  "reported speech with that",
			text:  "Finance Minister Carl Jensen said that the deficit would shrink next year.",
			quote: "the deficit would shrink", speaker: "Carl Jensen", kind: article.KindIndirect, cue: "said",
		},
		{
			name:  "reported speech before the cue",
			text:  "The bridge will stay closed until the inspection is done, Linda Moreau said.",
			quote: "The bridge will stay closed", speaker: "Linda Moreau", kind: article.KindIndirect, cue: "said",
		},
		{
			name:  "participle carries the subject",
			text:  "Dr. Kevin Walsh praised the staff, saying “they worked through the storm without a break.”",
			quote: "they worked through", speaker: "Kevin Walsh", kind: article.KindPartial, cue: "saying",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := extract(t, tt.text)
			q, sp := quoteWith(t, s, tt.quote)
			if sp != tt.speaker {
				t.Errorf("speaker = %q, want %q", sp, tt.speaker)
			}
			if q.Kind != tt.kind {
				t.Errorf("kind = %q, want %q", q.Kind, tt.kind)
			}
			if tt.cue != "" && q.Cue != tt.cue {
				t.Errorf("cue = %q, want %q", q.Cue, tt.cue)
			}
			if q.Confidence <= 0 || q.Confidence > 1 {
				t.Errorf("confidence = %v, want in (0,1]", q.Confidence)
			}
		})
	}
}

func TestOneCanonicalSpeaker(t *testing.T) {
	text := "Prime Minister Joan Whitaker arrived in Halifax on Friday.\n\n" +
		"“This port built the country,” the prime minister said.\n\n" +
		"“We will invest in it again,” Whitaker added.\n\n" +
		"Asked about the cost, she said: “It will pay for itself.”\n\n" +
		"Ms. Whitaker later told reporters that the plan was final."
	s := extract(t, text)
	if len(s.Speakers) != 1 {
		t.Fatalf("speakers = %+v, want one", s.Speakers)
	}
	sp := s.Speakers[0]
	if sp.Name != "Joan Whitaker" || sp.QuoteCount != 4 {
		t.Errorf("speaker = %+v, want Joan Whitaker with 4 quotes", sp)
	}
	if !contains(sp.Aliases, "Whitaker") || !contains(sp.Aliases, "the prime minister") {
		t.Errorf("aliases = %q, want Whitaker and the prime minister", sp.Aliases)
	}
	if sp.Title != "Prime Minister" {
		t.Errorf("title = %q, want Prime Minister", sp.Title)
	}
}

func TestOffsetsAreBytes(t *testing.T) {
	text := "Zoë Ångström, née Müller, spoke first. “Ça va très bien — merci,” Ångström said."
	s := extract(t, text)
	q, _ := quoteWith(t, s, "Ça va")
	if text[q.Start:q.End] != q.Text || !strings.HasPrefix(q.Text, "“") || !strings.HasSuffix(q.Text, "”") {
		t.Fatalf("quote %q at [%d,%d) does not match the input bytes", q.Text, q.Start, q.End)
	}
	if q.Paragraph != 1 {
		t.Errorf("paragraph = %d, want 1", q.Paragraph)
	}
}

func TestNoQuotations(t *testing.T) {
	s := extract(t, "The river rose two metres overnight. Roads in the valley were closed by morning.")
	if len(s.Quotes) != 0 || len(s.Speakers) != 0 {
		t.Fatalf("want nothing, got %+v", s)
	}
}

func TestConfigHashTracksSettings(t *testing.T) {
	a, b := New(DefaultConfig()), New(Config{Indirect: false})
	if a.ConfigHash() == b.ConfigHash() {
		t.Fatal("different settings share a config hash")
	}
	if a.ConfigHash() != New(DefaultConfig()).ConfigHash() {
		t.Fatal("config hash is not stable")
	}
	s := extract(t, "According to Sarah Novak, the new clinic will treat 4,000 patients a year.")
	if len(s.Quotes) != 1 {
		t.Fatalf("default config should find reported speech")
	}
	off, err := b.Extract(context.Background(), article.Article{Text: "According to Sarah Novak, the new clinic will treat 4,000 patients a year."})
	if err != nil || len(off.Quotes) != 0 {
		t.Fatalf("Indirect=false still found %d quotes (err %v)", len(off.Quotes), err)
	}
}

func TestCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := New(DefaultConfig()).Extract(ctx, article.Article{Text: "“Hi,” she said."}); err == nil {
		t.Fatal("want an error for a cancelled context")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
