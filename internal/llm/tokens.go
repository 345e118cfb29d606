package llm

import (
	"fmt"
	"sync"

	"github.com/pkoukk/tiktoken-go"
	tiktoken_loader "github.com/pkoukk/tiktoken-go-loader"
)

// Tokenizer counts tokens exactly as the model's encoding does, from BPE
// tables embedded in the binary: nothing is downloaded.
type Tokenizer struct {
	enc *tiktoken.Tiktoken
}

var loaderOnce sync.Once

// NewTokenizer returns the tokenizer of a model: its own encoding when
// tiktoken knows the model, else o200k_base (the encoding of current OpenAI
// models, and a close count for most others).
func NewTokenizer(model string) (*Tokenizer, error) {
	loaderOnce.Do(func() { tiktoken.SetBpeLoader(tiktoken_loader.NewOfflineLoader()) })
	enc, err := tiktoken.EncodingForModel(model)
	if err != nil {
		enc, err = tiktoken.GetEncoding(tiktoken.MODEL_O200K_BASE)
	}
	if err != nil {
		return nil, fmt.Errorf("load tokenizer: %w", err)
	}
	return &Tokenizer{enc: enc}, nil
}

// Count returns the number of tokens of s.
func (t *Tokenizer) Count(s string) int {
	return len(t.enc.Encode(s, nil, nil))
}

// chatOverhead is what the chat format adds per message and per reply
// (OpenAI's cookbook: 3 tokens a message, 3 to prime the reply).
const (
	perMessage = 3
	perReply   = 3
)

// CountMessages counts a chat request's message tokens.
func (t *Tokenizer) CountMessages(msgs ...string) int {
	n := perReply
	for _, m := range msgs {
		n += perMessage + t.Count(m)
	}
	return n
}
