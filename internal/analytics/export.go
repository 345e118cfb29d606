package analytics

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/pipeline"
)

// Prefix is where the Parquet files live: Prefix + "dt=YYYY-MM-DD/…".
// The Glue table's location and partition projection template name it.
const Prefix = "analytics/quotes/"

// IndexPrefix is where the exporter remembers, per article, which file
// holds its rows, so a new revision (whose date may differ) replaces them
// and a withdrawal removes them. It lies outside the table's location.
const IndexPrefix = "analytics/index/"

// DataKey is the object key of an article's rows:
// analytics/quotes/dt={day}/{digest}.parquet, where digest is 32 hex
// digits of the SHA-256 of the article's tenant, source and id. One file
// per article, so a new revision overwrites it; the name holds no
// character a query engine could read as a URI part, and the rows carry the
// article's identity.
func DataKey(day, tenant, source, id string) string {
	sum := sha256.Sum256([]byte(article.KeyParts(tenant, source, id)))
	return Prefix + "dt=" + day + "/" + hex.EncodeToString(sum[:16]) + ".parquet"
}

// IndexKey is the key of an article's index entry.
func IndexKey(tenant, source, id string) string {
	return IndexPrefix + url.PathEscape(tenant) + "/" + url.PathEscape(source) + "/" + url.PathEscape(id) + ".json"
}

// API is the part of the S3 client the exporter uses.
type API interface {
	PutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	DeleteObject(ctx context.Context, in *s3.DeleteObjectInput, opts ...func(*s3.Options)) (*s3.DeleteObjectOutput, error)
}

// TextReader returns an article text by key (pipeline.TextStore's GetText).
type TextReader interface {
	GetText(ctx context.Context, key string) ([]byte, error)
}

// Exporter keeps the analytics files of a bucket in step with the article
// records: the rows of a DONE record's summary are in exactly one file,
// and any other state (pending, failed, withdrawn, gone) has none.
type Exporter struct {
	api    API
	bucket string
	texts  TextReader
	opts   Options
}

// NewExporter returns an exporter writing to bucket. texts, when not nil,
// supplies the article text that gender inference reads.
func NewExporter(api API, bucket string, texts TextReader, opts Options) *Exporter {
	if api == nil || bucket == "" {
		panic("analytics.NewExporter: client and bucket are required")
	}
	return &Exporter{api: api, bucket: bucket, texts: texts, opts: opts}
}

// index is an article's index entry.
type index struct {
	Key      string `json:"key"`
	Revision string `json:"revision"`
}

// Sync brings the analytics rows of one article in line with its current
// record (nil when it has none): written or replaced for a DONE record,
// removed otherwise. It is idempotent.
func (e *Exporter) Sync(ctx context.Context, tenant, source, id string, rec *article.Record) error {
	ikey := IndexKey(tenant, source, id)
	old, err := e.readIndex(ctx, ikey)
	if err != nil {
		return err
	}
	var rows []Row
	if rec != nil && rec.Status == article.StatusDone && rec.Summary != nil {
		text := ""
		if e.texts != nil {
			b, err := e.texts.GetText(ctx, article.TextKey(tenant, source, id, rec.Revision))
			// A missing text only loses the pronoun and honorific
			// evidence; the rows are still written.
			if err != nil && !errors.Is(err, pipeline.ErrNotFound) {
				return fmt.Errorf("read text for analytics: %w", err)
			}
			text = string(b)
		}
		rows = Rows(*rec, text, e.opts)
	}
	if len(rows) == 0 {
		if old.Key != "" {
			if err := e.delete(ctx, old.Key); err != nil {
				return err
			}
		}
		return e.delete(ctx, ikey)
	}
	key := DataKey(Day(*rec), tenant, source, id)
	data, err := Encode(rows)
	if err != nil {
		return err
	}
	if err := e.put(ctx, key, data, "application/vnd.apache.parquet"); err != nil {
		return err
	}
	if old.Key != "" && old.Key != key {
		if err := e.delete(ctx, old.Key); err != nil {
			return err
		}
	}
	ib, _ := json.Marshal(index{Key: key, Revision: rec.Revision})
	return e.put(ctx, ikey, ib, "application/json")
}

func isNotFound(err error) bool {
	var nsk *types.NoSuchKey
	if errors.As(err, &nsk) {
		return true
	}
	var ae smithy.APIError
	if errors.As(err, &ae) && (ae.ErrorCode() == "NoSuchKey" || ae.ErrorCode() == "NotFound") {
		return true
	}
	return false
}

func (e *Exporter) readIndex(ctx context.Context, key string) (index, error) {
	out, err := e.api.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(e.bucket), Key: aws.String(key)})
	if err != nil {
		if isNotFound(err) {
			return index{}, nil
		}
		return index{}, fmt.Errorf("read analytics index %s: %w", key, err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		return index{}, fmt.Errorf("read analytics index %s: %w", key, err)
	}
	var ix index
	if err := json.Unmarshal(b, &ix); err != nil {
		return index{}, fmt.Errorf("decode analytics index %s: %w", key, err)
	}
	return ix, nil
}

func (e *Exporter) put(ctx context.Context, key string, data []byte, contentType string) error {
	_, err := e.api.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(e.bucket), Key: aws.String(key), Body: bytes.NewReader(data), ContentType: aws.String(contentType)})
	if err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	return nil
}

func (e *Exporter) delete(ctx context.Context, key string) error {
	if _, err := e.api.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(e.bucket), Key: aws.String(key)}); err != nil && !isNotFound(err) {
		return fmt.Errorf("delete %s: %w", key, err)
	}
	return nil
}
