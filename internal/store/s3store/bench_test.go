package s3store

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// BenchmarkClientCPU measures the S3 client's own work for the store's calls
// (endpoint rules, signing, serialising), against a local server that
// answers at once. Compare the Makefile's build with the default one:
//
//	go test -run '^$' -bench ClientCPU ./internal/store/s3store
//	go test -run '^$' -bench ClientCPU -gcflags=github.com/aws/aws-sdk-go-v2/service/s3=-l ./internal/store/s3store
func BenchmarkClientCPU(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if r.Method == http.MethodGet {
			_, _ = io.WriteString(w, "text")
		}
	}))
	defer srv.Close()
	cfg := aws.Config{
		Region:      "eu-west-1",
		Credentials: aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider("key", "secret", "token")),
	}
	b.Run("ResolveEndpoint", func(b *testing.B) {
		r := s3.NewDefaultEndpointResolverV2()
		p := s3.EndpointParameters{Region: aws.String("eu-west-1"), Bucket: aws.String("articles"),
			UseFIPS: aws.Bool(false), UseDualStack: aws.Bool(false), Accelerate: aws.Bool(false), ForcePathStyle: aws.Bool(false)}
		for b.Loop() {
			if _, err := r.ResolveEndpoint(context.Background(), p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("PutGet", func(b *testing.B) {
		local := cfg
		local.BaseEndpoint = aws.String(srv.URL)
		s := New(NewClient(local), "articles")
		ctx := context.Background()
		data := []byte(strings.Repeat("A paragraph of article text. ", 170))
		for b.Loop() {
			if _, err := s.PutText(ctx, "text/k.txt", data); err != nil {
				b.Fatal(err)
			}
			if _, err := s.GetText(ctx, "text/k.txt"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
