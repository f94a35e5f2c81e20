package sqlaudit

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/wsctl/wsctl/guard"
)

func appliedVersions(t *testing.T, db *sql.DB) []int {
	t.Helper()
	rows, err := db.Query(`SELECT version FROM guard_schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatalf("read versions: %v", err)
	}
	defer rows.Close()

	var versions []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatalf("scan version: %v", err)
		}
		versions = append(versions, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("read versions: %v", err)
	}
	return versions
}

func tableExists(t *testing.T, tdb testDB, name string) bool {
	t.Helper()
	query := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`
	if tdb.d == Postgres {
		query = `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1`
	}
	var n int
	if err := tdb.db.QueryRow(query, name).Scan(&n); err != nil {
		t.Fatalf("look up table %s: %v", name, err)
	}
	return n == 1
}

func TestMigrateTwice(t *testing.T) {
	forEachDB(t, func(t *testing.T, tdb testDB) {
		if err := Migrate(context.Background(), tdb.db, tdb.d); err != nil {
			t.Fatalf("second Migrate: %v", err)
		}

		if got, want := appliedVersions(t, tdb.db), []int{1, 2}; !reflect.DeepEqual(got, want) {
			t.Errorf("versions: got %v, want %v", got, want)
		}
	})
}

func TestMigrateConcurrent(t *testing.T) {
	const replicas = 6
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) {
			tdb := o.open(t, false)
			// Connect once before the replicas do. The first SQLite
			// connection turns the new file into WAL mode, and under load a
			// replica connecting during that switch failed with SQLITE_BUSY
			// despite the busy timeout. Replicas share an existing database,
			// so the switch is not what this test checks.
			if err := tdb.db.PingContext(context.Background()); err != nil {
				t.Fatalf("connect: %v", err)
			}
			handles := make([]*sql.DB, replicas)
			for i := range handles {
				handles[i] = tdb.open(t)
			}

			errs := make([]error, replicas)
			var wg sync.WaitGroup
			for i, db := range handles {
				wg.Go(func() { errs[i] = Migrate(context.Background(), db, tdb.d) })
			}
			wg.Wait()

			for i, err := range errs {
				if err != nil {
					t.Errorf("replica %d: Migrate: %v", i, err)
				}
			}
			if got, want := appliedVersions(t, tdb.db), []int{1, 2}; !reflect.DeepEqual(got, want) {
				t.Errorf("versions: got %v, want %v", got, want)
			}
		})
	}
}

func TestMigrateTx(t *testing.T) {
	tests := []struct {
		name   string
		commit bool
	}{
		{"rolled back", false},
		{"committed", true},
	}
	for _, o := range openers {
		for _, tt := range tests {
			t.Run(o.name+" "+tt.name, func(t *testing.T) {
				tdb := o.open(t, false)
				tx, err := tdb.db.Begin()
				if err != nil {
					t.Fatalf("begin: %v", err)
				}

				if err := MigrateTx(context.Background(), tx, tdb.d); err != nil {
					tx.Rollback()
					t.Fatalf("MigrateTx: %v", err)
				}
				if tt.commit {
					err = tx.Commit()
				} else {
					err = tx.Rollback()
				}
				if err != nil {
					t.Fatalf("end transaction: %v", err)
				}

				for _, table := range []string{"guard_schema_migrations", "guard_audit_entries", "guard_budget_events"} {
					if got := tableExists(t, tdb, table); got != tt.commit {
						t.Errorf("table %s exists: got %v, want %v", table, got, tt.commit)
					}
				}
			})
		}
	}
}

func TestMigrateNewerSchema(t *testing.T) {
	forEachDB(t, func(t *testing.T, tdb testDB) {
		insert := tdb.d.rebind(`INSERT INTO guard_schema_migrations (version, applied_at) VALUES (99, ?)`)
		if _, err := tdb.db.Exec(insert, tdb.d.timeArg(baseTime)); err != nil {
			t.Fatalf("insert version 99: %v", err)
		}

		err := Migrate(context.Background(), tdb.db, tdb.d)

		want := "sqlaudit: migrate: database schema version 99 is newer than version 2 known to this build: upgrade the binary"
		if err == nil || err.Error() != want {
			t.Errorf("Migrate: got %v, want %q", err, want)
		}
	})
}

func TestMigrateInvalidDialect(t *testing.T) {
	tdb := newSQLite(t, false)
	want := "sqlaudit: migrate: invalid dialect Dialect(0): use sqlaudit.SQLite or sqlaudit.Postgres"

	if err := Migrate(context.Background(), tdb.db, 0); err == nil || err.Error() != want {
		t.Errorf("Migrate: got %v, want %q", err, want)
	}
	if err := MigrateTx(context.Background(), nil, 0); err == nil || err.Error() != want {
		t.Errorf("MigrateTx: got %v, want %q", err, want)
	}
}

type unknownDriver struct{}

func (unknownDriver) Open(string) (driver.Conn, error) { return nil, errors.New("not a real driver") }

func TestDialectOf(t *testing.T) {
	sql.Register("sqlaudit-unknown", unknownDriver{})
	tests := []struct {
		driver  string
		want    Dialect
		wantErr string
	}{
		{"sqlite", SQLite, ""},
		{"pgx", Postgres, ""},
		{"sqlaudit-unknown", 0, "sqlaudit: unknown database driver sqlaudit.unknownDriver: pass sqlaudit.SQLite or sqlaudit.Postgres explicitly"},
	}
	for _, tt := range tests {
		t.Run(tt.driver, func(t *testing.T) {
			db, err := sql.Open(tt.driver, "unused")
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			defer db.Close()

			got, err := DialectOf(db)

			if got != tt.want {
				t.Errorf("dialect: got %v, want %v", got, tt.want)
			}
			if gotErr := errString(err); gotErr != tt.wantErr {
				t.Errorf("error: got %q, want %q", gotErr, tt.wantErr)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestRebind(t *testing.T) {
	query := "SELECT a FROM t WHERE b = ? AND (c, d) < (?, ?) LIMIT ?"
	tests := []struct {
		d    Dialect
		want string
	}{
		{SQLite, query},
		{Postgres, "SELECT a FROM t WHERE b = $1 AND (c, d) < ($2, $3) LIMIT $4"},
	}
	for _, tt := range tests {
		t.Run(tt.d.String(), func(t *testing.T) {
			if got := tt.d.rebind(query); got != tt.want {
				t.Errorf("rebind: got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDialectString(t *testing.T) {
	tests := []struct {
		d    Dialect
		want string
	}{
		{SQLite, "sqlite"},
		{Postgres, "postgres"},
		{0, "Dialect(0)"},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("Dialect(%d).String(): got %q, want %q", int(tt.d), got, tt.want)
		}
	}
}

// TestMigrateAddsResourceID upgrades a version 1 database that already holds
// an entry. The old entry reads back without a resource id, and new entries
// keep theirs.
func TestMigrateAddsResourceID(t *testing.T) {
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) {
			tdb := o.open(t, false)
			ctx := context.Background()
			err := inWriteTx(ctx, tdb.db, tdb.d, func(q querier) error { return migrateTo(ctx, q, tdb.d, 1) })
			if err != nil {
				t.Fatalf("migrate to version 1: %v", err)
			}
			s := New(tdb.db, tdb.d)
			old := tdb.d.rebind(`INSERT INTO guard_audit_entries (id, occurred_at, action, outcome) VALUES (?, ?, ?, ?)`)
			if _, err := tdb.db.Exec(old, "old-entry", tdb.d.timeArg(baseTime), "memory.delete", "allowed"); err != nil {
				t.Fatalf("insert version 1 entry: %v", err)
			}

			mustMigrate(t, tdb)
			if got, want := appliedVersions(t, tdb.db), []int{1, 2}; !reflect.DeepEqual(got, want) {
				t.Errorf("versions: got %v, want %v", got, want)
			}
			e := guard.Entry{ID: "new-entry", Time: baseTime.Add(time.Second), Action: guard.ActionMemoryDelete,
				Outcome: guard.OutcomeRefused, ResourceID: "mem-9"}
			if err := s.Append(ctx, e); err != nil {
				t.Fatalf("Append after the upgrade: %v", err)
			}

			entries := queryAll(t, s, guard.AuditFilter{})
			if len(entries) != 2 {
				t.Fatalf("entries: got %d, want 2", len(entries))
			}
			for i, want := range []struct{ id, resourceID string }{{"new-entry", "mem-9"}, {"old-entry", ""}} {
				if entries[i].ID != want.id || entries[i].ResourceID != want.resourceID {
					t.Errorf("entry %d: got id %q resource %q, want id %q resource %q",
						i, entries[i].ID, entries[i].ResourceID, want.id, want.resourceID)
				}
			}
		})
	}
}
