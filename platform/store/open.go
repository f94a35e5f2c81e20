package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // registers the "sqlite" database/sql driver
)

// SQLiteStore keeps everything in one SQLite file. It serves one replica:
// SQLite locks the whole file for each write transaction.
type SQLiteStore struct{ sqlStore }

// PostgresStore keeps everything in Postgres and is safe for several
// replicas: the purge job locks rows with FOR UPDATE SKIP LOCKED.
type PostgresStore struct{ sqlStore }

// OpenSQLite opens or creates the SQLite file at path and applies pending
// migrations. The connection uses WAL, a 5 s busy timeout, foreign keys and
// BEGIN IMMEDIATE, so concurrent writers queue instead of failing on a lock
// upgrade.
func OpenSQLite(ctx context.Context, path string) (*SQLiteStore, error) {
	params := url.Values{}
	params.Add("_pragma", "busy_timeout(5000)")
	params.Add("_pragma", "journal_mode(WAL)")
	params.Add("_pragma", "foreign_keys(1)")
	params.Add("_pragma", "synchronous(NORMAL)")
	params.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + params.Encode()
	if err := createPrivate(path); err != nil {
		return nil, fmt.Errorf("open sqlite %q: %w", path, err)
	}

	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %q: %w", path, err)
	}
	s := &SQLiteStore{sqlStore{db: db, dialect: SQLite}}
	if err := s.open(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %q: %w", path, err)
	}
	return s, nil
}

// createPrivate creates an empty database file with mode 0600, whatever the
// umask, because it will hold token hashes and audit reasons. SQLite gives
// the -wal and -shm files it creates later the mode of the database file.
// An existing file keeps its mode.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// OpenPostgres connects to Postgres with a postgres:// or postgresql:// URL,
// the scheme in any letter case, and applies pending migrations. Errors
// never contain the password of the DSN.
func OpenPostgres(ctx context.Context, dsn string) (*PostgresStore, error) {
	dsn, ok := lowerPostgresScheme(dsn)
	if !ok {
		// Not echoed: a keyword/value DSN cannot be redacted reliably.
		return nil, fmt.Errorf("open postgres: invalid DSN: use a URL starting with postgres:// or postgresql://")
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: invalid DSN")
	}
	s := &PostgresStore{sqlStore{db: db, dialect: Postgres}}
	if err := s.open(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open postgres %s: %w", RedactDSN(dsn), err)
	}
	return s, nil
}

func (s *sqlStore) open(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return err
	}
	if err := s.migrate(ctx); err != nil {
		return err
	}
	stmt, err := s.db.PrepareContext(ctx, s.q(`SELECT `+workspaceColumns+impactColumns+` FROM workspaces w WHERE w.id = ?`))
	if err != nil {
		return fmt.Errorf("prepare workspace query: %w", err)
	}
	s.getWorkspace = stmt
	if s.getWorkspaceTree, err = s.db.PrepareContext(ctx, s.q(workspaceTreeQuery)); err != nil {
		return fmt.Errorf("prepare workspace tree query: %w", err)
	}
	return nil
}

// lowerPostgresScheme lower-cases the scheme of a Postgres URL. pgx
// (v5.13) recognises only "postgres://" and "postgresql://" as written and
// reads any other spelling as a keyword/value string, so "POSTGRES://…"
// would reach the local socket with the whole URL as a parameter name. ok is
// false when dsn is not a Postgres URL.
func lowerPostgresScheme(dsn string) (string, bool) {
	scheme, rest, found := strings.Cut(dsn, "://")
	if !found {
		return dsn, false
	}
	scheme = strings.ToLower(scheme)
	if scheme != "postgres" && scheme != "postgresql" {
		return dsn, false
	}
	return scheme + "://" + rest, true
}

// RedactDSN returns a Postgres DSN with any password replaced by "xxxxx", for
// logs and error messages. A DSN it cannot parse becomes "postgres://(invalid DSN)".
func RedactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://(invalid DSN)"
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

var (
	_ Store = (*SQLiteStore)(nil)
	_ Store = (*PostgresStore)(nil)
)
