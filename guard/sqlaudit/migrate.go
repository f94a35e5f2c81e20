package sqlaudit

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// migration is one schema version. Statements run in order inside the
// migration transaction, and both Postgres and SQLite roll back the CREATE
// statements used here with it.
type migration struct {
	version  int
	sqlite   []string
	postgres []string
}

func (m migration) statements(d Dialect) []string {
	if d == Postgres {
		return m.postgres
	}
	return m.sqlite
}

// auditIndexes pair every filter column with the newest-first ordering, so a
// first page under any single filter is an index range scan, never a sort.
var auditIndexes = []string{
	`CREATE INDEX guard_audit_entries_time_idx ON guard_audit_entries (occurred_at, id)`,
	`CREATE INDEX guard_audit_entries_workspace_idx ON guard_audit_entries (workspace_id, occurred_at, id)`,
	`CREATE INDEX guard_audit_entries_action_idx ON guard_audit_entries (action, occurred_at, id)`,
	`CREATE INDEX guard_audit_entries_outcome_idx ON guard_audit_entries (outcome, occurred_at, id)`,
	`CREATE INDEX guard_audit_entries_actor_prefix_idx ON guard_audit_entries (actor_token_prefix, occurred_at, id)`,
	`CREATE INDEX guard_audit_entries_actor_label_idx ON guard_audit_entries (actor_label, occurred_at, id)`,
	`CREATE INDEX guard_budget_events_key_idx ON guard_budget_events (budget_key, taken_at)`,
}

// migrations lists every schema version in order. Add new versions at the
// end and never edit one that has shipped.
var migrations = []migration{
	{
		version: 1,
		sqlite: append([]string{
			`CREATE TABLE guard_audit_entries (
				id                 TEXT PRIMARY KEY,
				occurred_at        INTEGER NOT NULL,
				action             TEXT NOT NULL,
				outcome            TEXT NOT NULL,
				error              TEXT NOT NULL DEFAULT '',
				actor_kind         TEXT NOT NULL DEFAULT '',
				actor_token_prefix TEXT NOT NULL DEFAULT '',
				actor_label        TEXT NOT NULL DEFAULT '',
				workspace_id       TEXT NOT NULL DEFAULT '',
				workspace_name     TEXT NOT NULL DEFAULT '',
				reason             TEXT NOT NULL DEFAULT '',
				request_id         TEXT NOT NULL DEFAULT '',
				remote_addr        TEXT NOT NULL DEFAULT '',
				user_agent         TEXT NOT NULL DEFAULT '',
				impact             TEXT
			)`,
			`CREATE TABLE guard_budget_events (
				id         INTEGER PRIMARY KEY,
				budget_key TEXT NOT NULL,
				taken_at   INTEGER NOT NULL
			)`,
		}, auditIndexes...),
		postgres: append([]string{
			`CREATE TABLE guard_audit_entries (
				id                 TEXT COLLATE "C" PRIMARY KEY,
				occurred_at        TIMESTAMPTZ NOT NULL,
				action             TEXT NOT NULL,
				outcome            TEXT NOT NULL,
				error              TEXT NOT NULL DEFAULT '',
				actor_kind         TEXT NOT NULL DEFAULT '',
				actor_token_prefix TEXT NOT NULL DEFAULT '',
				actor_label        TEXT NOT NULL DEFAULT '',
				workspace_id       TEXT NOT NULL DEFAULT '',
				workspace_name     TEXT NOT NULL DEFAULT '',
				reason             TEXT NOT NULL DEFAULT '',
				request_id         TEXT NOT NULL DEFAULT '',
				remote_addr        TEXT NOT NULL DEFAULT '',
				user_agent         TEXT NOT NULL DEFAULT '',
				impact             JSONB
			)`,
			`CREATE TABLE guard_budget_events (
				id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
				budget_key TEXT NOT NULL,
				taken_at   TIMESTAMPTZ NOT NULL
			)`,
		}, auditIndexes...),
	},
	{
		// resource_id names the resource below the workspace, such as a
		// deleted memory. Entries written before it have NULL.
		version:  2,
		sqlite:   []string{`ALTER TABLE guard_audit_entries ADD COLUMN resource_id TEXT`},
		postgres: []string{`ALTER TABLE guard_audit_entries ADD COLUMN resource_id TEXT`},
	},
}

// latestVersion is the schema version that Migrate brings a database to.
var latestVersion = migrations[len(migrations)-1].version

// Migrate creates or upgrades the guard_ tables in db to the newest schema in one
// transaction. It is idempotent and records applied versions in
// guard_schema_migrations. Replicas may call it at the same time: on Postgres
// a transaction-scoped advisory lock per schema serialises them, and on
// SQLite the transaction takes the write lock before reading the version.
func Migrate(ctx context.Context, db *sql.DB, d Dialect) error {
	if !d.valid() {
		return fmt.Errorf("sqlaudit: migrate: invalid dialect %v: use sqlaudit.SQLite or sqlaudit.Postgres", d)
	}

	return inWriteTx(ctx, db, d, func(q querier) error {
		return migrate(ctx, q, d)
	})
}

// MigrateTx is Migrate inside the caller's transaction, so that a host can
// apply these tables together with its own migrations. Nothing is committed
// or rolled back here. On Postgres, run it at READ COMMITTED (the default):
// the advisory lock it takes only orders replicas whose reads start after
// the lock. On SQLite, a concurrent migration by another process is only
// safe if tx already holds the write lock (BEGIN IMMEDIATE or _txlock=immediate).
func MigrateTx(ctx context.Context, tx *sql.Tx, d Dialect) error {
	if !d.valid() {
		return fmt.Errorf("sqlaudit: migrate: invalid dialect %v: use sqlaudit.SQLite or sqlaudit.Postgres", d)
	}
	return migrate(ctx, tx, d)
}

func migrate(ctx context.Context, q querier, d Dialect) error {
	return migrateTo(ctx, q, d, latestVersion)
}

// migrateTo applies the migrations up to version target. Tests use an older
// target to build a database as an earlier release left it.
func migrateTo(ctx context.Context, q querier, d Dialect, target int) error {
	if d == Postgres {
		// The lock key includes the schema so that separate schemas in one
		// database migrate independently.
		const lock = `SELECT pg_advisory_xact_lock(hashtext('wsctl.guard.sqlaudit.migrate:' || coalesce(current_schema(), '')))`
		if _, err := q.ExecContext(ctx, lock); err != nil {
			return fmt.Errorf("sqlaudit: migrate: lock: %w", err)
		}
	}

	current, err := schemaVersion(ctx, q, d)
	if err != nil {
		return err
	}
	if current > latestVersion {
		return fmt.Errorf("sqlaudit: migrate: database schema version %d is newer than version %d known to this build: upgrade the binary", current, latestVersion)
	}

	for _, m := range migrations {
		if m.version <= current || m.version > target {
			continue
		}
		if err := apply(ctx, q, d, m); err != nil {
			return err
		}
	}
	return nil
}

func schemaVersion(ctx context.Context, q querier, d Dialect) (int, error) {
	create := `CREATE TABLE IF NOT EXISTS guard_schema_migrations (
		version    INTEGER PRIMARY KEY,
		applied_at INTEGER NOT NULL
	)`
	if d == Postgres {
		create = `CREATE TABLE IF NOT EXISTS guard_schema_migrations (
			version    INTEGER PRIMARY KEY,
			applied_at TIMESTAMPTZ NOT NULL
		)`
	}
	if _, err := q.ExecContext(ctx, create); err != nil {
		return 0, fmt.Errorf("sqlaudit: migrate: create guard_schema_migrations: %w", err)
	}

	var version int
	err := q.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM guard_schema_migrations`).Scan(&version)
	if err != nil {
		return 0, fmt.Errorf("sqlaudit: migrate: read schema version: %w", err)
	}
	return version, nil
}

func apply(ctx context.Context, q querier, d Dialect, m migration) error {
	for _, stmt := range m.statements(d) {
		if _, err := q.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("sqlaudit: migrate to version %d: %w", m.version, err)
		}
	}

	insert := d.rebind(`INSERT INTO guard_schema_migrations (version, applied_at) VALUES (?, ?)`)
	if _, err := q.ExecContext(ctx, insert, m.version, d.timeArg(time.Now())); err != nil {
		return fmt.Errorf("sqlaudit: migrate: record version %d: %w", m.version, err)
	}
	return nil
}
