package secrets

import (
	"context"
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	ts, err := Parse([]byte(`{"generic":{"acme":"whsec_x","empty":""}}`))
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := ts.Secret("generic", "acme"); !ok || s != "whsec_x" {
		t.Errorf("acme = %q %v", s, ok)
	}
	for _, c := range [][2]string{{"generic", "empty"}, {"generic", "nobody"}, {"ghost", "acme"}} {
		if _, ok := ts.Secret(c[0], c[1]); ok {
			t.Errorf("%v should have no secret", c)
		}
	}
	if _, err := Parse([]byte(`["not","a","map"]`)); err == nil {
		t.Error("want an error for the wrong shape")
	}
}

func TestLazyLoadsOnceAndRetriesFailures(t *testing.T) {
	calls := 0
	fail := true
	l := NewLazy(func(context.Context) (Tenants, error) {
		calls++
		if fail {
			return nil, errors.New("extension not ready")
		}
		return Tenants{"ghost": {"desk": "k"}}, nil
	})
	if _, ok := l.Secret("ghost", "desk"); ok {
		t.Fatal("a secret before loading")
	}
	if err := l.Ensure(context.Background()); err == nil {
		t.Fatal("want the load error")
	}
	fail = false
	for range 3 {
		if err := l.Ensure(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if s, ok := l.Secret("ghost", "desk"); !ok || s != "k" || calls != 2 {
		t.Errorf("secret %q %v after %d loads; want k after 2", s, ok, calls)
	}
}

func TestFromLocalEnv(t *testing.T) {
	t.Setenv("WHOSAID_WEBHOOK_SECRETS", `{"ghost":{"desk":"a-secret"}}`)
	t.Setenv("AWS_SAM_LOCAL", "")
	if _, ok, err := FromLocalEnv(); ok || err != nil {
		t.Errorf("outside sam local: ok=%v err=%v, want the SSM path", ok, err)
	}
	t.Setenv("AWS_SAM_LOCAL", "true")
	ts, ok, err := FromLocalEnv()
	if s, found := ts.Secret("ghost", "desk"); !ok || err != nil || !found || s != "a-secret" {
		t.Errorf("under sam local: %v %v %v", ts, ok, err)
	}
	t.Setenv("WHOSAID_WEBHOOK_SECRETS", `not json`)
	if _, ok, err := FromLocalEnv(); !ok || err == nil {
		t.Errorf("bad JSON: ok=%v err=%v", ok, err)
	}
}
