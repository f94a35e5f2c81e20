package sqlaudit

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wsctl/wsctl/guard"
)

func fullEntry() guard.Entry {
	return guard.Entry{
		ID:            "0190c8a4-0000-7000-8000-000000000001",
		Time:          time.Date(2025, 3, 14, 15, 9, 26, 535897000, time.FixedZone("CET", 3600)),
		Action:        guard.ActionWorkspaceDelete,
		Outcome:       guard.OutcomeFailed,
		Error:         "host answered 502",
		Actor:         guard.Actor{Kind: "org", TokenPrefix: "wsk_abcd", Label: "ci-deploy"},
		WorkspaceID:   "ws-1",
		WorkspaceName: "Prod – Ünïcode 名前",
		Reason:        "cleanup after incident",
		RequestID:     "req-42",
		RemoteAddr:    "127.0.0.1:5555",
		UserAgent:     "wsctl/1.0",
		Impact: &guard.Impact{
			ActiveTasks: 1, ChildCount: 2, ScheduleCount: 3,
			EnabledScheduleCount: 4, MemoryCount: 5, TokenCount: 6,
		},
	}
}

func queryAll(t *testing.T, s *Store, f guard.AuditFilter) []guard.Entry {
	t.Helper()
	page, err := s.Query(context.Background(), f)
	if err != nil {
		t.Fatalf("Query(%+v): %v", f, err)
	}
	return page.Entries
}

func TestAppendRoundTrip(t *testing.T) {
	forEachDB(t, func(t *testing.T, tdb testDB) {
		s := New(tdb.db, tdb.d)
		sparse := guard.Entry{
			ID: "0190c8a4-0000-7000-8000-000000000000", Time: time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC),
			Action: guard.ActionMemoryDelete, Outcome: guard.OutcomeRefused, Actor: guard.Actor{Kind: "workspace"},
		}
		memory := guard.Entry{
			ID: "0190c8a4-0000-7000-8000-000000000002", Time: time.Date(2025, 3, 13, 0, 0, 0, 0, time.UTC),
			Action: guard.ActionMemoryDelete, Outcome: guard.OutcomeAllowed, Actor: guard.Actor{Kind: "org"},
			WorkspaceID: "ws-1", ResourceID: "mem-7",
		}
		for _, e := range []guard.Entry{fullEntry(), sparse, memory} {
			if err := s.Append(context.Background(), e); err != nil {
				t.Fatalf("Append: %v", err)
			}
		}

		got := queryAll(t, s, guard.AuditFilter{})

		want := []guard.Entry{fullEntry(), sparse, memory}
		want[0].Time = time.Date(2025, 3, 14, 14, 9, 26, 535897000, time.UTC)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("round trip:\ngot  %+v\nwant %+v", got, want)
		}
		if loc := got[0].Time.Location(); loc != time.UTC {
			t.Errorf("time location: got %v, want UTC", loc)
		}
	})
}

func TestAppendFillsIDAndTime(t *testing.T) {
	forEachDB(t, func(t *testing.T, tdb testDB) {
		now := time.Date(2025, 6, 1, 12, 0, 0, 123456789, time.UTC)
		s := New(tdb.db, tdb.d)
		s.Now = func() time.Time { return now }
		e := fullEntry()
		e.ID, e.Time = "", time.Time{}

		if err := s.Append(context.Background(), e); err != nil {
			t.Fatalf("Append: %v", err)
		}

		got := queryAll(t, s, guard.AuditFilter{})
		if len(got) != 1 {
			t.Fatalf("entries: got %d, want 1", len(got))
		}
		id, err := uuid.Parse(got[0].ID)
		if err != nil {
			t.Fatalf("id %q: %v", got[0].ID, err)
		}
		if id.Version() != 7 {
			t.Errorf("id version: got %d, want 7", id.Version())
		}
		if want := now.Truncate(time.Microsecond); !got[0].Time.Equal(want) {
			t.Errorf("time: got %v, want %v", got[0].Time, want)
		}
	})
}

func TestAppendRejectsInvalidEntry(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*guard.Entry)
		wantErr string
	}{
		{"missing action", func(e *guard.Entry) { e.Action = "" }, "missing action"},
		{"missing outcome", func(e *guard.Entry) { e.Outcome = "" }, "missing outcome"},
		{"long id", func(e *guard.Entry) { e.ID = strings.Repeat("x", 129) }, "entry id is 129 bytes long: use at most 128"},
	}
	forEachDB(t, func(t *testing.T, tdb testDB) {
		s := New(tdb.db, tdb.d)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e := fullEntry()
				e.Actor.TokenPrefix = "wsk_live_SECRETSECRETSECRET"
				tt.edit(&e)

				err := s.Append(context.Background(), e)

				if !errors.Is(err, guard.ErrAuditUnavailable) {
					t.Fatalf("error: got %v, want one wrapping guard.ErrAuditUnavailable", err)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error: got %q, want it to contain %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "SECRET") {
					t.Errorf("error %q contains the token", err)
				}
			})
		}
		if got := queryAll(t, s, guard.AuditFilter{}); len(got) != 0 {
			t.Errorf("entries after rejected appends: got %d, want 0", len(got))
		}
	})
}

func TestAppendDuplicateID(t *testing.T) {
	forEachDB(t, func(t *testing.T, tdb testDB) {
		s := New(tdb.db, tdb.d)
		if err := s.Append(context.Background(), fullEntry()); err != nil {
			t.Fatalf("first Append: %v", err)
		}

		err := s.Append(context.Background(), fullEntry())

		if !errors.Is(err, guard.ErrAuditUnavailable) {
			t.Errorf("second Append: got %v, want an error wrapping guard.ErrAuditUnavailable", err)
		}
	})
}

func TestAppendCutsTokenPrefix(t *testing.T) {
	forEachDB(t, func(t *testing.T, tdb testDB) {
		s := New(tdb.db, tdb.d)
		e := fullEntry()
		e.Actor.TokenPrefix = "wsk_live_SECRETSECRETSECRET"

		if err := s.Append(context.Background(), e); err != nil {
			t.Fatalf("Append: %v", err)
		}

		got := queryAll(t, s, guard.AuditFilter{})
		if len(got) != 1 {
			t.Fatalf("entries: got %d, want 1", len(got))
		}
		if got[0].Actor.TokenPrefix != "wsk_live" {
			t.Errorf("token prefix: got %q, want %q", got[0].Actor.TokenPrefix, "wsk_live")
		}

		var leaks int
		err := tdb.db.QueryRow(`SELECT count(*) FROM guard_audit_entries WHERE
			id || error || actor_kind || actor_token_prefix || actor_label || workspace_id || workspace_name ||
			reason || request_id || remote_addr || user_agent || coalesce(CAST(impact AS TEXT), '') LIKE '%SECRET%'`).Scan(&leaks)
		if err != nil {
			t.Fatalf("search for token: %v", err)
		}
		if leaks != 0 {
			t.Errorf("rows containing the token: got %d, want 0", leaks)
		}
	})
}

func TestAppendTx(t *testing.T) {
	tests := []struct {
		name   string
		commit bool
		want   int
	}{
		{"rolled back leaves nothing", false, 0},
		{"committed is visible", true, 1},
	}
	forEachDB(t, func(t *testing.T, tdb testDB) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ctx := context.Background()
				s := New(tdb.db, tdb.d)
				e := fullEntry()
				e.ID = uuid.NewString()
				tx, err := tdb.db.BeginTx(ctx, nil)
				if err != nil {
					t.Fatalf("begin: %v", err)
				}

				if err := s.AppendTx(ctx, tx, e); err != nil {
					tx.Rollback()
					t.Fatalf("AppendTx: %v", err)
				}
				if tt.commit {
					err = tx.Commit()
				} else {
					err = tx.Rollback()
				}
				if err != nil {
					t.Fatalf("end transaction: %v", err)
				}

				got := queryAll(t, s, guard.AuditFilter{Actor: "ci-deploy", WorkspaceID: "ws-1", Since: e.Time})
				n := 0
				for _, g := range got {
					if g.ID == e.ID {
						n++
					}
				}
				if n != tt.want {
					t.Errorf("entries with id %s: got %d, want %d", e.ID, n, tt.want)
				}
			})
		}
	})
}

func TestAppendTxNil(t *testing.T) {
	s := New(newSQLite(t, true).db, SQLite)

	err := s.AppendTx(context.Background(), nil, fullEntry())

	if !errors.Is(err, guard.ErrAuditUnavailable) {
		t.Errorf("AppendTx(nil): got %v, want an error wrapping guard.ErrAuditUnavailable", err)
	}
}

func TestNewPanicsOnInvalidDialect(t *testing.T) {
	defer func() {
		got, _ := recover().(string)
		if want := "sqlaudit: New: invalid dialect Dialect(7)"; got != want {
			t.Errorf("panic: got %q, want %q", got, want)
		}
	}()
	New(nil, Dialect(7))
}

func TestAppendCleansText(t *testing.T) {
	forEachDB(t, func(t *testing.T, tdb testDB) {
		s := New(tdb.db, tdb.d)
		e := fullEntry()
		e.UserAgent = "caf\xe9/1.0"
		e.Reason = "nul\x00byte"

		if err := s.Append(context.Background(), e); err != nil {
			t.Fatalf("Append: %v", err)
		}

		got := queryAll(t, s, guard.AuditFilter{})
		if len(got) != 1 {
			t.Fatalf("entries: got %d, want 1", len(got))
		}
		if want := "caf\uFFFD/1.0"; got[0].UserAgent != want {
			t.Errorf("user agent: got %q, want %q", got[0].UserAgent, want)
		}
		if want := "nul\uFFFDbyte"; got[0].Reason != want {
			t.Errorf("reason: got %q, want %q", got[0].Reason, want)
		}
	})
}
