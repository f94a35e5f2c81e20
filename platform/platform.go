// Package platform is a reference agent-workspace platform server: soft
// delete with a restore window, a purge job, stuck-session warnings and an
// audit log, with guard enforcing confirmation, reason and budget on every
// destructive request. It stores its state in SQLite (one replica) or
// Postgres (several replicas).
package platform

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/wsctl/wsctl/guard"
	"github.com/wsctl/wsctl/guard/sqlaudit"
	"github.com/wsctl/wsctl/platform/store"
)

// Platform is an opened platform: a migrated store and the HTTP handler on
// top of it. It is safe for concurrent use.
type Platform struct {
	opts     Options
	store    store.Store
	audit    *sqlaudit.Store
	guard    *guard.Guard
	handler  http.Handler
	log      *slog.Logger
	orgToken string
	// createdToken is true when this Open created the org token.
	createdToken bool
}

// Open opens or creates the store named by opts.DSN and applies pending
// migrations. On an empty database it creates an org token, writes it to
// <DataDir>/org-token and applies opts.Seed.
func Open(ctx context.Context, opts Options) (*Platform, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}

	st, dialect, err := openStore(ctx, opts.DSN)
	if err != nil {
		return nil, err
	}
	if err := sqlaudit.Migrate(ctx, st.DB(), dialect); err != nil {
		st.Close()
		return nil, fmt.Errorf("migrate audit tables: %w", err)
	}

	p := &Platform{
		opts:  opts,
		store: st,
		audit: sqlaudit.New(st.DB(), dialect),
		log:   opts.Logger.With("label", opts.Label),
	}
	p.audit.Now = opts.Clock
	if err := p.firstStart(ctx); err != nil {
		st.Close()
		return nil, err
	}
	if err := p.buildHandler(sqlaudit.NewBudget(st.DB(), dialect, opts.BudgetLimit, opts.BudgetWindow)); err != nil {
		st.Close()
		return nil, err
	}
	return p, nil
}

func openStore(ctx context.Context, dsn string) (store.Store, sqlaudit.Dialect, error) {
	if isPostgres(dsn) {
		st, err := store.OpenPostgres(ctx, dsn)
		return st, sqlaudit.Postgres, err
	}
	// Each pooled connection would get its own in-memory database, and the
	// path is placed into a file: URI, so these characters cannot appear.
	if strings.HasPrefix(dsn, ":memory:") || strings.HasPrefix(dsn, "file:") || strings.ContainsAny(dsn, "?#") {
		return nil, 0, fmt.Errorf("invalid SQLite path %q: give a plain file path without ?, # or a file: or :memory: prefix", dsn)
	}
	if dir := filepath.Dir(dsn); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, 0, fmt.Errorf("create database directory %s: %w", dir, err)
		}
	}
	st, err := store.OpenSQLite(ctx, dsn)
	return st, sqlaudit.SQLite, err
}

// firstStart creates the org token and applies the seed on an empty
// database, and otherwise reads the org token back from DataDir.
func (p *Platform) firstStart(ctx context.Context) error {
	empty, err := p.store.Empty(ctx)
	if err != nil {
		return err
	}
	if !empty {
		p.orgToken = p.readOrgToken()
		return nil
	}

	// NOTE: replicas that start together on an empty Postgres database may
	// each create an org token; every one of them works.
	token, err := p.createToken(ctx, "org", "", "org-token")
	if err != nil {
		return err
	}
	p.orgToken = token
	p.createdToken = true
	if err := p.writeOrgToken(token); err != nil {
		return err
	}
	p.log.Info("created org token on first start", "token_prefix", token[:8], "file", p.orgTokenPath())

	if len(p.opts.Seed) > 0 {
		n, err := applySeed(ctx, p.store, p.opts.Seed, p.opts.Clock())
		if err != nil {
			return fmt.Errorf("apply seed: %w", err)
		}
		p.log.Info("applied seed", "workspaces", n)
	}
	return nil
}

func (p *Platform) orgTokenPath() string {
	if p.opts.DataDir == "" {
		return ""
	}
	return filepath.Join(p.opts.DataDir, "org-token")
}

func (p *Platform) writeOrgToken(token string) error {
	path := p.orgTokenPath()
	if path == "" {
		return nil
	}
	if err := os.MkdirAll(p.opts.DataDir, 0o700); err != nil {
		return fmt.Errorf("create data directory %s: %w", p.opts.DataDir, err)
	}
	if err := os.WriteFile(path, []byte(token+"\n"), 0o600); err != nil {
		return fmt.Errorf("write org token file %s: %w", path, err)
	}
	return nil
}

func (p *Platform) readOrgToken() string {
	path := p.orgTokenPath()
	if path == "" {
		return ""
	}
	b, err := os.ReadFile(path)
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			p.log.Warn("cannot read org token file", "file", path, "error", err)
		}
		return ""
	}
	return strings.TrimSpace(string(b))
}

// OrgToken returns the org token created at first start, read back from
// <DataDir>/org-token on later starts, or "" when neither is available.
func (p *Platform) OrgToken() string { return p.orgToken }

// Handler returns the HTTP API. Every response carries X-Request-Id.
func (p *Platform) Handler() http.Handler { return p.handler }

// StoreKind returns "sqlite" or "postgres".
func (p *Platform) StoreKind() string { return p.store.Kind() }

// Close closes the store. In-flight requests must have finished.
func (p *Platform) Close() error { return p.store.Close() }
