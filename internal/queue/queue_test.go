package queue

import (
	"testing"

	"github.com/whosaid/whosaid/internal/article"
)

func TestMessageRoundTrip(t *testing.T) {
	key := article.TextKey("desk", "ghost", "posts/42 draft+1", "sha256:ab")
	body, err := Message("bucket", key, "whosaid")
	if err != nil {
		t.Fatal(err)
	}
	keys, err := Keys(string(body))
	if err != nil || len(keys) != 1 || keys[0] != key {
		t.Fatalf("keys = %q %v, want %q", keys, err, key)
	}
}

func TestKeysFromS3Notifications(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		// AWS leaves "/" and encodes spaces as "+"; moto encodes "/" too.
		{"aws", `{"Records":[{"eventName":"ObjectCreated:Put","s3":{"object":{"key":"text/generic/a%2520b/sha256%3Aab.txt"}}}]}`, []string{"text/generic/a%20b/sha256:ab.txt"}},
		{"moto", `{"Records":[{"eventTime":"2026-11-26T19:15:18.774898","eventName":"ObjectCreated:Put","s3":{"object":{"key":"text%2Fgeneric%2Fx%2Fsha256%3Aab.txt"}}}]}`, []string{"text/generic/x/sha256:ab.txt"}},
		{"test event", `{"Service":"Amazon S3","Event":"s3:TestEvent"}`, nil},
		{"removal", `{"Records":[{"eventName":"ObjectRemoved:Delete","s3":{"object":{"key":"text/x"}}}]}`, nil},
	}
	for _, tt := range tests {
		got, err := Keys(tt.body)
		if err != nil || len(got) != len(tt.want) || (len(got) == 1 && got[0] != tt.want[0]) {
			t.Errorf("%s: Keys = %q %v, want %q", tt.name, got, err, tt.want)
		}
	}
	if _, err := Keys("not json"); err == nil {
		t.Error("want an error for a body that is not JSON")
	}
}
