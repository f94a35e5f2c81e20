package platform

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTokensNeverLogged(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, dsn(t))
			wsToken := e.do("POST", "/workspaces/"+seoID+"/tokens", map[string]string{"label": "agent"}).json(t)["token"].(string)
			e.doAs(wsToken, "POST", "/registry/heartbeat", map[string]any{"workspace_id": seoID, "active_tasks": 2})
			e.doAs(wsToken, "DELETE", "/workspaces/"+seoID, nil)
			e.doAs(wsToken[:42]+"x", "GET", "/workspaces", nil)
			e.do("DELETE", "/workspaces/"+seoID, nil)
			e.deleteConfirmed(seoID, "SEO Agent", "")
			e.do("POST", "/workspaces/"+seoID+"/restore", nil)

			audit := dumpAudit(t, e.p.store.DB())
			for label, secret := range map[string]string{"org token": e.token, "workspace token": wsToken} {
				if strings.Contains(e.logs.String(), secret) {
					t.Errorf("logs contain the %s", label)
				}
				if strings.Contains(audit, secret) {
					t.Errorf("audit entries contain the %s", label)
				}
			}
			if !strings.Contains(audit, e.token[:8]) {
				t.Errorf("audit entries: got no org token prefix %s, want it as the actor", e.token[:8])
			}
		})
	}
}

// dumpAudit returns every column of every audit entry as text.
func dumpAudit(t *testing.T, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query(`SELECT * FROM guard_audit_entries`)
	if err != nil {
		t.Fatalf("read audit table: %v", err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			fmt.Fprintf(&b, "%s|", v)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestOrgTokenFile(t *testing.T) {
	dir := t.TempDir()
	opts := Options{DSN: filepath.Join(dir, "p.db"), DataDir: dir}
	p, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	token := p.OrgToken()
	p.Close()
	if len(token) != 43 {
		t.Fatalf("org token length: got %d, want 43", len(token))
	}
	info, err := os.Stat(filepath.Join(dir, "org-token"))
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != 0o600 {
		t.Errorf("org-token mode: got %o, want 600", got)
	}

	p, err = Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if got := p.OrgToken(); got != token {
		t.Errorf("OrgToken after reopen: got a different token, want the one from first start")
	}
	req, _ := http.NewRequest("GET", "http://sandbox/workspaces", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := (&http.Client{Transport: p.RoundTripper()}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("list over RoundTripper: got %d, want 200", resp.StatusCode)
	}
}

func TestRedactDSN(t *testing.T) {
	tests := []struct{ dsn, want string }{
		{"postgres://app:s3cret@127.0.0.1:5432/db?sslmode=disable", "postgres://app:xxxxx@127.0.0.1:5432/db?sslmode=disable"},
		{"postgres://app@127.0.0.1/db?password=s3cret", "postgres://app@127.0.0.1/db?password=xxxxx"},
		{"/var/lib/wsctl/platform.db", "/var/lib/wsctl/platform.db"},
	}
	for _, tt := range tests {
		if got := describeDSN(tt.dsn); got != tt.want {
			t.Errorf("describeDSN(%q): got %q, want %q", tt.dsn, got, tt.want)
		}
	}
}

func TestOpenRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		wantErr string
	}{
		{name: "window too short", opts: Options{DSN: "x.db", RestoreWindow: 23 * 3600e9}, wantErr: "invalid restore window 23h0m0s"},
		{name: "window too long", opts: Options{DSN: "x.db", RestoreWindow: 721 * 3600e9}, wantErr: "invalid restore window 721h0m0s"},
		{name: "missing dsn", opts: Options{}, wantErr: "missing DSN"},
		{name: "in-memory sqlite", opts: Options{DSN: ":memory:"}, wantErr: `invalid SQLite path ":memory:"`},
		{name: "sqlite path with query", opts: Options{DSN: "x.db?mode=ro"}, wantErr: `invalid SQLite path "x.db?mode=ro"`},
		{name: "bad postgres password hidden", opts: Options{DSN: "postgres://u:topsecret@127.0.0.1:1/db?connect_timeout=1"}, wantErr: "xxxxx"},
		{
			name:    "upper-case scheme password hidden",
			opts:    Options{DSN: "POSTGRES://u:topsecret@127.0.0.1:1/db?connect_timeout=1"},
			wantErr: "open postgres postgres://u:xxxxx@127.0.0.1:1/db?connect_timeout=1: failed to connect to `user=u database=db`",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(context.Background(), tt.opts)
			if err == nil {
				t.Fatalf("Open: got no error, want one containing %q", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Open error: got %q, want it to contain %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "topsecret") {
				t.Errorf("Open error contains the DSN password: %q", err)
			}
		})
	}
}

// TestOpenUpperCaseScheme opens the test Postgres database through a DSN
// whose scheme is spelled in capitals, which pgx alone does not accept.
func TestOpenUpperCaseScheme(t *testing.T) {
	if os.Getenv("WSCTL_TEST_POSTGRES") == "" {
		t.Skip("WSCTL_TEST_POSTGRES is not set")
	}
	for _, scheme := range []string{"POSTGRES", "PostgreSQL"} {
		t.Run(scheme, func(t *testing.T) {
			dsn := postgresSchema(t)
			_, rest, _ := strings.Cut(dsn, "://")
			p, err := Open(context.Background(), Options{DSN: scheme + "://" + rest})
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer p.Close()
			if got := p.StoreKind(); got != "postgres" {
				t.Errorf("store kind: got %q, want postgres", got)
			}
		})
	}
}
