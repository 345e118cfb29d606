package secrets

import (
	"context"
	"sync"
)

// Lazy holds tenants read on first use. The Parameters and Secrets
// extension answers only once the function is invoked (not during its
// init), so a function reads its secrets at its first invocation: Ensure
// loads them, and keeps trying on later invocations until a read succeeds.
type Lazy struct {
	load    func(ctx context.Context) (Tenants, error)
	mu      sync.RWMutex
	tenants Tenants
	loaded  bool
}

// NewLazy returns tenants that load reads on first use.
func NewLazy(load func(ctx context.Context) (Tenants, error)) *Lazy {
	return &Lazy{load: load}
}

// Ensure reads the tenants unless they have been read.
func (l *Lazy) Ensure(ctx context.Context) error {
	l.mu.RLock()
	done := l.loaded
	l.mu.RUnlock()
	if done {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.loaded {
		return nil
	}
	t, err := l.load(ctx)
	if err != nil {
		return err
	}
	l.tenants, l.loaded = t, true
	return nil
}

// Secret returns the secret of a tenant of a CMS; before a successful
// Ensure there is none.
func (l *Lazy) Secret(cms, tenant string) (string, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.tenants.Secret(cms, tenant)
}
