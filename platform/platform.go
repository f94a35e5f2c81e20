// Package platform is a reference agent-workspace platform server: soft
// delete with a restore window, a purge job, stuck-session warnings and an
// audit log, with guard enforcing confirmation, reason and budget on every
// destructive request. It stores its state in SQLite (one replica) or
// Postgres (several replicas).
package platform

import (
	"context"
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
	// tokenFile is the org token file of this database, or "" when none
	// was written or found.
	tokenFile string
	// createdToken is true when this Open created the org token.
	createdToken bool
}

// Open opens or creates the store named by opts.DSN and applies pending
// migrations. On an empty database it creates an org token, writes it to a
// token file in DataDir that no other database uses, and applies opts.Seed.
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
		log:   opts.Logger,
	}
	if opts.Label != "" {
		p.log = p.log.With("label", opts.Label)
	}
	p.audit.Now = opts.Clock
	// The handler comes first because the org token, once created, must
	// reach the caller: an error after firstStart would lose it.
	if err := p.buildHandler(sqlaudit.NewBudget(st.DB(), dialect, opts.BudgetLimit, opts.BudgetWindow)); err != nil {
		st.Close()
		return nil, err
	}
	if err := p.firstStart(ctx); err != nil {
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

// OrgToken returns the org token created at first start, or on later
// starts the one read back from this database's token file (see
// orgtoken.go). It returns "" when no file holds a token of this database.
func (p *Platform) OrgToken() string { return p.orgToken }

// Handler returns the HTTP API. Every response carries X-Request-Id.
func (p *Platform) Handler() http.Handler { return p.handler }

// StoreKind returns "sqlite" or "postgres".
func (p *Platform) StoreKind() string { return p.store.Kind() }

// Close closes the store. In-flight requests must have finished.
func (p *Platform) Close() error { return p.store.Close() }
