package secrets

import (
	"fmt"
	"os"
)

// FromLocalEnv returns the webhook secrets given as JSON in
// WHOSAID_WEBHOOK_SECRETS, for local runs only: it reads them only when
// AWS_SAM_LOCAL is "true", which `sam local` sets (and the tests that stand
// in for it), never Lambda itself, so a value left in a deployed
// environment is ignored and the secrets come from SSM. ok is false when
// the secrets are to be read from SSM.
func FromLocalEnv() (t Tenants, ok bool, err error) {
	raw := os.Getenv("WHOSAID_WEBHOOK_SECRETS")
	if os.Getenv("AWS_SAM_LOCAL") != "true" || raw == "" {
		return nil, false, nil
	}
	t, err = Parse([]byte(raw))
	if err != nil {
		return nil, true, fmt.Errorf("WHOSAID_WEBHOOK_SECRETS: %w", err)
	}
	return t, true, nil
}
