package sqlaudit

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Dialect selects the SQL flavour of the database behind a *sql.DB.
type Dialect int

// Supported dialects.
const (
	// SQLite is modernc.org/sqlite (SQLite 3.54 in v1.62) or another driver
	// for SQLite 3.15 or later, which added row values. Times are stored as
	// INTEGER Unix microseconds.
	SQLite Dialect = iota + 1
	// Postgres is PostgreSQL 10 or later, which added identity columns,
	// through a database/sql driver such as github.com/jackc/pgx/v5/stdlib.
	// Times are stored as TIMESTAMPTZ. Tests run on PostgreSQL 15.
	Postgres
)

// String returns "sqlite", "postgres" or "Dialect(n)" for an invalid value.
func (d Dialect) String() string {
	switch d {
	case SQLite:
		return "sqlite"
	case Postgres:
		return "postgres"
	}
	return "Dialect(" + strconv.Itoa(int(d)) + ")"
}

func (d Dialect) valid() bool {
	return d == SQLite || d == Postgres
}

// driverDialects maps the package path of a database/sql driver type to its
// dialect. Matching on the path keeps this package free of driver imports.
var driverDialects = map[string]Dialect{
	"modernc.org/sqlite":             SQLite,
	"github.com/mattn/go-sqlite3":    SQLite,
	"github.com/jackc/pgx/v5/stdlib": Postgres,
	"github.com/jackc/pgx/v4/stdlib": Postgres,
	"github.com/lib/pq":              Postgres,
}

// DialectOf detects the dialect from the driver behind db. It returns an
// error naming the driver type when it does not recognise the driver, and
// the caller should then pass the dialect explicitly.
func DialectOf(db *sql.DB) (Dialect, error) {
	if db == nil {
		return 0, errors.New("sqlaudit: nil *sql.DB")
	}

	drv := db.Driver()
	typ := reflect.TypeOf(drv)
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}

	if d, ok := driverDialects[typ.PkgPath()]; ok {
		return d, nil
	}
	return 0, fmt.Errorf("sqlaudit: unknown database driver %T: pass sqlaudit.SQLite or sqlaudit.Postgres explicitly", drv)
}

// rebind rewrites the ? placeholders of query into $1, $2, … for Postgres.
// Queries in this package never contain a literal question mark.
func (d Dialect) rebind(query string) string {
	if d != Postgres {
		return query
	}

	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for _, r := range query {
		if r != '?' {
			b.WriteRune(r)
			continue
		}
		n++
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}

// timeArg converts t to the stored form: Unix microseconds on SQLite and a
// UTC time truncated to microseconds on Postgres. Both keep the same
// precision, so a value written on one database reads back equal on the other.
func (d Dialect) timeArg(t time.Time) any {
	if d == SQLite {
		return t.UnixMicro()
	}
	return t.UTC().Truncate(time.Microsecond)
}

// timeColumn scans a stored time of either dialect. Valid is false for NULL.
type timeColumn struct {
	Time  time.Time
	Valid bool
}

// Scan implements sql.Scanner.
func (c *timeColumn) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c = timeColumn{}
	case int64:
		*c = timeColumn{Time: time.UnixMicro(v).UTC(), Valid: true}
	case time.Time:
		*c = timeColumn{Time: v.UTC(), Valid: true}
	default:
		return fmt.Errorf("sqlaudit: cannot scan %T as a time", src)
	}
	return nil
}

// querier is the query interface shared by *sql.Tx and *sql.Conn.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// inWriteTx runs fn in a transaction that holds the database's write lock
// from its first statement on SQLite. A deferred SQLite transaction that
// reads first and writes later can fail with SQLITE_BUSY without waiting,
// and two of them could both read the same count. BEGIN IMMEDIATE makes
// writers queue on the busy timeout instead. Postgres transactions start
// normally, so callers there take an advisory lock inside fn.
func inWriteTx(ctx context.Context, db *sql.DB, d Dialect, fn func(q querier) error) error {
	if d == Postgres {
		return inTx(ctx, db, fn)
	}

	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()

	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return err
	}

	if err := fn(conn); err != nil {
		rollbackConn(ctx, conn)
		return err
	}

	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		rollbackConn(ctx, conn)
		return err
	}
	return nil
}

// rollbackConn ends the open transaction on conn even when ctx is already
// cancelled. If that fails too, the connection is discarded so that no later
// user of the pool inherits the transaction.
func rollbackConn(ctx context.Context, conn *sql.Conn) {
	_, err := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
	if err == nil {
		return
	}
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
}

func inTx(ctx context.Context, db *sql.DB, fn func(q querier) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}

	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}
