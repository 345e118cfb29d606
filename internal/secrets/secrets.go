// Package secrets holds the webhook secrets of every CMS and tenant. They
// come from one SSM SecureString parameter holding JSON,
// {"<cms>": {"<tenant>": "<secret>"}}, read once per cold start.
package secrets

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

// Tenants maps a CMS name and a tenant to its webhook secret.
type Tenants map[string]map[string]string

// Secret returns the secret of a tenant of a CMS.
func (t Tenants) Secret(cms, tenant string) (string, bool) {
	s, ok := t[cms][tenant]
	return s, ok && s != ""
}

// Parse reads the JSON form.
func Parse(b []byte) (Tenants, error) {
	var t Tenants
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("webhook secrets are not JSON of the form {\"cms\":{\"tenant\":\"secret\"}}: %w", err)
	}
	return t, nil
}

// ParameterAPI is the part of the SSM client used here.
type ParameterAPI interface {
	GetParameter(ctx context.Context, in *ssm.GetParameterInput, opts ...func(*ssm.Options)) (*ssm.GetParameterOutput, error)
}

// Parameter reads a SecureString parameter, decrypted.
func Parameter(ctx context.Context, api ParameterAPI, name string) (string, error) {
	out, err := api.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(name), WithDecryption: aws.Bool(true)})
	if err != nil {
		return "", fmt.Errorf("read SSM parameter %s: %w", name, err)
	}
	if out.Parameter == nil || out.Parameter.Value == nil {
		return "", fmt.Errorf("SSM parameter %s has no value", name)
	}
	return *out.Parameter.Value, nil
}

// Load reads the tenants' secrets from the named parameter.
func Load(ctx context.Context, api ParameterAPI, name string) (Tenants, error) {
	v, err := Parameter(ctx, api, name)
	if err != nil {
		return nil, err
	}
	t, err := Parse([]byte(v))
	if err != nil {
		return nil, fmt.Errorf("SSM parameter %s: %w", name, err)
	}
	return t, nil
}
