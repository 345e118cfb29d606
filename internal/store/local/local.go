// Package local stores texts and article records in a folder, mirroring the
// S3 and DynamoDB layouts of the deployed pipeline: s3/text/… holds the
// canonical texts and dynamodb/ART#{tenant}#{source}#{id}/SUMMARY.json the
// article item with its summary and quotes (one file per article, however
// many quotations). It serves the CLI's embedded defaults; one process at a
// time may write a folder.
package local

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

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
	parts := strings.Split(strings.TrimPrefix(clean, "/"), "/")
	for i, p := range parts {
		parts[i] = shortName(p)
	}
	return filepath.Join(append([]string{s.dir, "s3"}, parts...)...), nil
}

// maxName is the longest file name the store writes; longer key parts are
// replaced by a digest, so any key S3 takes is a valid path here.
const maxName = 200

// shortName returns name, or a digest of it when it is too long for a file
// name on common file systems.
func shortName(name string) string {
	if len(name) <= maxName {
		return name
	}
	sum := sha256.Sum256([]byte(name))
	return "~" + hex.EncodeToString(sum[:])
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

// itemDir is the folder of an article's items:
// dynamodb/ART#{tenant}#{source}#{id}, each part escaped (see
// article.KeyParts), or a digest of that name when it is too long.
func (s *Store) itemDir(tenant, source, id string) string {
	return filepath.Join(s.dir, "dynamodb", shortName("ART#"+article.KeyParts(tenant, source, id)))
}

// GetRecord returns the record of an article, or nil when there is none.
func (s *Store) GetRecord(_ context.Context, tenant, source, id string) (*article.Record, error) {
	return readRecord(filepath.Join(s.itemDir(tenant, source, id), "SUMMARY.json"))
}

func readRecord(path string) (*article.Record, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read record: %w", err)
	}
	var rec article.Record
	if err := json.Unmarshal(b, &rec); err != nil {
		return nil, fmt.Errorf("decode record %s: %w", filepath.Base(filepath.Dir(path)), err)
	}
	return &rec, nil
}

// newer reports whether a delivery comes after the stored state: by the
// CMS's updated time, then its content version (when it sent one), then
// arrival, as the DynamoDB store orders them.
func newer(rec *article.Record, u article.Update) bool {
	var rc, ra time.Time
	if rec.CMSUpdated != nil {
		rc = *rec.CMSUpdated
	}
	if rec.Arrival != nil {
		ra = *rec.Arrival
	}
	if !rc.Equal(u.CMSUpdated) {
		return rc.Before(u.CMSUpdated)
	}
	if u.CMSVersion != 0 && rec.CMSVersion != u.CMSVersion {
		return rec.CMSVersion < u.CMSVersion
	}
	return ra.Before(u.Arrival)
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// BeginRevision makes u the article's current revision, PENDING, when it is
// newer than the stored one and differs from it (or brings back a withdrawn
// article), as the DynamoDB store does.
func (s *Store) BeginRevision(ctx context.Context, u article.Update) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, err := s.GetRecord(ctx, u.Tenant, u.Source, u.ID)
	if err != nil {
		return false, err
	}
	if cur != nil && !(newer(cur, u) && (cur.Revision != u.Revision || cur.Status == article.StatusWithdrawn)) {
		return false, nil
	}
	if cur != nil && u.CMSUpdated.IsZero() && u.CMSVersion == 0 && slices.Contains(cur.Seen, article.SeenKey(u.Revision)) {
		return false, nil // ordered by arrival alone: an earlier body never comes back
	}
	rec := article.Record{Tenant: u.Tenant, Source: u.Source, ID: u.ID, Revision: u.Revision, Title: u.Title, URL: u.URL, PublishedAt: u.PublishedAt,
		Status: article.StatusPending, CMSUpdated: timePtr(u.CMSUpdated), CMSVersion: u.CMSVersion, Arrival: timePtr(u.Arrival), UpdatedAt: time.Now().UTC(), Correlation: u.Correlation}
	rec.Authors = u.Authors
	rec.Section, rec.Tags = cutLabel(u.Section), u.Tags[:min(len(u.Tags), maxTags)]
	if rec.Tags != nil {
		rec.Tags = slices.Clone(rec.Tags)
		for i, t := range rec.Tags {
			rec.Tags[i] = cutLabel(t)
		}
	}
	if cur != nil {
		rec.Seen = cur.Seen
	}
	if k := article.SeenKey(u.Revision); !slices.Contains(rec.Seen, k) {
		rec.Seen = append(rec.Seen, k)
	}
	return true, s.write(rec)
}

// Withdraw marks an article withdrawn when the withdrawal is newer than the
// stored state; its quotes are no longer served.
func (s *Store) Withdraw(ctx context.Context, u article.Update) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, err := s.GetRecord(ctx, u.Tenant, u.Source, u.ID)
	if err != nil {
		return false, err
	}
	if cur != nil && !newer(cur, u) {
		return false, nil
	}
	rec := article.Record{Tenant: u.Tenant, Source: u.Source, ID: u.ID, Status: article.StatusWithdrawn, CMSUpdated: timePtr(u.CMSUpdated), CMSVersion: u.CMSVersion, Arrival: timePtr(u.Arrival), UpdatedAt: time.Now().UTC()}
	if cur != nil {
		rec.Revision, rec.Seen = cur.Revision, cur.Seen
	}
	return true, s.write(rec)
}

// MarkAnnounced records that ingest announced revision to summarize, while
// it is the article's revision.
func (s *Store) MarkAnnounced(ctx context.Context, tenant, source, id, revision string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, err := s.GetRecord(ctx, tenant, source, id)
	if err != nil || cur == nil || cur.Revision != revision {
		return err
	}
	cur.Announced = revision
	return s.write(*cur)
}

// PutRecord stores the outcome of a summarize run. It fails with
// pipeline.ErrSuperseded when ingest has moved the article to another
// revision or withdrawn it.
func (s *Store) PutRecord(ctx context.Context, rec article.Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, err := s.GetRecord(ctx, rec.Tenant, rec.Source, rec.ID)
	if err != nil {
		return err
	}
	if cur != nil && cur.Arrival != nil {
		if cur.Revision != rec.Revision || cur.Status == article.StatusWithdrawn {
			return pipeline.ErrSuperseded
		}
		rec.CMSUpdated, rec.CMSVersion, rec.Arrival, rec.Seen, rec.Announced = cur.CMSUpdated, cur.CMSVersion, cur.Arrival, cur.Seen, cur.Announced
		if rec.Status == article.StatusFailed {
			rec.Attempts, rec.NextTry = cur.Attempts, cur.NextTry // the reprocessor's backoff goes on
		}
		if rec.Title == "" {
			rec.Title, rec.URL, rec.PublishedAt = cur.Title, cur.URL, cur.PublishedAt
		}
		if rec.Authors == nil {
			rec.Authors, rec.Section, rec.Tags = cur.Authors, cur.Section, cur.Tags
		}
	}
	return s.write(rec)
}

// write replaces the article item. The quotes live in the item's summary:
// one file per article, however many quotations it has.
func (s *Store) write(rec article.Record) error {
	dir := s.itemDir(rec.Tenant, rec.Source, rec.ID)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write record: %w", err)
	}
	if err := writeJSON(filepath.Join(dir, "SUMMARY.json"), rec); err != nil {
		return fmt.Errorf("write record: %w", err)
	}
	return nil
}

// records returns every article record in the folder.
func (s *Store) records() ([]*article.Record, error) {
	files, err := filepath.Glob(filepath.Join(s.dir, "dynamodb", "ART#*", "SUMMARY.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []*article.Record
	for _, f := range files {
		rec, err := readRecord(f)
		if err != nil {
			return nil, err
		}
		if rec != nil {
			out = append(out, rec)
		}
	}
	return out, nil
}

// QuotesBySpeaker returns a speaker's quotes across the tenant's served
// articles, newest first, a page at a time; the cursor is an offset.
func (s *Store) QuotesBySpeaker(_ context.Context, tenant, name string, limit int, cursor string) ([]article.SpeakerQuote, string, error) {
	key := article.NormalizeName(name)
	offset := 0
	if cursor != "" {
		n, err := strconv.Atoi(cursor)
		if err != nil || n < 0 {
			return nil, "", article.ErrBadCursor
		}
		offset = n
	}
	recs, err := s.records()
	if err != nil {
		return nil, "", err
	}
	var all []article.SpeakerQuote
	for _, rec := range recs {
		if rec.Tenant != tenant || rec.Status != article.StatusDone || rec.Summary == nil || key == "" {
			continue
		}
		sum := rec.Summary
		order := rec.UpdatedAt.UTC().Format(time.RFC3339Nano)
		if p := sum.Article.PublishedAt; p != nil {
			order = p.UTC().Format(time.RFC3339Nano)
		}
		for _, q := range sum.Quotes {
			sp := sum.SpeakerByID(q.Speaker)
			if sp == nil || article.NormalizeName(sp.Name) != key {
				continue
			}
			all = append(all, article.SpeakerQuote{Source: rec.Source, ID: rec.ID, Title: sum.Article.Title, URL: sum.Article.URL, Speaker: sp.Name,
				Text: q.Text, Kind: q.Kind, Cue: q.Cue, Start: q.Start, End: q.End, Confidence: q.Confidence, Order: order, Flags: q.Flags})
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].Order != all[j].Order {
			return all[i].Order > all[j].Order
		}
		return all[i].Start > all[j].Start
	})
	offset = min(offset, len(all))
	end := min(offset+limit, len(all))
	out := append([]article.SpeakerQuote{}, all[offset:end]...)
	next := ""
	if end < len(all) {
		next = strconv.Itoa(end)
	}
	return out, next, nil
}

// Work returns up to limit articles of a work partition (article.WorkFailed,
// article.WorkPending or article.HashPartition) last updated (or due)
// before `before`, from cursor on, as the DynamoDB store's work index does:
// in order of that time, and the cursor names the last item returned, so
// items leaving the partition meanwhile do not shift the next page.
func (s *Store) Work(_ context.Context, partition string, before time.Time, limit int, cursor string) ([]article.WorkItem, string, error) {
	var after workPos
	if cursor != "" {
		var ok bool
		if after, ok = parseWorkPos(cursor); !ok {
			return nil, "", article.ErrBadCursor
		}
	}
	recs, err := s.records()
	if err != nil {
		return nil, "", err
	}
	type entry struct {
		pos workPos
		it  article.WorkItem
	}
	var all []entry
	for _, r := range recs {
		in := false
		switch partition {
		case article.WorkFailed:
			in = r.Status == article.StatusFailed && !r.Permanent
		case article.WorkRefused:
			in = r.Status == article.StatusFailed && r.Permanent
		case article.WorkPending:
			in = r.Status == article.StatusPending
		case article.WorkGaveUp:
			in = r.Status == article.StatusGaveUp
		default:
			in = r.Status == article.StatusDone && article.HashPartition(r.ConfigHash) == partition
		}
		if in && due(r).Before(before) {
			p := workPos{at: due(r).UnixNano(), key: article.KeyParts(r.Tenant, r.Source, r.ID)}
			if cursor == "" || after.less(p) {
				all = append(all, entry{p, article.WorkItem{Tenant: r.Tenant, Source: r.Source, ID: r.ID, Revision: r.Revision, Status: r.Status}})
			}
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].pos.less(all[j].pos) })
	end := min(limit, len(all))
	out := make([]article.WorkItem, end)
	for i := range end {
		out[i] = all[i].it
	}
	next := ""
	if end < len(all) {
		next = all[end-1].pos.String()
	}
	return out, next, nil
}

// Hashes returns every config hash a stored summary was made with.
func (s *Store) Hashes(context.Context) ([]string, error) {
	recs, err := s.records()
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, r := range recs {
		if r.Status == article.StatusDone && r.ConfigHash != "" && !seen[r.ConfigHash] {
			seen[r.ConfigHash] = true
			out = append(out, r.ConfigHash)
		}
	}
	return out, nil
}

// Cursor returns the saved cursor of a resumable run ("" when none).
func (s *Store) Cursor(_ context.Context, name string) (string, error) {
	b, err := os.ReadFile(filepath.Join(s.dir, "dynamodb", "CTRL", shortName("CURSOR#"+url.PathEscape(name))))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read cursor: %w", err)
	}
	return string(b), nil
}

// SaveCursor stores the cursor of a resumable run; "" clears it.
func (s *Store) SaveCursor(_ context.Context, name, cursor string) error {
	dir := filepath.Join(s.dir, "dynamodb", "CTRL")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("save cursor: %w", err)
	}
	tmp, err := writeTemp(dir, []byte(cursor))
	if err != nil {
		return fmt.Errorf("save cursor: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, shortName("CURSOR#"+url.PathEscape(name)))); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("save cursor: %w", err)
	}
	return nil
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

// maxTags and maxLabelBytes bound the tags a record keeps and the length of
// its section and of each tag, as the DynamoDB store does.
const (
	maxTags       = 32
	maxLabelBytes = 256
)

// cutLabel cuts a section or tag to maxLabelBytes on a character boundary.
func cutLabel(x string) string {
	if len(x) <= maxLabelBytes {
		return x
	}
	n := maxLabelBytes
	for n > 0 && !utf8.RuneStart(x[n]) {
		n--
	}
	return x[:n]
}
