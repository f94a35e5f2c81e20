package sqlaudit

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

// postgresEnv names the variable holding the DSN of a Postgres server that
// tests may create schemas in, such as
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const postgresEnv = "WSCTL_TEST_POSTGRES"

// testDB is a migrated database of one dialect, private to one test.
type testDB struct {
	db     *sql.DB
	d      Dialect
	driver string
	dsn    string
}

// open returns another handle on the same database, as a second replica
// would have.
func (tdb testDB) open(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open(tdb.driver, tdb.dsn)
	if err != nil {
		t.Fatalf("open second handle: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// forEachDB runs fn on a fresh SQLite database and, when WSCTL_TEST_POSTGRES
// is set, on a fresh Postgres schema.
func forEachDB(t *testing.T, fn func(t *testing.T, tdb testDB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, newSQLite(t, true)) })
	t.Run("postgres", func(t *testing.T) { fn(t, newPostgres(t, true)) })
}

// openers lists the database constructors for tests that need an
// unmigrated database.
var openers = []struct {
	name string
	open func(t testing.TB, migrated bool) testDB
}{
	{"sqlite", newSQLite},
	{"postgres", newPostgres},
}

func sqliteDSN(path string) string {
	return "file:" + path + "?_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)"
}

// newSQLite opens a database file in a temporary directory, migrated unless
// migrated is false.
func newSQLite(t testing.TB, migrated bool) testDB {
	t.Helper()
	tdb := testDB{d: SQLite, driver: "sqlite", dsn: sqliteDSN(filepath.Join(t.TempDir(), "audit.db"))}
	tdb.db = tdb.open(t)
	if migrated {
		mustMigrate(t, tdb)
	}
	return tdb
}

// newPostgres creates a schema named wsctl_test_<random> and opens a handle
// whose search_path is that schema; cleanup drops it. It skips when
// WSCTL_TEST_POSTGRES is unset and fails when the server is unreachable.
func newPostgres(t testing.TB, migrated bool) testDB {
	t.Helper()
	base := os.Getenv(postgresEnv)
	if base == "" {
		t.Skip(postgresEnv + " is not set")
	}

	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open postgres %s: %v", redactDSN(base), err)
	}
	t.Cleanup(func() { admin.Close() })

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		t.Fatalf("postgres %s from %s is unreachable: %v", redactDSN(base), postgresEnv, err)
	}

	schema := "wsctl_test_" + randomHex(t, 6)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})

	tdb := testDB{d: Postgres, driver: "pgx", dsn: withSearchPath(t, base, schema)}
	tdb.db = tdb.open(t)
	// Stay well below the server's default max_connections of 100 even when
	// a test runs a hundred goroutines.
	tdb.db.SetMaxOpenConns(20)
	if migrated {
		mustMigrate(t, tdb)
	}
	return tdb
}

func mustMigrate(t testing.TB, tdb testDB) {
	t.Helper()
	if err := Migrate(context.Background(), tdb.db, tdb.d); err != nil {
		t.Fatalf("migrate %v: %v", tdb.d, err)
	}
}

// withSearchPath adds search_path to a URL or keyword/value pgx DSN.
func withSearchPath(t testing.TB, dsn, schema string) string {
	t.Helper()
	if !strings.Contains(dsn, "://") {
		return dsn + " search_path=" + schema
	}

	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("parse %s: %v", postgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// redactDSN hides the password of a URL DSN and the whole of any other
// form, so that a failing test never prints a credential.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		return "(" + postgresEnv + ")"
	}
	return u.Redacted()
}

func randomHex(t testing.TB, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("random: %v", err)
	}
	return hex.EncodeToString(b)
}

func TestRedactDSN(t *testing.T) {
	tests := []struct {
		dsn, want string
	}{
		{"postgres://app:hunter2@127.0.0.1:5432/test?sslmode=disable", "postgres://app:xxxxx@127.0.0.1:5432/test?sslmode=disable"},
		{"postgres://postgres@127.0.0.1:5432/test", "postgres://postgres@127.0.0.1:5432/test"},
		{"host=127.0.0.1 user=app password=hunter2", "(" + postgresEnv + ")"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := redactDSN(tt.dsn); got != tt.want {
				t.Errorf("redactDSN: got %q, want %q", got, tt.want)
			}
		})
	}
}
