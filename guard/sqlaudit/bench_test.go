package sqlaudit

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/wsctl/wsctl/guard"
)

// benchRows is the size of the cached SQLite audit table that
// BenchmarkQuery reads.
const benchRows = 1_000_000

var (
	benchOnce sync.Once
	benchPath string
	benchErr  error
)

// benchDatabase returns the path of a migrated SQLite file holding benchRows
// entries, building it on first use. The file stays in the system temp
// directory across runs, because building it takes far longer than the
// benchmark. Its name carries the schema version and row count, so a schema
// change builds a new one.
func benchDatabase(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() {
		benchPath = filepath.Join(os.TempDir(), fmt.Sprintf("wsctl-sqlaudit-bench-v%d-%d.db", latestVersion, benchRows))
		if _, err := os.Stat(benchPath); err == nil {
			return
		}
		benchErr = buildBenchDatabase(benchPath)
	})
	if benchErr != nil {
		b.Fatalf("build benchmark database: %v", benchErr)
	}
	return benchPath
}

// buildBenchDatabase writes benchRows entries with one recursive INSERT into
// a temporary file and renames it into place, so an interrupted build
// leaves no half-filled cache. Rows come in pairs sharing a timestamp, one
// pair per minute. The rows spread 1000 workspaces, 200 token prefixes,
// 50 labels, 6 actions and 3 outcomes evenly over time.
func buildBenchDatabase(path string) error {
	tmp := path + ".building"
	os.Remove(tmp)
	db, err := sql.Open("sqlite", "file:"+tmp+"?_pragma=busy_timeout(5000)&_pragma=synchronous(OFF)")
	if err != nil {
		return err
	}
	defer db.Close()

	ctx := context.Background()
	if err := Migrate(ctx, db, SQLite); err != nil {
		return err
	}

	fill := `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)
		INSERT INTO guard_audit_entries (id, occurred_at, action, outcome, actor_kind, actor_token_prefix,
			actor_label, workspace_id, workspace_name, reason, request_id, remote_addr, user_agent, impact)
		SELECT printf('bench-%08d', i), ? + (i / 2) * 60000000,
			CASE i % 6 WHEN 0 THEN 'workspace.delete' WHEN 1 THEN 'workspace.restore' WHEN 2 THEN 'workspace.purge'
				WHEN 3 THEN 'workspace.disable' WHEN 4 THEN 'workspace.restart' ELSE 'memory.delete' END,
			CASE (i / 7) % 3 WHEN 0 THEN 'allowed' WHEN 1 THEN 'refused' ELSE 'failed' END,
			'org', 'tok-' || (i % 200), 'label-' || (i % 50),
			'ws-' || ((i * 7919) % 1000), 'workspace ' || ((i * 7919) % 1000),
			'scheduled cleanup', 'req-' || i, '127.0.0.1:40000', 'wsctl/bench',
			'{"active_tasks":0,"child_count":1,"schedule_count":2,"enabled_schedule_count":1,"memory_count":3,"token_count":1}'
		FROM n`
	if _, err := db.ExecContext(ctx, fill, benchRows, baseTime.UnixMicro()); err != nil {
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// BenchmarkQuery measures the first page (50 entries) of common filters over
// a million SQLite rows.
func BenchmarkQuery(b *testing.B) {
	path := benchDatabase(b)
	db, err := sql.Open("sqlite", sqliteDSN(path))
	if err != nil {
		b.Fatalf("open: %v", err)
	}
	b.Cleanup(func() { db.Close() })

	runQueryCases(b, New(db, SQLite))
}

// BenchmarkQueryPostgres is BenchmarkQuery on Postgres. It fills a fresh
// schema on every run (about a minute) and runs ANALYZE afterwards, as
// autovacuum would soon after a bulk load.
func BenchmarkQueryPostgres(b *testing.B) {
	tdb := newPostgres(b, true)
	fill := `INSERT INTO guard_audit_entries (id, occurred_at, action, outcome, actor_kind, actor_token_prefix,
			actor_label, workspace_id, workspace_name, reason, request_id, remote_addr, user_agent, impact)
		SELECT 'bench-' || lpad(i::text, 8, '0'), $2::timestamptz + (i / 2) * interval '1 minute',
			(ARRAY['workspace.delete','workspace.restore','workspace.purge','workspace.disable','workspace.restart','memory.delete'])[i % 6 + 1],
			(ARRAY['allowed','refused','failed'])[(i / 7) % 3 + 1],
			'org', 'tok-' || (i % 200), 'label-' || (i % 50),
			'ws-' || ((i::bigint * 7919) % 1000), 'workspace ' || ((i::bigint * 7919) % 1000),
			'scheduled cleanup', 'req-' || i, '127.0.0.1:40000', 'wsctl/bench',
			'{"active_tasks":0,"child_count":1,"schedule_count":2,"enabled_schedule_count":1,"memory_count":3,"token_count":1}'
		FROM generate_series(0, $1 - 1) AS i`
	ctx := context.Background()
	if _, err := tdb.db.ExecContext(ctx, fill, benchRows, baseTime); err != nil {
		b.Fatalf("fill: %v", err)
	}
	if _, err := tdb.db.ExecContext(ctx, "ANALYZE guard_audit_entries"); err != nil {
		b.Fatalf("analyze: %v", err)
	}

	runQueryCases(b, New(tdb.db, Postgres))
}

func runQueryCases(b *testing.B, s *Store) {
	middle := baseTime.Add(benchRows / 4 * time.Minute)
	cases := []struct {
		name   string
		filter guard.AuditFilter
	}{
		{"none", guard.AuditFilter{}},
		{"workspace+outcome", guard.AuditFilter{WorkspaceID: "ws-421", Outcome: guard.OutcomeRefused}},
		{"actor by prefix", guard.AuditFilter{Actor: "tok-7"}},
		{"actor by label", guard.AuditFilter{Actor: "label-7"}},
		{"actor+workspace", guard.AuditFilter{Actor: "tok-7", WorkspaceID: "ws-433"}},
		{"action+since+until", guard.AuditFilter{Action: guard.ActionWorkspacePurge, Since: middle, Until: middle.Add(24 * time.Hour)}},
		{"outcome+until", guard.AuditFilter{Outcome: guard.OutcomeFailed, Until: middle}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			for b.Loop() {
				page, err := s.Query(ctx, c.filter)
				if err != nil {
					b.Fatalf("Query: %v", err)
				}
				if len(page.Entries) == 0 {
					b.Fatalf("Query %+v: no entries", c.filter)
				}
			}
		})
	}
}

// BenchmarkAppend measures one Append in its own transaction. On SQLite it
// includes the WAL commit sync of the test DSN.
func BenchmarkAppend(b *testing.B) {
	open := []struct {
		name string
		open func(testing.TB, bool) testDB
	}{
		{"sqlite", newSQLite},
		{"postgres", newPostgres},
	}
	for _, o := range open {
		b.Run(o.name, func(b *testing.B) {
			tdb := o.open(b, true)
			s := New(tdb.db, tdb.d)
			e := fullEntry()
			ctx := context.Background()
			for b.Loop() {
				e.ID = ""
				if err := s.Append(ctx, e); err != nil {
					b.Fatalf("Append: %v", err)
				}
			}
		})
	}
}
