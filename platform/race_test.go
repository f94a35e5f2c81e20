package platform

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/wsctl/wsctl/guard"
	"github.com/wsctl/wsctl/platform/store"
)

// TestPurgeRacesRestore runs two platforms (replicas) on one database. Both
// run the purge job while restores and early purges race on the same rows.
// Every expired workspace must be purged exactly once, and every workspace
// still in its window must end up either restored or purged, never both.
func TestPurgeRacesRestore(t *testing.T) {
	const expired, racing, restored = 30, 15, 15
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			source := dsn(t)
			a := newEnv(t, source)
			b := newEnv(t, source, func(o *Options) { o.Clock = a.clock.Now })
			ctx := context.Background()
			now := a.clock.Now()

			ids := make([]string, expired+racing+restored)
			for i := range ids {
				ids[i] = fmt.Sprintf("99999999-0000-4000-8000-%012d", i)
				deletedAt := now
				if i < expired {
					deletedAt = now.Add(-100 * time.Hour)
				}
				removeForTest(t, a.p, ids[i], deletedAt)
			}

			var (
				wg             sync.WaitGroup
				mu             sync.Mutex
				restoreOK      = map[string]bool{}
				earlyPurgeOK   = map[string]bool{}
				unexpectedErrs []error
			)
			record := func(m map[string]bool, id string, err error, allowed ...error) {
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					m[id] = true
					return
				}
				var purged *store.PurgedError
				if errors.As(err, &purged) || errors.Is(err, store.ErrNotRemoved) || errors.Is(err, store.ErrNotFound) {
					return
				}
				unexpectedErrs = append(unexpectedErrs, fmt.Errorf("%s: %w", id, err))
			}
			for _, p := range []*Platform{a.p, b.p} {
				wg.Go(func() {
					if _, err := p.PurgeOnce(ctx); err != nil {
						record(nil, "purge job", err)
					}
				})
			}
			for i, id := range ids {
				p := []*Platform{a.p, b.p}[i%2]
				wg.Go(func() {
					_, err := p.store.Restore(ctx, id, now, nil)
					record(restoreOK, id, err)
				})
				if i >= expired && i < expired+racing {
					other := []*Platform{b.p, a.p}[i%2]
					wg.Go(func() {
						_, err := other.store.HardDelete(ctx, id, store.HardDeletion{Now: now, OnlyRemoved: true}, countPurge(other, id))
						record(earlyPurgeOK, id, err)
					})
				}
			}
			wg.Wait()
			if len(unexpectedErrs) > 0 {
				t.Fatalf("unexpected errors: %v", unexpectedErrs)
			}
			// A purge job that met a row locked by a restore skipped it;
			// the next run takes it.
			if _, err := a.p.PurgeOnce(ctx); err != nil {
				t.Fatal(err)
			}

			purges := purgeCounts(t, a.p.store.DB())
			for i, id := range ids {
				_, getErr := a.p.store.Workspace(ctx, id)
				var purged *store.PurgedError
				isPurged := errors.As(getErr, &purged)
				switch {
				case i < expired:
					if restoreOK[id] || !isPurged || purges[id] != 1 {
						t.Errorf("expired %s: restored %v, purged %v, %d purge entries; want not restored, purged once", id, restoreOK[id], isPurged, purges[id])
					}
				case i < expired+racing:
					if restoreOK[id] == earlyPurgeOK[id] {
						t.Errorf("racing %s: restore won %v, purge won %v; want exactly one winner", id, restoreOK[id], earlyPurgeOK[id])
					}
					if isPurged != earlyPurgeOK[id] || purges[id] > 1 {
						t.Errorf("racing %s: purged %v with %d entries, want %v with at most 1", id, isPurged, purges[id], earlyPurgeOK[id])
					}
				default:
					if !restoreOK[id] || isPurged || purges[id] != 0 {
						t.Errorf("in window %s: restored %v, purged %v; want restored, never purged", id, restoreOK[id], isPurged)
					}
				}
			}
		})
	}
}

// removeForTest creates a workspace with one schedule and soft-deletes it at
// deletedAt with the default window.
func removeForTest(t *testing.T, p *Platform, id string, deletedAt time.Time) {
	t.Helper()
	ctx := context.Background()
	err := p.store.CreateWorkspace(ctx, store.Workspace{ID: id, Name: "race " + id[len(id)-4:], Status: "online", Tier: 1, CreatedAt: deletedAt})
	if err != nil {
		t.Fatal(err)
	}
	err = p.store.CreateSchedule(ctx, store.Schedule{ID: id[:24] + "5c" + id[26:], WorkspaceID: id, Name: "s", CronExpr: "0 * * * *", Timezone: "UTC", Enabled: true, CreatedAt: deletedAt})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.store.SoftDelete(ctx, id, store.Deletion{ID: "d-" + id, Now: deletedAt, Window: DefaultRestoreWindow}, nil)
	if err != nil {
		t.Fatal(err)
	}
}

// countPurge records an early purge as an audit entry, like the handler.
func countPurge(p *Platform, id string) store.AuditFunc {
	return func(ctx context.Context, tx *sql.Tx) error {
		return p.audit.AppendTx(ctx, tx, guard.Entry{Action: guard.ActionWorkspacePurge, Outcome: guard.OutcomeAllowed, Actor: systemActor, WorkspaceID: id})
	}
}

func purgeCounts(t *testing.T, db *sql.DB) map[string]int {
	t.Helper()
	rows, err := db.Query(`SELECT workspace_id, COUNT(*) FROM guard_audit_entries WHERE action = 'workspace.purge' AND outcome = 'allowed' GROUP BY workspace_id`)
	if err != nil {
		t.Fatalf("count purge entries: %v", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			t.Fatal(err)
		}
		out[id] = n
	}
	return out
}

// TestTwoPurgeJobs runs the purge job of two replicas at once over 1,000
// expired workspaces on Postgres: each must be purged and audited exactly
// once. SQLite serves one replica only, so it has no such case.
func TestTwoPurgeJobs(t *testing.T) {
	const n = 1000
	if os.Getenv("WSCTL_TEST_POSTGRES") == "" {
		t.Skip("set WSCTL_TEST_POSTGRES to run replicas on one Postgres")
	}
	source := postgresSchema(t)
	a := newEnv(t, source)
	b := newEnv(t, source, func(o *Options) { o.Clock = a.clock.Now })
	insertExpired(t, a.p, n)

	var wg sync.WaitGroup
	totals := make([]int, 2)
	for i, p := range []*Platform{a.p, b.p} {
		wg.Go(func() {
			purged, err := p.PurgeOnce(context.Background())
			if err != nil {
				t.Errorf("replica %d: %v", i, err)
			}
			totals[i] = purged
		})
	}
	wg.Wait()

	if got := totals[0] + totals[1]; got != n {
		t.Errorf("purged by both replicas: got %d (%d + %d), want %d", got, totals[0], totals[1], n)
	}
	counts := purgeCounts(t, a.p.store.DB())
	if len(counts) != n {
		t.Errorf("workspaces with a purge entry: got %d, want %d", len(counts), n)
	}
	for id, c := range counts {
		if c != 1 {
			t.Errorf("%s: got %d purge entries, want 1", id, c)
		}
	}
	t.Logf("replica a purged %d, replica b purged %d", totals[0], totals[1])
}
