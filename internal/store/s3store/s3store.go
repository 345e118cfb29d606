// Package s3store keeps article texts and raw webhook deliveries in S3,
// written once: a put never replaces an existing object.
package s3store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/whosaid/whosaid/internal/pipeline"
)

// API is the part of the S3 client the store uses.
type API interface {
	PutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// Store reads and writes objects in one bucket.
type Store struct {
	api    API
	bucket string
}

var _ pipeline.TextStore = (*Store)(nil)

// New returns a store for bucket.
func New(api API, bucket string) *Store {
	if api == nil || bucket == "" {
		panic("s3store.New: client and bucket are required")
	}
	return &Store{api: api, bucket: bucket}
}

// NewClient builds an S3 client from cfg; with an endpoint override
// (AWS_ENDPOINT_URL, for local stand-ins) it uses path-style addressing.
func NewClient(cfg aws.Config) *s3.Client {
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		if cfg.BaseEndpoint != nil || os.Getenv("AWS_ENDPOINT_URL") != "" || os.Getenv("AWS_ENDPOINT_URL_S3") != "" {
			o.UsePathStyle = true
		}
	})
}

// Bucket names the store's bucket.
func (s *Store) Bucket() string { return s.bucket }

// ErrNotFound means no object has the key (pipeline.ErrNotFound).
var ErrNotFound = pipeline.ErrNotFound

// PutText stores data under key unless an object exists there
// (If-None-Match: *); it reports whether it created the object.
func (s *Store) PutText(ctx context.Context, key string, data []byte) (bool, error) {
	return s.put(ctx, key, data, "text/plain; charset=utf-8")
}

// PutPayload stores a raw delivery under key unless one exists there.
func (s *Store) PutPayload(ctx context.Context, key string, data []byte) (bool, error) {
	return s.put(ctx, key, data, "application/json")
}

func (s *Store) put(ctx context.Context, key string, data []byte, contentType string) (bool, error) {
	_, err := s.api.PutObject(ctx, &s3.PutObjectInput{
		Bucket:      aws.String(s.bucket),
		Key:         aws.String(key),
		Body:        bytes.NewReader(data),
		ContentType: aws.String(contentType),
		IfNoneMatch: aws.String("*"),
	})
	if err != nil {
		var ae smithy.APIError
		if errors.As(err, &ae) && (ae.ErrorCode() == "PreconditionFailed" || ae.ErrorCode() == "ConditionalRequestConflict") {
			return false, nil
		}
		return false, fmt.Errorf("s3 put %s: %w", key, err)
	}
	return true, nil
}

// GetText returns the object under key; ErrNotFound when there is none.
func (s *Store) GetText(ctx context.Context, key string) ([]byte, error) {
	out, err := s.api.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)})
	if err != nil {
		var ae smithy.APIError
		if errors.As(err, &ae) && (ae.ErrorCode() == "NoSuchKey" || ae.ErrorCode() == "NotFound") {
			return nil, fmt.Errorf("s3 get %s: %w", key, ErrNotFound)
		}
		return nil, fmt.Errorf("s3 get %s: %w", key, err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		return nil, fmt.Errorf("s3 read %s: %w", key, err)
	}
	return b, nil
}
