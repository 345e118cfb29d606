package llm

import (
	"fmt"

	"github.com/sashabaranov/go-openai/jsonschema"
)

// SchemaVersion changes whenever Reply changes; it is part of the config hash.
const SchemaVersion = "2"

// Reply is what the model must return. It follows OpenAI's strict mode:
// every field required (no omitempty), no maps, no time types, no embedding.
type Reply struct {
	Summary  string         `json:"summary" description:"Two or three neutral sentences."`
	Speakers []ReplySpeaker `json:"speakers"`
	Quotes   []ReplyQuote   `json:"quotes"`
}

// ReplySpeaker is one speaker as the model names it.
type ReplySpeaker struct {
	Name        string   `json:"name" description:"Fullest name in the article"`
	Aliases     []string `json:"aliases" description:"Other forms used: surname, title, role"`
	Title       string   `json:"title"`
	Affiliation string   `json:"affiliation"`
}

// ReplyQuote is one quotation as the model reports it; the text is checked
// against the article by our code, never trusted.
type ReplyQuote struct {
	Speaker   string `json:"speaker" description:"A speakers name"`
	Text      string `json:"text" description:"Copied verbatim"`
	Kind      string `json:"kind" enum:"direct,partial,indirect"`
	Cue       string `json:"cue"`
	Paragraph int    `json:"paragraph"`
}

// ReplyRefs is Reply with each quotation pointed at instead of copied
// (Config.QuoteRefs), in few tokens: one string a quotation,
// "speaker|paragraph|kind|cue|first words|last words", the speaker an index
// into speakers, the kind a letter (d, p, i). Our code turns each back into
// the exact text before any check.
type ReplyRefs struct {
	Summary  string         `json:"summary" description:"Two or three neutral sentences."`
	Speakers []ReplySpeaker `json:"speakers"`
	Quotes   []string       `json:"quotes" description:"speaker index|paragraph|d, p or i|cue|first 3 words|last 3 words"`
}

// replySchema is the strict JSON schema of Reply, built once;
// replyRefsSchema is ReplyRefs'.
var (
	replySchema     = mustSchema(Reply{})
	replyRefsSchema = mustSchema(ReplyRefs{})
)

func mustSchema(v any) *jsonschema.Definition {
	s, err := jsonschema.GenerateSchemaForType(v)
	if err != nil {
		panic(fmt.Sprintf("llm: reply schema: %v", err)) // a programming error, caught by tests
	}
	return s
}
