package platform

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/wsctl/wsctl/platform/store"
)

const (
	seoID      = "11111111-1111-4111-8111-111111111111"
	teamID     = "22222222-2222-4222-8222-222222222222"
	testReason = "operator cleanup of a stuck workspace"
)

// fakeClock is a settable clock shared by a platform and its test.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// backends returns the DSNs every store test runs against: a fresh SQLite
// file, and a fresh Postgres schema when WSCTL_TEST_POSTGRES is set.
func backends(t *testing.T) map[string]func(t *testing.T) string {
	out := map[string]func(t *testing.T) string{
		"sqlite": func(t *testing.T) string { return filepath.Join(t.TempDir(), "platform.db") },
	}
	if os.Getenv("WSCTL_TEST_POSTGRES") != "" {
		out["postgres"] = postgresSchema
	}
	return out
}

// postgresSchema creates a schema for one test and returns a DSN whose
// search_path selects it. The schema is dropped when the test ends. It fails,
// never skips, when the database is set but unreachable.
func postgresSchema(t *testing.T) string {
	t.Helper()
	base := os.Getenv("WSCTL_TEST_POSTGRES")
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open WSCTL_TEST_POSTGRES: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	schema := "wsctl_test_" + strings.ReplaceAll(uuid.NewString()[:13], "-", "")
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema on WSCTL_TEST_POSTGRES: %v", err)
	}
	t.Cleanup(func() {
		if _, err := db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse WSCTL_TEST_POSTGRES: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// testEnv is a platform served over httptest with a fake clock.
type testEnv struct {
	t     *testing.T
	p     *Platform
	srv   *httptest.Server
	clock *fakeClock
	token string
	logs  *bytes.Buffer
}

func newEnv(t *testing.T, dsn string, mutate ...func(*Options)) *testEnv {
	t.Helper()
	clock := newFakeClock()
	logs := &syncBuffer{}
	opts := Options{
		DSN: dsn, DataDir: t.TempDir(), Seed: IncidentSeed(), Clock: clock.Now, Label: "test",
		Logger:      slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		BudgetLimit: 1000,
	}
	for _, m := range mutate {
		m(&opts)
	}
	p, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	srv := httptest.NewServer(p.Handler())
	t.Cleanup(func() {
		srv.Close()
		p.Close()
	})
	return &testEnv{t: t, p: p, srv: srv, clock: clock, token: p.OrgToken(), logs: &logs.Buffer}
}

type syncBuffer struct {
	mu sync.Mutex
	bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Buffer.Write(p)
}

// response is a read HTTP response.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
	return m
}

func (r response) list(t *testing.T) []map[string]any {
	t.Helper()
	var l []map[string]any
	if err := json.Unmarshal(r.body, &l); err != nil {
		t.Fatalf("decode list %s: %v", r.body, err)
	}
	return l
}

// do sends a request with the org token and the given headers
// ("Name: value" strings).
func (e *testEnv) do(method, path string, body any, headers ...string) response {
	return e.doAs(e.token, method, path, body, headers...)
}

func (e *testEnv) doAs(token, method, path string, body any, headers ...string) response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: data}
}

func (e *testEnv) wantStatus(r response, want int, what string) {
	e.t.Helper()
	if r.status != want {
		e.t.Fatalf("%s: got status %d, want %d; body %s", what, r.status, want, r.body)
	}
}

// deleteConfirmed deletes a workspace with its name and the test reason.
func (e *testEnv) deleteConfirmed(id, name, query string) response {
	e.t.Helper()
	return e.do("DELETE", "/workspaces/"+id+query, map[string]string{"reason": testReason}, "X-Confirm-Name: "+name)
}

func mustNum(t *testing.T, m map[string]any, key string) int {
	t.Helper()
	v, ok := m[key].(float64)
	if !ok {
		t.Fatalf("field %q: got %v, want a number", key, m[key])
	}
	return int(v)
}

func deletionForTest(c *fakeClock) store.Deletion {
	return store.Deletion{ID: uuid.NewString(), Now: c.Now(), Window: DefaultRestoreWindow}
}
