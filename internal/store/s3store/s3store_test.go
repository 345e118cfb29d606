package s3store

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/whosaid/whosaid/internal/awstest"
)

func TestMain(m *testing.M) { os.Exit(awstest.Main(m)) }

func newStore(t *testing.T) *Store {
	t.Helper()
	awstest.Reset(t)
	c := NewClient(awstest.Config(t))
	if _, err := c.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String("articles")}); err != nil {
		t.Fatal(err)
	}
	return New(c, "articles")
}

func TestPutIfAbsent(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	key := "text/generic/a%2Fb/sha256:00.txt"
	created, err := s.PutText(ctx, key, []byte("first"))
	if err != nil || !created {
		t.Fatalf("first put: %v %v", created, err)
	}
	created, err = s.PutText(ctx, key, []byte("second"))
	if err != nil || created {
		t.Fatalf("second put: created=%v err=%v; want kept", created, err)
	}
	got, err := s.GetText(ctx, key)
	if err != nil || string(got) != "first" {
		t.Fatalf("get = %q %v", got, err)
	}
	if _, err := s.GetText(ctx, "text/none.txt"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing key err = %v", err)
	}
	if created, err := s.PutPayload(ctx, "payloads/generic/x/d1.json", []byte(`{}`)); err != nil || !created {
		t.Fatalf("payload: %v %v", created, err)
	}
}

func TestUnavailable(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	s := New(NewClient(awstest.Config(t)), "articles")
	if _, err := s.PutText(context.Background(), "text/x.txt", []byte("x")); err == nil {
		t.Fatal("want an error when S3 is unreachable")
	}
}
