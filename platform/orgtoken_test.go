package platform

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// openLogged opens a platform on dsn with dataDir and returns it with its
// log output. The platform is closed when the test ends.
func openLogged(t *testing.T, dsn, dataDir string) (*Platform, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	p, err := Open(context.Background(), Options{
		DSN: dsn, DataDir: dataDir, Logger: slog.New(slog.NewTextHandler(logs, nil)),
	})
	if err != nil {
		t.Fatalf("Open %s: %v", dsn, err)
	}
	t.Cleanup(func() { p.Close() })
	return p, logs
}

func mustReadToken(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read token file: %v", err)
	}
	return strings.TrimSpace(string(b))
}

// TestOrgTokenFilePerDatabase starts two SQLite databases in one folder,
// as `wsctl serve --db /tmp/a.db` and then `--db /tmp/b.db` do. The second
// must not overwrite the first one's token file, and each must find its own
// token again after a restart.
func TestOrgTokenFilePerDatabase(t *testing.T) {
	dir := t.TempDir()
	dbA, dbB := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	fileA, fileB := filepath.Join(dir, "org-token"), filepath.Join(dir, "b.db.org-token")

	a, logsA := openLogged(t, dbA, dir)
	tokenA := a.OrgToken()
	a.Close()
	b, logsB := openLogged(t, dbB, dir)
	tokenB := b.OrgToken()
	b.Close()

	if got := mustReadToken(t, fileA); got != tokenA {
		t.Errorf("%s after the second database started: got another token, want the first database's", fileA)
	}
	if got := mustReadToken(t, fileB); got != tokenB {
		t.Errorf("%s: got another token, want the second database's", fileB)
	}
	info, err := os.Stat(fileB)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != 0o600 {
		t.Errorf("%s mode: got %o, want 600", fileB, got)
	}

	tests := []struct {
		name, dsn, token, file string
		firstLogs              *syncBuffer
	}{
		{name: "first database", dsn: dbA, token: tokenA, file: fileA, firstLogs: logsA},
		{name: "second database", dsn: dbB, token: tokenB, file: fileB, firstLogs: logsB},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, logs := openLogged(t, tt.dsn, dir)
			if p.OrgToken() != tt.token {
				t.Errorf("OrgToken after restart: got another token, want the one created at first start")
			}
			for when, out := range map[string]string{"first start": tt.firstLogs.String(), "restart": logs.String()} {
				if want := "file=" + tt.file; !strings.Contains(out, want) {
					t.Errorf("%s logs: got %q, want them to contain %q", when, out, want)
				}
				if strings.Contains(out, tt.token) {
					t.Errorf("%s logs contain the org token", when)
				}
			}
		})
	}
}

// TestOrgTokenFileNeverOverwritten fills both file names a database may use
// with tokens of other databases. Open must fail, name both files, change
// neither and leave the database empty, so that it works once one is moved.
func TestOrgTokenFileNeverOverwritten(t *testing.T) {
	dir := t.TempDir()
	shared, own := filepath.Join(dir, "org-token"), filepath.Join(dir, "c.db.org-token")
	other := newToken()
	for _, path := range []string{shared, own} {
		if err := os.WriteFile(path, []byte(other+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	_, err := Open(context.Background(), Options{DSN: filepath.Join(dir, "c.db"), DataDir: dir})
	if err == nil {
		t.Fatal("Open: got no error, want one naming the token files")
	}
	for _, want := range []string{shared, own, "move"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Open error: got %q, want it to contain %q", err, want)
		}
	}
	if strings.Contains(err.Error(), other) {
		t.Errorf("Open error contains a token: %q", err)
	}
	for _, path := range []string{shared, own} {
		if got := mustReadToken(t, path); got != other {
			t.Errorf("%s after the failed start: got %q, want it unchanged", path, got)
		}
	}

	if err := os.Remove(own); err != nil {
		t.Fatal(err)
	}
	p, _ := openLogged(t, filepath.Join(dir, "c.db"), dir)
	if got := mustReadToken(t, own); got != p.OrgToken() || got == "" {
		t.Errorf("%s after retry: got another token, want the new database's", own)
	}
}

// TestOrgTokenFileOfAnotherDatabase replaces a database's token file with
// another database's token, as the older platform did, and checks that a
// restart neither offers that token nor stays silent about it.
func TestOrgTokenFileOfAnotherDatabase(t *testing.T) {
	dir := t.TempDir()
	dsn := filepath.Join(dir, "a.db")
	first, _ := openLogged(t, dsn, dir)
	token := first.OrgToken()
	first.Close()
	foreign := newToken()
	if err := os.WriteFile(filepath.Join(dir, "org-token"), []byte(foreign+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	p, logs := openLogged(t, dsn, dir)
	if got := p.OrgToken(); got != "" {
		t.Errorf("OrgToken: got a token of length %d, want none, because the file holds another database's", len(got))
	}
	out := logs.String()
	for _, want := range []string{"level=WARN", "org token file not found", "token_prefix=" + token[:8]} {
		if !strings.Contains(out, want) {
			t.Errorf("logs: got %q, want them to contain %q", out, want)
		}
	}
	for label, secret := range map[string]string{"own token": token, "foreign token": foreign} {
		if strings.Contains(out, secret) {
			t.Errorf("logs contain the %s", label)
		}
	}
}

// TestOrgTokenWithoutDataDir checks what happens with no data directory,
// the case of Postgres under `wsctl serve`: no file is written, and each
// start logs that, with the token prefix only.
func TestOrgTokenWithoutDataDir(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			dsn := dsn(t)
			p, logs := openLogged(t, dsn, "")
			token := p.OrgToken()
			if len(token) != tokenLen {
				t.Fatalf("OrgToken at first start: got length %d, want %d", len(token), tokenLen)
			}
			p.Close()
			if name == "sqlite" {
				if _, err := os.Stat(filepath.Join(filepath.Dir(dsn), "org-token")); !os.IsNotExist(err) {
					t.Errorf("org-token without a data directory: got %v, want no file", err)
				}
			}

			again, logsAgain := openLogged(t, dsn, "")
			if got := again.OrgToken(); got != "" {
				t.Errorf("OrgToken after restart: got a token, want none without a data directory")
			}
			for when, out := range map[string]string{"first start": logs.String(), "restart": logsAgain.String()} {
				for _, want := range []string{"org token not saved to a file", "token_prefix=" + token[:8]} {
					if !strings.Contains(out, want) {
						t.Errorf("%s logs: got %q, want them to contain %q", when, out, want)
					}
				}
				if strings.Contains(out, token) {
					t.Errorf("%s logs contain the org token", when)
				}
			}
		})
	}
}

// TestDatabaseFileMode checks that the SQLite database and its WAL files
// are readable by the owner only, whatever the umask, because they hold
// token hashes and audit reasons.
func TestDatabaseFileMode(t *testing.T) {
	dir := t.TempDir()
	dsn := filepath.Join(dir, "mode.db")
	p, _ := openLogged(t, dsn, dir)
	if _, err := p.store.Workspaces(context.Background(), false); err != nil {
		t.Fatal(err)
	}

	for _, path := range []string{dsn, dsn + "-wal", dsn + "-shm"} {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatalf("stat %s: %v", path, err)
		}
		if got := info.Mode().Perm(); got != 0o600 {
			t.Errorf("%s mode: got %o, want 600", filepath.Base(path), got)
		}
	}
}

// TestLabelOmittedWhenEmpty checks that log lines carry label only when
// Options.Label is set.
func TestLabelOmittedWhenEmpty(t *testing.T) {
	tests := []struct {
		label string
		want  bool
	}{
		{label: "", want: false},
		{label: "sandbox", want: true},
	}
	for _, tt := range tests {
		t.Run("label "+tt.label, func(t *testing.T) {
			dir := t.TempDir()
			logs := &syncBuffer{}
			p, err := Open(context.Background(), Options{
				DSN: filepath.Join(dir, "l.db"), DataDir: dir, Label: tt.label,
				Logger: slog.New(slog.NewTextHandler(logs, nil)),
			})
			if err != nil {
				t.Fatal(err)
			}
			p.Close()

			out := logs.String()
			if out == "" {
				t.Fatal("logs: got none, want the first-start lines")
			}
			if got := strings.Contains(out, "label="); got != tt.want {
				t.Errorf("label attribute in %q: got %v, want %v", out, got, tt.want)
			}
			if tt.want && !strings.Contains(out, "label="+tt.label) {
				t.Errorf("logs: got %q, want label=%s", out, tt.label)
			}
		})
	}
}

// TestOrgTokenNotCreatedOnBadSeed checks that a seed that does not parse
// fails Open before the org token exists, so the token is never created
// without reaching the caller, and the next start creates it.
func TestOrgTokenNotCreatedOnBadSeed(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			dsn := dsn(t)
			_, err := Open(context.Background(), Options{DSN: dsn, Seed: []byte(`{"workspaces": [`)})
			if err == nil || !strings.Contains(err.Error(), "invalid seed JSON") {
				t.Fatalf("Open with a broken seed: got %v, want an invalid seed JSON error", err)
			}
			p, _ := openLogged(t, dsn, "")
			if !p.createdToken || len(p.OrgToken()) != tokenLen {
				t.Errorf("next start: got createdToken=%v and a token of length %d, want a new token of length %d",
					p.createdToken, len(p.OrgToken()), tokenLen)
			}
		})
	}
}
