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
	"strings"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/pipeline"
)

// Store is a folder-backed text and record store.
type Store struct {
	dir string
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

// GetText reads the object under key.
func (s *Store) GetText(_ context.Context, key string) ([]byte, error) {
	p, err := s.objectPath(key)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(p)
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

// PutRecord writes the article item and its quote items, replacing the
// previous ones.
func (s *Store) PutRecord(_ context.Context, rec article.Record) error {
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
			item := quoteItem{Quote: q, Revision: rec.Revision}
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
	SpeakerName string `json:"speaker_name"`
	SpeakerKey  string `json:"speaker_key"`
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
