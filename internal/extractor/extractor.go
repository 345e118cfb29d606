// Package extractor picks the who-said-what extractor from the settings
// shared by the CLI and the Lambda functions.
package extractor

import (
	"fmt"

	"github.com/whosaid/whosaid/internal/offline"
	"github.com/whosaid/whosaid/internal/pipeline"
)

// New returns the extractor named by mode: auto, offline or llm. This build
// has the offline extractor only; auto uses it.
func New(mode string) (pipeline.Extractor, error) {
	switch mode {
	case "auto", "offline", "":
		return offline.New(offline.DefaultConfig()), nil
	case "llm":
		return nil, fmt.Errorf("extractor %q: this build has no LLM extractor yet; use offline or auto", mode)
	}
	return nil, fmt.Errorf("unknown extractor %q (want auto, offline or llm)", mode)
}
