package secrets

import "testing"

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
