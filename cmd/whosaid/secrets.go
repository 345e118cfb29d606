package main

import (
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/whosaid/whosaid/internal/cms"
	"github.com/whosaid/whosaid/internal/secrets"
)

// contentfulSecret is the form Contentful requires of a request
// verification secret.
var contentfulSecret = regexp.MustCompile(`^[0-9a-zA-Z+/=_-]{64}$`)

// checkSecret reports why a CMS's signing scheme cannot use a secret: an
// unknown CMS; for Standard Webhooks (generic, arcxp) anything but "whsec_"
// and the base64 of 24 to 64 bytes; for Contentful anything but its 64
// characters; for every scheme an empty secret, or one with spaces or
// characters outside printable ASCII (such as a copied placeholder "…").
func checkSecret(name, secret string) error {
	if _, ok := cms.Lookup(name); !ok {
		return fmt.Errorf("unknown CMS %q (want one of %s)", name, strings.Join(cms.Names(), ", "))
	}
	if secret == "" {
		return errors.New("the secret is empty")
	}
	for _, r := range secret {
		if r <= ' ' || r > '~' {
			return fmt.Errorf("the secret contains %q: only printable ASCII without spaces is allowed (a placeholder left in?)", r)
		}
	}
	switch name {
	case "generic", "arcxp":
		if !strings.HasPrefix(secret, "whsec_") {
			return errors.New(`a Standard Webhooks secret starts with "whsec_"`)
		}
		key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
		if err != nil {
			return errors.New(`after "whsec_" a Standard Webhooks secret is standard base64`)
		}
		if len(key) < 24 || len(key) > 64 {
			return fmt.Errorf("a Standard Webhooks key is 24 to 64 bytes, this one is %d", len(key))
		}
	case "contentful":
		if !contentfulSecret.MatchString(secret) {
			return fmt.Errorf("a Contentful secret is exactly 64 characters of 0-9 a-z A-Z + / = _ -, this one has %d", len(secret))
		}
	}
	return nil
}

// checkTenants checks every configured secret and returns all problems at
// once, each naming its CMS and tenant (never the secret).
func checkTenants(t secrets.Tenants) error {
	var errs []error
	names := make([]string, 0, len(t))
	for n := range t {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		tenants := make([]string, 0, len(t[n]))
		for tn := range t[n] {
			tenants = append(tenants, tn)
		}
		sort.Strings(tenants)
		if len(tenants) == 0 {
			errs = append(errs, fmt.Errorf("%s: no tenants", n))
		}
		for _, tn := range tenants {
			if strings.TrimSpace(tn) == "" || strings.ContainsAny(tn, "/ ") {
				errs = append(errs, fmt.Errorf("%s: tenant %q is not a URL path segment", n, tn))
				continue
			}
			if err := checkSecret(n, t[n][tn]); err != nil {
				errs = append(errs, fmt.Errorf("%s tenant %q: %w", n, tn, err))
			}
		}
	}
	return errors.Join(errs...)
}
