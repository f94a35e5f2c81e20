package guard

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// sqlAudit is an AuditLog with a TxAppender that writes into a real SQLite
// table; Append goes to the embedded memAudit.
type sqlAudit struct {
	memAudit
	failTx bool
}

func (s *sqlAudit) AppendTx(ctx context.Context, tx *sql.Tx, e Entry) error {
	if s.failTx {
		return errStoreDown
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (id, outcome, request_id) VALUES (?, ?, ?)`, e.ID, e.Outcome, e.RequestID)
	return err
}

func openTestDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "guard.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, stmt := range []string{
		`CREATE TABLE workspaces (id TEXT PRIMARY KEY)`,
		`CREATE TABLE audit (id TEXT PRIMARY KEY, outcome TEXT NOT NULL, request_id TEXT NOT NULL)`,
		`INSERT INTO workspaces (id) VALUES ('` + testWorkspaceID + `')`,
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// txDeleteHandler deletes the workspace and commits the audit entry in one
// transaction, as a platform handler does.
func txDeleteHandler(db *sql.DB, callCommit bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tx, err := db.BeginTx(r.Context(), nil)
		if err != nil {
			WriteError(w, r, http.StatusServiceUnavailable, "platform_unavailable", "retry shortly")
			return
		}
		defer tx.Rollback()

		if _, err := tx.ExecContext(r.Context(), `DELETE FROM workspaces WHERE id = ?`, r.PathValue("id")); err != nil {
			WriteError(w, r, http.StatusServiceUnavailable, "platform_unavailable", "retry shortly")
			return
		}
		if callCommit {
			if err := CommitAuditTx(r.Context(), tx); err != nil {
				WriteError(w, r, http.StatusServiceUnavailable, CodeAuditUnavailable, "the audit log is unavailable")
				return
			}
		}
		if err := tx.Commit(); err != nil {
			WriteError(w, r, http.StatusServiceUnavailable, "platform_unavailable", "retry shortly")
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

func TestAuditTransactional(t *testing.T) {
	tests := []struct {
		name          string
		failTx        bool
		callCommit    bool
		wantStatus    int
		wantRemaining int // workspace rows
		wantSQLRows   int // entries committed with the action
		wantAppended  []Outcome
	}{
		{name: "committed with action", callCommit: true, wantStatus: 200, wantRemaining: 0, wantSQLRows: 1},
		{name: "audit write fails", failTx: true, callCommit: true, wantStatus: 503, wantRemaining: 1, wantSQLRows: 0, wantAppended: []Outcome{OutcomeFailed}},
		{name: "host never commits", callCommit: false, wantStatus: 200, wantRemaining: 0, wantSQLRows: 0, wantAppended: []Outcome{OutcomeAllowed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTestDB(t)
			audit := &sqlAudit{failTx: tt.failTx}
			f := newFixture(t, testName, func(c *Config) { c.Audit = audit })
			mux := http.NewServeMux()
			mux.Handle("DELETE /workspaces/{id}", txDeleteHandler(db, tt.callCommit))

			rec := httptest.NewRecorder()
			RequestID(f.guard.Middleware(mux)).ServeHTTP(rec, deleteRequest(testName, testReason))

			if rec.Code != tt.wantStatus {
				t.Errorf("status: got %d, want %d", rec.Code, tt.wantStatus)
			}
			if got := countRows(t, db, "workspaces"); got != tt.wantRemaining {
				t.Errorf("workspace rows: got %d, want %d", got, tt.wantRemaining)
			}
			if got := countRows(t, db, "audit"); got != tt.wantSQLRows {
				t.Errorf("entries in the transaction: got %d, want %d", got, tt.wantSQLRows)
			}
			var got []Outcome
			for _, e := range audit.all() {
				got = append(got, e.Outcome)
			}
			if len(got) != len(tt.wantAppended) {
				t.Fatalf("appended outcomes: got %v, want %v", got, tt.wantAppended)
			}
			for i := range got {
				if got[i] != tt.wantAppended[i] {
					t.Errorf("appended outcome %d: got %q, want %q", i, got[i], tt.wantAppended[i])
				}
			}
		})
	}
}

func countRows(t *testing.T, db *sql.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCommitAuditTxErrors(t *testing.T) {
	if err := CommitAuditTx(context.Background(), nil); err != nil {
		t.Errorf("without pending entry: got %v, want nil", err)
	}

	p := &pending{entry: Entry{ID: "e1"}, tx: &sqlAudit{failTx: true}}
	ctx := context.WithValue(context.Background(), pendingKey{}, p)
	db := openTestDB(t)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()

	err = CommitAuditTx(ctx, tx)
	if !errors.Is(err, ErrAuditUnavailable) {
		t.Errorf("failing store: got %v, want an error wrapping ErrAuditUnavailable", err)
	}
	if !errors.Is(err, errStoreDown) {
		t.Errorf("failing store: got %v, want an error wrapping the store error", err)
	}
	if err := CommitAuditTx(ctx, nil); !errors.Is(err, ErrAuditUnavailable) {
		t.Errorf("nil tx: got %v, want an error wrapping ErrAuditUnavailable", err)
	}
}

func TestHostOutcomes(t *testing.T) {
	tests := []struct {
		name         string
		tx           bool
		status       int
		panics       bool
		wantOutcomes []Outcome
		wantErrors   []string
	}{
		{name: "append mode success", status: 200, wantOutcomes: []Outcome{OutcomeAllowed}, wantErrors: []string{""}},
		{name: "append mode conflict", status: 409, wantOutcomes: []Outcome{OutcomeAllowed, OutcomeRefused}, wantErrors: []string{"", "host_rejected_409"}},
		{name: "append mode server error", status: 500, wantOutcomes: []Outcome{OutcomeAllowed, OutcomeFailed}, wantErrors: []string{"", "host_failed_500"}},
		{name: "append mode panic", panics: true, wantOutcomes: []Outcome{OutcomeAllowed, OutcomeFailed}, wantErrors: []string{"", "host_panic"}},
		{name: "tx mode panic", tx: true, panics: true, wantOutcomes: []Outcome{OutcomeFailed}, wantErrors: []string{"host_panic"}},
		{name: "tx mode conflict", tx: true, status: 409, wantOutcomes: []Outcome{OutcomeRefused}, wantErrors: []string{"host_rejected_409"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var audit interface {
				AuditLog
				all() []Entry
			} = &memAudit{}
			if tt.tx {
				audit = &sqlAudit{}
			}
			f := newFixture(t, testName, func(c *Config) { c.Audit = audit })
			f.host.status, f.host.panics = tt.status, tt.panics

			var recovered any
			func() {
				defer func() { recovered = recover() }()
				f.serve(deleteRequest(testName, testReason))
			}()
			if (recovered != nil) != tt.panics {
				t.Errorf("panic raised again: got %v, want %v", recovered != nil, tt.panics)
			}

			entries := audit.all()
			if len(entries) != len(tt.wantOutcomes) {
				t.Fatalf("entries: got %d, want %d", len(entries), len(tt.wantOutcomes))
			}
			for i, e := range entries {
				if e.Outcome != tt.wantOutcomes[i] {
					t.Errorf("entry %d outcome: got %q, want %q", i, e.Outcome, tt.wantOutcomes[i])
				}
				if e.Error != tt.wantErrors[i] {
					t.Errorf("entry %d error: got %q, want %q", i, e.Error, tt.wantErrors[i])
				}
				if e.RequestID != entries[0].RequestID {
					t.Errorf("entry %d request id: got %q, want %q", i, e.RequestID, entries[0].RequestID)
				}
			}
		})
	}
}

func TestPendingEntry(t *testing.T) {
	f := newFixture(t, testName, nil)
	var got Entry
	var ok bool
	h := f.guard.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok = PendingEntry(r.Context())
	}))
	r := deleteRequest(testName, "  "+testReason+"  ")
	r.Header.Set("User-Agent", "wsctl/1.0")
	r.RemoteAddr = "127.0.0.1:5555"
	RequestID(h).ServeHTTP(httptest.NewRecorder(), r)

	if !ok {
		t.Fatal("PendingEntry: got none, want the allowed entry")
	}
	want := Entry{
		ID: got.ID, Time: testNow, Action: ActionWorkspaceDelete, Outcome: OutcomeAllowed,
		Actor:       Actor{Kind: "org", TokenPrefix: testToken[:8], Label: "ops"},
		WorkspaceID: testWorkspaceID, WorkspaceName: testName, Reason: testReason,
		RequestID: got.RequestID, RemoteAddr: "127.0.0.1:5555", UserAgent: "wsctl/1.0",
		Impact: &Impact{ActiveTasks: 1, ChildCount: 2, ScheduleCount: 3, MemoryCount: 4},
	}
	if got.ID == "" || got.RequestID == "" {
		t.Errorf("ids: got id %q request id %q, want both set", got.ID, got.RequestID)
	}
	if got.Impact == nil || *got.Impact != *want.Impact {
		t.Errorf("impact: got %v, want %v", got.Impact, want.Impact)
	}
	got.Impact, want.Impact = nil, nil
	if got != want {
		t.Errorf("entry:\ngot  %+v\nwant %+v", got, want)
	}
	if _, ok := PendingEntry(context.Background()); ok {
		t.Errorf("PendingEntry without guard: got an entry, want none")
	}
}

// TestFinishFallbackLogLevel checks the level Finish's godoc promises for a
// host with a TxAppender audit log that never calls CommitAuditTx.
func TestFinishFallbackLogLevel(t *testing.T) {
	db := openTestDB(t)
	f := newFixture(t, testName, func(c *Config) { c.Audit = &sqlAudit{} })
	mux := http.NewServeMux()
	mux.Handle("DELETE /workspaces/{id}", txDeleteHandler(db, false))

	rec := httptest.NewRecorder()
	RequestID(f.guard.Middleware(mux)).ServeHTTP(rec, deleteRequest(testName, testReason))

	if rec.Code != http.StatusOK {
		t.Fatalf("status: got %d, want 200", rec.Code)
	}
	want := `"level":"WARN","msg":"destructive request committed without CommitAuditTx; writing its audit entry after the action"`
	if !strings.Contains(f.logs.String(), want) {
		t.Errorf("logs: got %s, want a line containing %s", f.logs, want)
	}
}

// TestEntryDescendantTotals checks that the totals a Resolver reports for a
// cascading action reach the allowed entry and its JSON, and that an impact
// without them has no "descendants" key.
func TestEntryDescendantTotals(t *testing.T) {
	totals := &ImpactTotals{Count: 3, ActiveTasks: 5, ScheduleCount: 2, EnabledScheduleCount: 1, MemoryCount: 2, TokenCount: 1}
	tests := []struct {
		name        string
		descendants *ImpactTotals
		wantJSON    string
	}{
		{
			name:        "cascading",
			descendants: totals,
			wantJSON: `{"active_tasks":1,"child_count":2,"schedule_count":3,"enabled_schedule_count":0,"memory_count":4,"token_count":0,` +
				`"descendants":{"count":3,"active_tasks":5,"schedule_count":2,"enabled_schedule_count":1,"memory_count":2,"token_count":1}}`,
		},
		{
			name:     "workspace only",
			wantJSON: `{"active_tasks":1,"child_count":2,"schedule_count":3,"enabled_schedule_count":0,"memory_count":4,"token_count":0}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := testTarget(testName)
			target.Impact.Descendants = tt.descendants
			f := newFixture(t, testName, func(c *Config) {
				c.Resolver = mapResolver{workspaces: map[string]Target{testWorkspaceID: target}}
			})
			if rec := f.serve(deleteRequest(testName, testReason)); rec.Code != http.StatusOK {
				t.Fatalf("status: got %d, want 200", rec.Code)
			}

			entries := f.audit.all()
			if len(entries) != 1 {
				t.Fatalf("entries: got %d, want 1", len(entries))
			}
			got, err := json.Marshal(entries[0].Impact)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.wantJSON {
				t.Errorf("impact JSON:\ngot  %s\nwant %s", got, tt.wantJSON)
			}
		})
	}
}
