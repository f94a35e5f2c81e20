package store

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

var t0 = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// openStores returns a fresh SQLite store and, when WSCTL_TEST_POSTGRES is
// set, a Postgres store in its own schema, so that both run one suite.
func openStores(t *testing.T) map[string]Store {
	t.Helper()
	ctx := context.Background()
	sqlite, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sqlite.Close() })
	out := map[string]Store{"sqlite": sqlite}

	base := os.Getenv("WSCTL_TEST_POSTGRES")
	if base == "" {
		return out
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open WSCTL_TEST_POSTGRES: %v", err)
	}
	t.Cleanup(func() { admin.Close() })
	schema := "wsctl_store_" + strings.ReplaceAll(uuid.NewString()[:13], "-", "")
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema on WSCTL_TEST_POSTGRES: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	pg, err := OpenPostgres(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close() })
	out["postgres"] = pg
	return out
}

// fixture creates a workspace with three schedules (one already disabled)
// and two tokens (one already revoked by an earlier deletion id).
func fixture(t *testing.T, s Store, id string, parent *string) {
	t.Helper()
	ctx := context.Background()
	if err := s.CreateWorkspace(ctx, Workspace{ID: id, Name: "ws " + id[:4], Status: "online", Tier: 1, ParentID: parent, CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	for i, enabled := range []bool{true, true, false} {
		sc := Schedule{ID: uuid.NewString(), WorkspaceID: id, Name: "s", CronExpr: "0 * * * *", Timezone: "UTC", Enabled: enabled, CreatedAt: t0.Add(time.Duration(i))}
		if err := s.CreateSchedule(ctx, sc); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		raw := uuid.NewString()
		if err := s.CreateToken(ctx, Token{ID: uuid.NewString(), Kind: "workspace", WorkspaceID: id, Prefix: raw[:8], Hash: raw, CreatedAt: t0}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSoftDeleteAndRestore(t *testing.T) {
	for name, s := range openStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			id := uuid.NewString()
			fixture(t, s, id, nil)

			del, err := s.SoftDelete(ctx, id, Deletion{ID: "d1", Now: t0, Window: 72 * time.Hour}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if del.SchedulesDisabled != 2 || del.TokensRevoked != 2 || del.CascadeDeleted != 0 {
				t.Errorf("delete: got %+v, want 2 schedules, 2 tokens, 0 children", del)
			}
			_, err = s.SoftDelete(ctx, id, Deletion{ID: "d2", Now: t0, Window: time.Hour}, nil)
			var removed *RemovedError
			if !errors.As(err, &removed) {
				t.Errorf("second delete: got %v, want *RemovedError", err)
			}

			res, err := s.Restore(ctx, id, t0.Add(time.Hour), nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != "online" || res.Schedules != 2 || res.Tokens != 2 {
				t.Errorf("restore: got %+v, want online, 2 schedules, 2 tokens", res)
			}
			ws, err := s.Workspace(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if ws.Impact.EnabledScheduleCount != 2 || ws.Impact.ScheduleCount != 3 || ws.Impact.TokenCount != 2 {
				t.Errorf("impact after restore: got %+v, want 2 of 3 schedules enabled and 2 tokens", ws.Impact)
			}
			if _, err := s.Restore(ctx, id, t0, nil); !errors.Is(err, ErrNotRemoved) {
				t.Errorf("restore live: got %v, want ErrNotRemoved", err)
			}
		})
	}
}

func TestAuditFailureRollsBack(t *testing.T) {
	for name, s := range openStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			id := uuid.NewString()
			fixture(t, s, id, nil)
			boom := errors.New("audit down")
			_, err := s.SoftDelete(ctx, id, Deletion{ID: "d1", Now: t0, Window: time.Hour}, func(context.Context, *sql.Tx) error { return boom })
			if !errors.Is(err, boom) {
				t.Fatalf("delete: got %v, want the audit error", err)
			}
			ws, err := s.Workspace(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if ws.Status != "online" || ws.Impact.EnabledScheduleCount != 2 || ws.Impact.TokenCount != 2 {
				t.Errorf("after failed audit: got status %s, impact %+v; want nothing changed", ws.Status, ws.Impact)
			}
		})
	}
}

func TestCascadeAndPurge(t *testing.T) {
	for name, s := range openStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			parent, child, grandchild := uuid.NewString(), uuid.NewString(), uuid.NewString()
			fixture(t, s, parent, nil)
			fixture(t, s, child, &parent)
			fixture(t, s, grandchild, &child)

			_, err := s.SoftDelete(ctx, parent, Deletion{ID: "d1", Now: t0, Window: 24 * time.Hour}, nil)
			var children *ChildrenError
			if !errors.As(err, &children) || len(children.Children) != 1 || children.Children[0].ID != child {
				t.Fatalf("delete without cascade: got %v, want *ChildrenError naming the child", err)
			}
			del, err := s.SoftDelete(ctx, parent, Deletion{ID: "d1", Now: t0, Window: 24 * time.Hour, Cascade: true, CascadeIDs: []string{child, grandchild}}, nil)
			if err != nil || del.CascadeDeleted != 2 {
				t.Fatalf("delete with cascade: got %+v, %v; want 2 cascaded", del, err)
			}

			purged, err := s.PurgeExpired(ctx, t0.Add(24*time.Hour), 100, nil)
			if err != nil || len(purged) != 0 {
				t.Fatalf("purge at the end of the window: got %d, %v; want 0", len(purged), err)
			}
			purged, err = s.PurgeExpired(ctx, t0.Add(24*time.Hour+time.Second), 2, nil)
			if err != nil || len(purged) != 2 {
				t.Fatalf("first purge batch: got %d, %v; want 2", len(purged), err)
			}
			purged, err = s.PurgeExpired(ctx, t0.Add(24*time.Hour+time.Second), 2, nil)
			if err != nil || len(purged) != 1 {
				t.Fatalf("second purge batch: got %d, %v; want 1", len(purged), err)
			}

			var gone *PurgedError
			for _, id := range []string{parent, child, grandchild} {
				if _, err := s.Workspace(ctx, id); !errors.As(err, &gone) {
					t.Errorf("read purged %s: got %v, want *PurgedError", id, err)
				}
			}
			var leftovers int
			if err := s.DB().QueryRow(`SELECT (SELECT COUNT(*) FROM schedules) + (SELECT COUNT(*) FROM tokens)`).Scan(&leftovers); err != nil {
				t.Fatal(err)
			}
			if leftovers != 0 {
				t.Errorf("schedules and tokens after purge: got %d rows, want 0", leftovers)
			}

			n, err := s.DeleteTombstones(ctx, t0.Add(48*time.Hour))
			if err != nil || n != 3 {
				t.Fatalf("delete tombstones: got %d, %v; want 3", n, err)
			}
			if _, err := s.Workspace(ctx, parent); !errors.Is(err, ErrNotFound) {
				t.Errorf("read after tombstone deletion: got %v, want ErrNotFound", err)
			}
		})
	}
}

func TestHeartbeatActiveSince(t *testing.T) {
	for name, s := range openStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			id := uuid.NewString()
			fixture(t, s, id, nil)
			steps := []struct {
				active    int
				at        time.Time
				wantSince *time.Time
			}{
				{active: 1, at: t0, wantSince: &t0},
				{active: 2, at: t0.Add(time.Hour), wantSince: &t0},
				{active: 0, at: t0.Add(2 * time.Hour), wantSince: nil},
			}
			for i, step := range steps {
				if err := s.Heartbeat(ctx, Heartbeat{WorkspaceID: id, ActiveTasks: step.active}, step.at); err != nil {
					t.Fatal(err)
				}
				ws, err := s.Workspace(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				got, want := ws.ActiveSince, step.wantSince
				if (got == nil) != (want == nil) || (got != nil && !got.Equal(*want)) {
					t.Errorf("step %d: got active_since %v, want %v", i, got, want)
				}
			}
		})
	}
}

func TestMigrateTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "twice.db")
	for i := range 2 {
		s, err := OpenSQLite(context.Background(), path)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		s.Close()
	}
}
