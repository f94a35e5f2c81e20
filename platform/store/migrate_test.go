package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// TestMigrateFromFirstVersion opens a database that has only the first
// migration, as every database created before session resets and settings
// existed, and checks that both work after the upgrade.
func TestMigrateFromFirstVersion(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	first, err := migrations.ReadFile("migrations/sqlite/0001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`CREATE TABLE platform_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`,
		string(first),
		`INSERT INTO platform_migrations (version, applied_at) VALUES (1, 0)`,
		`INSERT INTO workspaces (id, name, status, created_at, updated_at) VALUES ('w1', 'old', 'online', 0, 0)`,
	} {
		if _, err := old.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("build version 1 database: %v", err)
		}
	}
	old.Close()

	s, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatalf("OpenSQLite on a version 1 database: %v", err)
	}
	defer s.Close()
	if err := s.Restart(ctx, "w1", t0, true, nil); err != nil {
		t.Fatalf("Restart with reset: %v", err)
	}
	w, err := s.Workspace(ctx, "w1")
	if err != nil {
		t.Fatal(err)
	}
	if w.SessionResetAt == nil || !w.SessionResetAt.Equal(t0) {
		t.Errorf("SessionResetAt: got %v, want %v", w.SessionResetAt, t0)
	}

	if got, err := s.Setting(ctx, "missing"); got != "" || err != nil {
		t.Errorf("Setting of a missing key: got %q, %v; want empty, nil", got, err)
	}
	for _, value := range []string{"first", "second"} {
		if err := s.SetSetting(ctx, "key", value); err != nil {
			t.Fatalf("SetSetting %q: %v", value, err)
		}
		if got, err := s.Setting(ctx, "key"); got != value || err != nil {
			t.Errorf("Setting after SetSetting %q: got %q, %v", value, got, err)
		}
	}
}
