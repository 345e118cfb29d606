// Package local stores texts and article records in a folder, mirroring the
// S3 and DynamoDB layouts of the deployed pipeline: s3/text/… holds the
// canonical texts, dynamodb/ART#{source}#{id}/SUMMARY.json the article item
// and QUOTE#nnn.json one item per quote. It serves the CLI's embedded
// defaults; one process at a time may write a folder.
package local

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/pipeline"
)

// Store is a folder-backed text and record store. Its record updates are
// serialised within one process; two processes must not share a folder.
type Store struct {
	dir string
	mu  sync.Mutex
}

var (
	_ pipeline.TextStore   = (*Store)(nil)
	_ pipeline.RecordStore = (*Store)(nil)
)

// New returns a store rooted at dir, creating it if needed.
func New(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	return &Store{dir: dir}, nil
}

// objectPath maps an object key to a file; keys never escape the folder.
func (s *Store) objectPath(key string) (string, error) {
	clean := filepath.Clean("/" + key)
	if clean == "/" || strings.Contains(key, "..") {
		return "", fmt.Errorf("bad object key %q", key)
	}
	return filepath.Join(s.dir, "s3", filepath.FromSlash(clean)), nil
}

// PutText writes data under key unless it exists (put-if-absent).
func (s *Store) PutText(_ context.Context, key string, data []byte) (bool, error) {
	p, err := s.objectPath(key)
	if err != nil {
		return false, err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return false, fmt.Errorf("put %s: %w", key, err)
	}
	tmp, err := writeTemp(filepath.Dir(p), data)
	if err != nil {
		return false, fmt.Errorf("put %s: %w", key, err)
	}
	defer os.Remove(tmp)
	// A hard link fails when the target exists: atomic put-if-absent.
	if err := os.Link(tmp, p); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		return false, fmt.Errorf("put %s: %w", key, err)
	}
	return true, nil
}

// PutPayload keeps a raw delivery under key unless one exists there.
func (s *Store) PutPayload(ctx context.Context, key string, data []byte) (bool, error) {
	return s.PutText(ctx, key, data)
}

// GetText reads the object under key.
func (s *Store) GetText(_ context.Context, key string) ([]byte, error) {
	p, err := s.objectPath(key)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("get %s: %w", key, pipeline.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", key, err)
	}
	return b, nil
}

func (s *Store) itemDir(source, id string) string {
	return filepath.Join(s.dir, "dynamodb", "ART#"+url.PathEscape(source)+"#"+url.PathEscape(id))
}

// GetRecord returns the article item, or nil when there is none.
func (s *Store) GetRecord(_ context.Context, source, id string) (*article.Record, error) {
	b, err := os.ReadFile(filepath.Join(s.itemDir(source, id), "SUMMARY.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read record %s/%s: %w", source, id, err)
	}
	var rec article.Record
	if err := json.Unmarshal(b, &rec); err != nil {
		return nil, fmt.Errorf("decode record %s/%s: %w", source, id, err)
	}
	return &rec, nil
}

// newer reports whether a delivery (CMS time, arrival) is newer than the
// stored record's, as the DynamoDB store decides.
func newer(rec *article.Record, cms, arrival time.Time) bool {
	var rc, ra time.Time
	if rec.CMSUpdated != nil {
		rc = *rec.CMSUpdated
	}
	if rec.Arrival != nil {
		ra = *rec.Arrival
	}
	return rc.Before(cms) || (rc.Equal(cms) && ra.Before(arrival))
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// BeginRevision makes u the article's current revision, PENDING, if it is
// newer than the stored one and differs from it (or brings back a withdrawn
// article); it reports whether the record changed.
func (s *Store) BeginRevision(ctx context.Context, u article.Update) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, err := s.GetRecord(ctx, u.Source, u.ID)
	if err != nil {
		return false, err
	}
	if cur != nil && !(newer(cur, u.CMSUpdated, u.Arrival) && (cur.Revision != u.Revision || cur.Status == article.StatusWithdrawn)) {
		return false, nil
	}
	rec := article.Record{Source: u.Source, ID: u.ID, Revision: u.Revision, Title: u.Title, URL: u.URL, PublishedAt: u.PublishedAt,
		Status: article.StatusPending, CMSUpdated: timePtr(u.CMSUpdated), Arrival: timePtr(u.Arrival), UpdatedAt: time.Now().UTC()}
	return true, s.write(rec)
}

// Withdraw takes an article out of service if the withdrawal is newer than
// the stored state.
func (s *Store) Withdraw(ctx context.Context, source, id string, cmsUpdated, arrival time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, err := s.GetRecord(ctx, source, id)
	if err != nil {
		return false, err
	}
	if cur != nil && !newer(cur, cmsUpdated, arrival) {
		return false, nil
	}
	rec := article.Record{Source: source, ID: id, Status: article.StatusWithdrawn, CMSUpdated: timePtr(cmsUpdated), Arrival: timePtr(arrival), UpdatedAt: time.Now().UTC()}
	if cur != nil {
		rec.Revision = cur.Revision
	}
	return true, s.write(rec)
}

// PutRecord stores a summarize outcome. When ingest has recorded a revision
// (BeginRevision), it fails with pipeline.ErrSuperseded for any other
// revision or a withdrawn article, and keeps the delivery's metadata.
func (s *Store) PutRecord(ctx context.Context, rec article.Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, err := s.GetRecord(ctx, rec.Source, rec.ID)
	if err != nil {
		return err
	}
	if cur != nil && cur.Arrival != nil {
		if cur.Revision != rec.Revision || cur.Status == article.StatusWithdrawn {
			return pipeline.ErrSuperseded
		}
		rec.CMSUpdated, rec.Arrival = cur.CMSUpdated, cur.Arrival
		if rec.Title == "" {
			rec.Title, rec.URL, rec.PublishedAt = cur.Title, cur.URL, cur.PublishedAt
		}
	}
	return s.write(rec)
}

// write replaces the article item and its quote items.
func (s *Store) write(rec article.Record) error {
	dir := s.itemDir(rec.Source, rec.ID)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write record: %w", err)
	}
	old, err := filepath.Glob(filepath.Join(dir, "QUOTE#*.json"))
	if err != nil {
		return fmt.Errorf("write record: %w", err)
	}
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			return fmt.Errorf("write record: %w", err)
		}
	}
	if rec.Summary != nil {
		for i, q := range rec.Summary.Quotes {
			item := quoteItem{Quote: q, Revision: rec.Revision, Source: rec.Source, ArticleID: rec.ID, Title: rec.Summary.Article.Title, URL: rec.Summary.Article.URL, Order: rec.UpdatedAt.Format(time.RFC3339Nano)}
			if p := rec.Summary.Article.PublishedAt; p != nil {
				item.Order = p.UTC().Format(time.RFC3339Nano)
			}
			if sp := rec.Summary.SpeakerByID(q.Speaker); sp != nil {
				item.SpeakerName, item.SpeakerKey = sp.Name, article.NormalizeName(sp.Name)
			}
			if err := writeJSON(filepath.Join(dir, fmt.Sprintf("QUOTE#%03d.json", i+1)), item); err != nil {
				return fmt.Errorf("write quote item: %w", err)
			}
		}
	}
	if err := writeJSON(filepath.Join(dir, "SUMMARY.json"), rec); err != nil {
		return fmt.Errorf("write record: %w", err)
	}
	return nil
}

// quoteItem mirrors the DynamoDB quote item.
type quoteItem struct {
	article.Quote
	Revision    string `json:"revision"`
	Source      string `json:"source"`
	ArticleID   string `json:"article_id"`
	Title       string `json:"title,omitempty"`
	URL         string `json:"url,omitempty"`
	Order       string `json:"order"`
	SpeakerName string `json:"speaker_name"`
	SpeakerKey  string `json:"speaker_key"`
}

// QuotesBySpeaker returns a speaker's quotes across articles, newest first,
// a page at a time; it reads every quote item, which suits a local folder.
func (s *Store) QuotesBySpeaker(_ context.Context, name string, limit int, cursor string) ([]article.SpeakerQuote, string, error) {
	key := article.NormalizeName(name)
	offset := 0
	if cursor != "" {
		n, err := strconv.Atoi(cursor)
		if err != nil || n < 0 {
			return nil, "", article.ErrBadCursor
		}
		offset = n
	}
	files, err := filepath.Glob(filepath.Join(s.dir, "dynamodb", "ART#*", "QUOTE#*.json"))
	if err != nil {
		return nil, "", err
	}
	var all []quoteItem
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, "", fmt.Errorf("read quote item: %w", err)
		}
		var q quoteItem
		if err := json.Unmarshal(b, &q); err != nil {
			return nil, "", fmt.Errorf("decode quote item %s: %w", f, err)
		}
		if key != "" && q.SpeakerKey == key {
			all = append(all, q)
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].Order != all[j].Order {
			return all[i].Order > all[j].Order
		}
		return all[i].Start > all[j].Start
	})
	if offset > len(all) {
		offset = len(all)
	}
	end := min(offset+limit, len(all))
	out := make([]article.SpeakerQuote, 0, end-offset)
	for _, q := range all[offset:end] {
		out = append(out, article.SpeakerQuote{Source: q.Source, ID: q.ArticleID, Title: q.Title, URL: q.URL, Speaker: q.SpeakerName,
			Text: q.Text, Kind: q.Kind, Cue: q.Cue, Start: q.Start, End: q.End, Confidence: q.Confidence, Order: q.Order, Flags: q.Flags})
	}
	next := ""
	if end < len(all) {
		next = strconv.Itoa(end)
	}
	return out, next, nil
}

// writeJSON writes v to path atomically (temp file, then rename).
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := writeTemp(filepath.Dir(path), b)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

func writeTemp(dir string, data []byte) (string, error) {
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return "", err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}
