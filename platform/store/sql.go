package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations
var migrations embed.FS

// Dialect selects the SQL flavour of a store.
type Dialect int

// Supported dialects.
const (
	SQLite Dialect = iota + 1
	Postgres
)

func (d Dialect) String() string {
	switch d {
	case SQLite:
		return "sqlite"
	case Postgres:
		return "postgres"
	}
	return "dialect(" + strconv.Itoa(int(d)) + ")"
}

// sqlStore holds the queries both dialects share. Queries are written with
// "?" placeholders and rewritten to "$n" for Postgres.
type sqlStore struct {
	db      *sql.DB
	dialect Dialect
	// getWorkspace is prepared once because GET /workspaces/{id} runs it on
	// every read and parsing it costs more than running it.
	getWorkspace *sql.Stmt
	// getWorkspaceTree is getWorkspace plus the descendant totals.
	getWorkspaceTree *sql.Stmt
}

func (s *sqlStore) Kind() string     { return s.dialect.String() }
func (s *sqlStore) DB() *sql.DB      { return s.db }
func (s *sqlStore) Dialect() Dialect { return s.dialect }
func (s *sqlStore) Close() error     { return s.db.Close() }

func (s *sqlStore) Rebind(query string) string { return s.q(query) }

// q rewrites placeholders for the store's dialect.
func (s *sqlStore) q(query string) string {
	if s.dialect != Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// forUpdate returns the row-locking suffix. SQLite has none: its write
// transactions start with BEGIN IMMEDIATE and so already exclude each other.
func (s *sqlStore) forUpdate() string {
	if s.dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

func (s *sqlStore) skipLocked() string {
	if s.dialect == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// inTx runs fn in a transaction and commits it when fn returns nil.
func (s *sqlStore) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit transaction: %w", err)
	}
	return nil
}

// migrate applies the embedded migrations that the database has not seen,
// each in its own transaction. On Postgres an advisory lock keeps replicas
// that start together from applying the same file twice.
func (s *sqlStore) migrate(ctx context.Context) error {
	dir := "migrations/" + s.dialect.String()
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return fmt.Errorf("read migrations: %w", err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)

	create := `CREATE TABLE IF NOT EXISTS platform_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`
	if _, err := s.db.ExecContext(ctx, create); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}

	for _, name := range names {
		version, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration file %q: name must start with a version number", name)
		}
		body, err := migrations.ReadFile(dir + "/" + name)
		if err != nil {
			return fmt.Errorf("read migration %q: %w", name, err)
		}
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			if s.dialect == Postgres {
				if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7201)`); err != nil {
					return err
				}
			}
			var seen int
			err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM platform_migrations WHERE version = ?`), version).Scan(&seen)
			if err != nil || seen > 0 {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, s.q(`INSERT INTO platform_migrations (version, applied_at) VALUES (?, ?)`),
				version, toDB(time.Now()))
			return err
		})
		if err != nil {
			return fmt.Errorf("apply migration %q: %w", name, err)
		}
	}
	return nil
}

func (s *sqlStore) Empty(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM workspaces) + (SELECT COUNT(*) FROM tokens) + (SELECT COUNT(*) FROM tombstones)`).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("count rows: %w", err)
	}
	return n == 0, nil
}

// toDB converts a time to the stored Unix microseconds.
func toDB(t time.Time) int64 { return t.UnixMicro() }

func fromDB(v int64) time.Time { return time.UnixMicro(v).UTC() }

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return toDB(*t)
}

func timePtr(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromDB(v.Int64)
	return &t
}

func nullString(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func stringPtr(v sql.NullString) *string {
	if !v.Valid {
		return nil
	}
	return &v.String
}

// notFound maps sql.ErrNoRows to target and passes other errors through.
func notFound(err, target error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return target
	}
	return err
}

func (s *sqlStore) Setting(ctx context.Context, key string) (string, error) {
	var value string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT value FROM platform_settings WHERE key = ?`), key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return value, nil
}

func (s *sqlStore) SetSetting(ctx context.Context, key, value string) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO platform_settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`), key, value)
	if err != nil {
		return fmt.Errorf("write setting %s: %w", key, err)
	}
	return nil
}
