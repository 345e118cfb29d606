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
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/whosaid/whosaid/internal/article"
)

// This file holds the reprocessor's parts of the local store, as the
// DynamoDB store has them: attempt counting, parking, leases and counts.

// due is when a record is due in its work partition: its next try when the
// reprocessor set one, else its last update.
func due(r *article.Record) time.Time {
	if r.NextTry != nil && (r.Status == article.StatusFailed || r.Status == article.StatusPending) {
		return *r.NextTry
	}
	return r.UpdatedAt
}

// inPartition reports whether a record is in a work partition.
func inPartition(r *article.Record, partition string) bool {
	switch partition {
	case article.WorkFailed:
		return r.Status == article.StatusFailed && !r.Permanent
	case article.WorkPending:
		return r.Status == article.StatusPending
	case article.WorkGaveUp:
		return r.Status == article.StatusGaveUp
	}
	return false
}

// Claim counts one more try of the item's revision and schedules the next
// one at next(attempts); ok is false when the article moved on.
func (s *Store) Claim(ctx context.Context, it article.WorkItem, partition string, next func(attempts int) time.Time) (int, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, err := s.GetRecord(ctx, it.Tenant, it.Source, it.ID)
	if err != nil || cur == nil || cur.Revision != it.Revision || !inPartition(cur, partition) {
		return 0, false, err
	}
	cur.Attempts++
	t := next(cur.Attempts).UTC()
	cur.NextTry = &t
	return cur.Attempts, true, s.write(*cur)
}

// Unclaim takes back a Claim whose try never started.
func (s *Store) Unclaim(ctx context.Context, it article.WorkItem, partition string, due time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, err := s.GetRecord(ctx, it.Tenant, it.Source, it.ID)
	if err != nil || cur == nil || cur.Revision != it.Revision || !inPartition(cur, partition) {
		return err
	}
	cur.Attempts = max(0, cur.Attempts-1)
	d := due.UTC()
	cur.NextTry = &d
	return s.write(*cur)
}

// GiveUp parks the item (GAVE_UP), keeping its last error, or why.
func (s *Store) GiveUp(ctx context.Context, it article.WorkItem, partition, why string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, err := s.GetRecord(ctx, it.Tenant, it.Source, it.ID)
	if err != nil || cur == nil || cur.Revision != it.Revision || !inPartition(cur, partition) {
		return false, err
	}
	cur.Status = article.StatusGaveUp
	cur.Attempts = max(0, cur.Attempts-1) // the claim that found it over the limit
	if cur.Error == "" {
		cur.Error = why
	}
	cur.UpdatedAt = time.Now().UTC()
	return true, s.write(*cur)
}

type lease struct {
	Owner   string    `json:"owner"`
	Expires time.Time `json:"expires"`
	// PID is the process holding the lease: a lease of a process that is
	// gone (killed mid-sweep) is free at once.
	PID int `json:"pid"`
}

// alive reports whether process pid still runs.
func alive(pid int) bool {
	if pid <= 0 {
		return true // unknown: trust the expiry
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	return p.Signal(syscall.Signal(0)) == nil
}

func (s *Store) leasePath(name string) string {
	return filepath.Join(s.dir, "dynamodb", "CTRL", shortName("LOCK#"+url.PathEscape(name)))
}

// Acquire takes the lease called name for owner until `until` when no other
// owner holds an unexpired one. Leases are kept in the folder, so two
// `whosaid reprocess` processes on one folder do not sweep at once.
func (s *Store) Acquire(_ context.Context, name, owner string, until time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.leasePath(name)
	var cur lease
	b, err := os.ReadFile(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return false, fmt.Errorf("read lease: %w", err)
	default:
		if json.Unmarshal(b, &cur) == nil && cur.Owner != owner && cur.Expires.After(time.Now()) && alive(cur.PID) {
			return false, nil
		}
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return false, fmt.Errorf("write lease: %w", err)
	}
	if err := writeJSON(p, lease{Owner: owner, Expires: until, PID: os.Getpid()}); err != nil {
		return false, fmt.Errorf("write lease: %w", err)
	}
	return true, nil
}

// Release ends owner's lease called name.
func (s *Store) Release(_ context.Context, name, owner string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.leasePath(name)
	var cur lease
	if b, err := os.ReadFile(p); err != nil || json.Unmarshal(b, &cur) != nil || cur.Owner != owner {
		return nil
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("release lease: %w", err)
	}
	return nil
}

// Count returns the number of articles in a work partition due before
// `before`.
func (s *Store) Count(ctx context.Context, partition string, before time.Time) (int, error) {
	total, cursor := 0, ""
	for {
		items, next, err := s.Work(ctx, partition, before, 1000, cursor)
		if err != nil {
			return total, err
		}
		total += len(items)
		if next == "" {
			return total, nil
		}
		cursor = next
	}
}

// TextSize returns the size in bytes of the text stored under key.
func (s *Store) TextSize(_ context.Context, key string) (int, error) {
	p, err := s.objectPath(key)
	if err != nil {
		return 0, err
	}
	fi, err := os.Stat(p)
	if err != nil {
		return 0, fmt.Errorf("size of %s: %w", key, err)
	}
	return int(fi.Size()), nil
}

// workPos is a place in a work partition: the due time, then the key.
type workPos struct {
	at  int64
	key string
}

func (p workPos) less(q workPos) bool { return p.at < q.at || (p.at == q.at && p.key < q.key) }

func (p workPos) String() string { return strconv.FormatInt(p.at, 10) + "|" + p.key }

func parseWorkPos(s string) (workPos, bool) {
	at, key, ok := strings.Cut(s, "|")
	n, err := strconv.ParseInt(at, 10, 64)
	return workPos{at: n, key: key}, ok && err == nil && key != ""
}
