package webhook

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The official Standard Webhooks vector (libraries/go/webhook_test.go).
const (
	vecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	vecID     = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	vecTS     = "1614265330"
	vecBody   = `{"test": 2432232314}`
	vecSig    = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

func headers(id, ts, sig string) http.Header {
	h := http.Header{}
	for k, v := range map[string]string{"Webhook-Id": id, "WEBHOOK-TIMESTAMP": ts, "webhook-signature": sig} {
		if v != "" {
			h[k] = []string{v} // raw keys: lookups must not depend on case
		}
	}
	return h
}

func TestVerifyStandard(t *testing.T) {
	now := time.Unix(1614265330, 0)
	tests := []struct {
		name   string
		h      http.Header
		body   string
		secret string
		now    time.Time
		want   error
	}{
		{"official vector", headers(vecID, vecTS, vecSig), vecBody, vecSecret, now, nil},
		{"bogus entry first", headers(vecID, vecTS, "v1,bogus "+vecSig), vecBody, vecSecret, now, nil},
		{"only bogus", headers(vecID, vecTS, "v1,bogus v2,"+vecSig[3:]), vecBody, vecSecret, now, ErrBadSignature},
		{"wrong secret", headers(vecID, vecTS, vecSig), vecBody, "whsec_" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAA", now, ErrBadSignature},
		{"tampered body", headers(vecID, vecTS, vecSig), `{"test": 2432232315}`, vecSecret, now, ErrBadSignature},
		{"re-marshalled body", headers(vecID, vecTS, vecSig), `{"test":2432232314}`, vecSecret, now, ErrBadSignature},
		{"too old", headers(vecID, vecTS, vecSig), vecBody, vecSecret, now.Add(StandardTolerance + time.Second), ErrStale},
		{"from the future", headers(vecID, vecTS, vecSig), vecBody, vecSecret, now.Add(-StandardTolerance - time.Second), ErrStale},
		{"missing signature", headers(vecID, vecTS, ""), vecBody, vecSecret, now, ErrNoSignature},
		{"missing id", headers("", vecTS, vecSig), vecBody, vecSecret, now, ErrNoSignature},
		{"truncated signature", headers(vecID, vecTS, vecSig[:20]), vecBody, vecSecret, now, ErrBadSignature},
		{"bad secret", headers(vecID, vecTS, vecSig), vecBody, "whsec_!!!", now, ErrBadSecret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := VerifyStandard(tt.h, []byte(tt.body), tt.secret, tt.now, StandardTolerance)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if err == nil && id != vecID {
				t.Fatalf("id = %q", id)
			}
		})
	}
}

func TestSignStandardRoundTrip(t *testing.T) {
	h, err := SignStandard(vecSecret, vecID, time.Unix(1614265330, 0), []byte(vecBody))
	if err != nil {
		t.Fatal(err)
	}
	if h["webhook-signature"] != vecSig {
		t.Fatalf("signature = %q, want the official %q", h["webhook-signature"], vecSig)
	}
}

func TestParseGeneric(t *testing.T) {
	ok := `{"type":"article.updated","data":{"source":"wordpress","id":"42","title":"T","url":"https://x/","authors":["A"],"updated_at":"2026-11-20T10:05:00Z","body":{"format":"html","value":"<p>x</p>"}}}`
	d, err := ParseGeneric([]byte(ok))
	if err != nil {
		t.Fatal(err)
	}
	if d.Event != EventUpdated || d.ID != "42" || d.Source != "wordpress" || d.Body.Format != "html" || d.UpdatedAt.Year() != 2026 {
		t.Fatalf("delivery = %+v", d)
	}
	del, err := ParseGeneric([]byte(`{"type":"article.deleted","data":{"id":"42"}}`))
	if err != nil || !del.Event.Withdraws() {
		t.Fatalf("deleted: %+v %v", del, err)
	}
	for _, bad := range []string{``, `[]`, `{"type":"article.published"}`, `{"type":"nope","data":{"id":"1"}}`,
		`{"type":"article.published","data":{"id":"1"}}`, `{"type":"article.published","data":{"id":" ","body":{"format":"html","value":"x"}}}`,
		`{"type":"article.published","data":{"id":"1","body":{"format":"docx","value":"x"}}}`, `{"type":"article.published","data":{"id":"1","updated_at":"yesterday"}}`} {
		if _, err := ParseGeneric([]byte(bad)); !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseGeneric(%q) err = %v, want ErrMalformed", bad, err)
		}
	}
}

func FuzzParseGeneric(f *testing.F) {
	f.Add([]byte(`{"type":"article.published","data":{"id":"1","body":{"format":"text","value":"x"}}}`))
	f.Add([]byte(`{"type":"article.deleted","data":{"id":"1"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := ParseGeneric(b)
		if err == nil && strings.TrimSpace(d.ID) == "" {
			t.Fatal("accepted a delivery without id")
		}
	})
}
