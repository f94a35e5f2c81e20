package guard

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testWorkspaceID = "0b7e6a52-3c1d-4c55-9d8e-6f1f2d9a1c01"
	testName        = "alpha"
	// testToken is a recognisable 43-character credential; no test output,
	// log line or entry may contain it.
	testToken = "SECRETtokenDoNotLeak_abcdefghijklmnopqrstuv"
	// testReason is long enough for the default minimum.
	testReason = "cleanup after incident 42"
)

var testNow = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

// memAudit is an in-memory AuditLog whose Append can be made to fail.
type memAudit struct {
	mu      sync.Mutex
	entries []Entry
	fail    error
}

func (m *memAudit) Append(_ context.Context, e Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	m.entries = append(m.entries, e)
	return nil
}

func (m *memAudit) Query(_ context.Context, f AuditFilter) (AuditPage, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var page AuditPage
	for i := len(m.entries) - 1; i >= 0; i-- {
		if e := m.entries[i]; f.Outcome == "" || e.Outcome == f.Outcome {
			page.Entries = append(page.Entries, e)
		}
	}
	return page, nil
}

func (m *memAudit) all() []Entry {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Entry(nil), m.entries...)
}

// mapResolver resolves workspaces from a map; err, when set, is returned
// for every id.
type mapResolver struct {
	workspaces map[string]Target
	err        error
}

func (m mapResolver) ResolveWorkspace(_ context.Context, id string) (Target, error) {
	if m.err != nil {
		return Target{}, m.err
	}
	t, ok := m.workspaces[id]
	if !ok {
		return Target{}, ErrNotFound
	}
	return t, nil
}

func testTarget(name string) Target {
	return Target{
		ID: testWorkspaceID, Name: name, Status: "online", ETag: `"v1"`,
		Impact: Impact{ActiveTasks: 1, ChildCount: 2, ScheduleCount: 3, MemoryCount: 4},
	}
}

// bearerActor identifies "Authorization: Bearer <token>" as an org
// credential with the token's first 8 characters.
func bearerActor(r *http.Request) (Actor, bool) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || tok == "" {
		return Actor{}, false
	}
	return Actor{Kind: "org", TokenPrefix: tok[:min(8, len(tok))], Label: "ops"}, true
}

// host records which requests reached it.
type host struct {
	mu     sync.Mutex
	calls  []string
	status int
	panics bool
}

func (h *host) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.calls = append(h.calls, r.Method+" "+r.URL.RequestURI())
	status, panics := h.status, h.panics
	h.mu.Unlock()
	if panics {
		panic("host handler failed")
	}
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
}

func (h *host) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.calls)
}

type fixture struct {
	guard *Guard
	audit *memAudit
	host  *host
	logs  *bytes.Buffer
}

// newFixture builds a guard over one workspace named name. edit may change
// the config before New.
func newFixture(t testing.TB, name string, edit func(*Config)) *fixture {
	t.Helper()
	f := &fixture{audit: &memAudit{}, host: &host{}, logs: &bytes.Buffer{}}
	cfg := Config{
		Resolver: mapResolver{workspaces: map[string]Target{testWorkspaceID: testTarget(name)}},
		Actor:    bearerActor,
		Audit:    f.audit,
		Clock:    func() time.Time { return testNow },
		Logger:   slog.New(slog.NewJSONHandler(&lockedWriter{w: f.logs}, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if edit != nil {
		edit(&cfg)
	}
	g, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	f.guard = g
	return f
}

// serve runs one request through the middleware and returns the recorder.
func (f *fixture) serve(r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	RequestID(f.guard.Middleware(f.host)).ServeHTTP(rec, r)
	return rec
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// deleteRequest builds an authenticated DELETE of the test workspace with
// the given confirmation and reason headers ("" leaves a header out).
func deleteRequest(confirm, reason string) *http.Request {
	r := httptest.NewRequest(http.MethodDelete, "/workspaces/"+testWorkspaceID, nil)
	r.Header.Set("Authorization", "Bearer "+testToken)
	if confirm != "" {
		r.Header.Set(HeaderConfirmName, confirm)
	}
	if reason != "" {
		r.Header.Set(HeaderAuditReason, reason)
	}
	return r
}

var errStoreDown = errors.New("store down: connection refused")

func newBuffer(b []byte) *bytes.Buffer { return bytes.NewBuffer(b) }
