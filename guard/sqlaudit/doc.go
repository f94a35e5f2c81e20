// Package sqlaudit stores guard audit entries and destructive budgets in a
// SQL database, so that an allowed action and its audit entry can commit in
// one transaction and several server replicas can share one budget.
//
// Two databases are supported: SQLite through modernc.org/sqlite (driver name
// "sqlite") and Postgres through github.com/jackc/pgx/v5/stdlib (driver name
// "pgx"). The package opens no connections itself. The caller passes a
// *sql.DB and the matching [Dialect].
//
// Every table name starts with "guard_" and is unqualified. On Postgres the
// caller picks the schema through search_path, for example with
// "postgres://host/db?search_path=audit" in a pgx DSN.
//
// Call [Migrate] (or [MigrateTx] inside the host's own migration transaction)
// once at start-up before using a [Store] or a [Budget].
//
// SQLite connections must set a busy timeout, for example with the DSN
// parameter _pragma=busy_timeout(5000). Without one, writers that collide
// fail at once with "database is locked" instead of waiting their turn.
package sqlaudit
