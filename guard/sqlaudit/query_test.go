package sqlaudit

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wsctl/wsctl/guard"
)

var baseTime = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// seed appends entries e1…e6 at baseTime plus 1…6 minutes.
func seed(t *testing.T, s *Store) {
	t.Helper()
	rows := []struct {
		ws      string
		action  guard.Action
		outcome guard.Outcome
		actor   guard.Actor
	}{
		{"ws-a", guard.ActionWorkspaceDelete, guard.OutcomeAllowed, guard.Actor{Kind: "org", TokenPrefix: "tok-1", Label: "alice"}},
		{"ws-a", guard.ActionWorkspaceDelete, guard.OutcomeRefused, guard.Actor{Kind: "org", TokenPrefix: "tok-2", Label: "bob"}},
		{"ws-b", guard.ActionWorkspacePurge, guard.OutcomeAllowed, guard.Actor{Kind: "admin", TokenPrefix: "tok-3", Label: "tok-1"}},
		{"ws-b", guard.ActionMemoryDelete, guard.OutcomeFailed, guard.Actor{Kind: "org", TokenPrefix: "tok-1", Label: "tok-1"}},
		{"ws-c", guard.ActionWorkspaceRestore, guard.OutcomeRefused, guard.Actor{Kind: "org", TokenPrefix: "tok-2", Label: "alice"}},
		{"ws-a", guard.ActionWorkspaceDelete, guard.OutcomeAllowed, guard.Actor{Kind: "system"}},
	}
	for i, r := range rows {
		e := guard.Entry{
			ID: fmt.Sprintf("e%d", i+1), Time: baseTime.Add(time.Duration(i+1) * time.Minute),
			Action: r.action, Outcome: r.outcome, Actor: r.actor, WorkspaceID: r.ws,
		}
		if err := s.Append(context.Background(), e); err != nil {
			t.Fatalf("Append %s: %v", e.ID, err)
		}
	}
}

func ids(entries []guard.Entry) []string {
	out := []string{}
	for _, e := range entries {
		out = append(out, e.ID)
	}
	return out
}

func TestQueryFilters(t *testing.T) {
	minute := func(n int) time.Time { return baseTime.Add(time.Duration(n) * time.Minute) }
	tests := []struct {
		name   string
		filter guard.AuditFilter
		want   []string
	}{
		{"none", guard.AuditFilter{}, []string{"e6", "e5", "e4", "e3", "e2", "e1"}},
		{"workspace", guard.AuditFilter{WorkspaceID: "ws-a"}, []string{"e6", "e2", "e1"}},
		{"action", guard.AuditFilter{Action: guard.ActionWorkspaceDelete}, []string{"e6", "e2", "e1"}},
		{"outcome", guard.AuditFilter{Outcome: guard.OutcomeRefused}, []string{"e5", "e2"}},
		{"actor by prefix", guard.AuditFilter{Actor: "tok-2"}, []string{"e5", "e2"}},
		{"actor by label", guard.AuditFilter{Actor: "alice"}, []string{"e5", "e1"}},
		{"actor by prefix or label", guard.AuditFilter{Actor: "tok-1"}, []string{"e4", "e3", "e1"}},
		{"actor unknown", guard.AuditFilter{Actor: "nobody"}, []string{}},
		{"since inclusive", guard.AuditFilter{Since: minute(5)}, []string{"e6", "e5"}},
		{"until exclusive", guard.AuditFilter{Until: minute(2)}, []string{"e1"}},
		{"since and until", guard.AuditFilter{Since: minute(2), Until: minute(4)}, []string{"e3", "e2"}},
		{"since in another zone", guard.AuditFilter{Since: minute(5).In(time.FixedZone("EST", -5*3600))}, []string{"e6", "e5"}},
		{"workspace and outcome", guard.AuditFilter{WorkspaceID: "ws-a", Outcome: guard.OutcomeAllowed}, []string{"e6", "e1"}},
		{"actor and workspace", guard.AuditFilter{Actor: "tok-1", WorkspaceID: "ws-b"}, []string{"e4", "e3"}},
		{"actor and until", guard.AuditFilter{Actor: "tok-1", Until: minute(4)}, []string{"e3", "e1"}},
		{"all filters", guard.AuditFilter{
			WorkspaceID: "ws-b", Action: guard.ActionMemoryDelete, Actor: "tok-1",
			Outcome: guard.OutcomeFailed, Since: minute(4), Until: minute(5),
		}, []string{"e4"}},
		{"no match", guard.AuditFilter{WorkspaceID: "ws-a", Outcome: guard.OutcomeFailed}, []string{}},
	}
	forEachDB(t, func(t *testing.T, tdb testDB) {
		s := New(tdb.db, tdb.d)
		seed(t, s)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page, err := s.Query(context.Background(), tt.filter)
				if err != nil {
					t.Fatalf("Query: %v", err)
				}
				if got := ids(page.Entries); !reflect.DeepEqual(got, tt.want) {
					t.Errorf("ids: got %v, want %v", got, tt.want)
				}
				if page.NextCursor != "" {
					t.Errorf("next cursor: got %q, want none", page.NextCursor)
				}
			})
		}
	})
}

// TestQueryPagination walks every page and checks that the pages together
// hold each matching entry once, in order. Entries share timestamps in
// groups of four, so pages split inside a group.
func TestQueryPagination(t *testing.T) {
	const n = 24
	forEachDB(t, func(t *testing.T, tdb testDB) {
		s := New(tdb.db, tdb.d)

		// entries is newest first, the order Query must return.
		var entries []guard.Entry
		var all, byActor []string
		for i := n - 1; i >= 0; i-- {
			e := guard.Entry{
				ID: fmt.Sprintf("p%02d", i), Time: baseTime.Add(time.Duration(i/4) * time.Second),
				Action: guard.ActionWorkspaceDelete, Outcome: guard.OutcomeAllowed,
				Actor: guard.Actor{Kind: "org", TokenPrefix: fmt.Sprintf("tok-%d", i%3)},
			}
			// Entries with i%3 == 1 match actor "tok-0" by label, not by prefix.
			if i%3 == 1 {
				e.Actor.Label = "tok-0"
			}
			entries = append(entries, e)
			all = append(all, e.ID)
			if i%3 != 2 {
				byActor = append(byActor, e.ID)
			}
		}

		// A shuffled insertion order keeps the store from relying on it.
		order := []int{5, 0, 17, 3, 22, 9, 1, 14, 20, 7, 11, 2, 19, 8, 23, 4, 13, 16, 6, 21, 10, 15, 12, 18}
		for _, k := range order {
			if err := s.Append(context.Background(), entries[k]); err != nil {
				t.Fatalf("Append: %v", err)
			}
		}

		tests := []struct {
			filter guard.AuditFilter
			want   []string
		}{
			{guard.AuditFilter{}, all},
			{guard.AuditFilter{Actor: "tok-0"}, byActor},
		}
		for _, tt := range tests {
			for _, limit := range []int{1, 3, 4, 5, 23, 24, 25} {
				t.Run(fmt.Sprintf("actor %q limit %d", tt.filter.Actor, limit), func(t *testing.T) {
					f := tt.filter
					f.Limit = limit
					got, pages := walk(t, s, f)
					if !reflect.DeepEqual(got, tt.want) {
						t.Errorf("ids:\ngot  %v\nwant %v", got, tt.want)
					}
					if want := (len(tt.want) + limit - 1) / limit; pages != want {
						t.Errorf("pages: got %d, want %d", pages, want)
					}
				})
			}
		}
	})
}

// walk follows NextCursor to the end and returns the ids and page count.
func walk(t *testing.T, s *Store, f guard.AuditFilter) ([]string, int) {
	t.Helper()
	var got []string
	pages := 0
	for {
		page, err := s.Query(context.Background(), f)
		if err != nil {
			t.Fatalf("Query page %d: %v", pages+1, err)
		}
		pages++
		if len(page.Entries) > f.Limit {
			t.Fatalf("page %d: got %d entries, want at most %d", pages, len(page.Entries), f.Limit)
		}
		got = append(got, ids(page.Entries)...)
		if page.NextCursor == "" {
			return got, pages
		}
		if pages > 100 {
			t.Fatalf("more than 100 pages")
		}
		f.Cursor = page.NextCursor
	}
}

func TestQueryInvalidCursor(t *testing.T) {
	valid := encodeCursor(cursor{time: baseTime, id: "e3"})
	raw, _ := base64.RawURLEncoding.DecodeString(valid)
	reencode := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name   string
		cursor string
	}{
		{"not base64", "!!not-base64!!"},
		{"padded base64", valid + "=="},
		{"random bytes", reencode("hello world")},
		{"wrong version", reencode("v2" + string(raw[2:]))},
		{"edited id", reencode(string(raw[:len(raw)-1]) + "4")},
		{"edited time", reencode(strings.Replace(string(raw), ".1735", ".1736", 1))},
		{"empty id", reencode("v1.0.1.")},
		{"too long", strings.Repeat("A", maxCursorLen+1)},
		{"truncated", valid[:len(valid)-3]},
		{"id not UTF-8", encodeCursor(cursor{time: baseTime, id: "e\xff3"})},
		{"id with NUL", encodeCursor(cursor{time: baseTime, id: "e\x003"})},
	}
	forEachDB(t, func(t *testing.T, tdb testDB) {
		s := New(tdb.db, tdb.d)
		seed(t, s)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := s.Query(context.Background(), guard.AuditFilter{Cursor: tt.cursor})

				if !errors.Is(err, guard.ErrInvalidCursor) {
					t.Fatalf("error: got %v, want one wrapping guard.ErrInvalidCursor", err)
				}
				if strings.Contains(err.Error(), tt.cursor) {
					t.Errorf("error %q echoes the cursor", err)
				}
			})
		}
		t.Run("valid", func(t *testing.T) {
			page, err := s.Query(context.Background(), guard.AuditFilter{Cursor: encodeCursor(cursor{time: baseTime.Add(3 * time.Minute), id: "e3"})})
			if err != nil {
				t.Fatalf("Query: %v", err)
			}
			if got, want := ids(page.Entries), []string{"e2", "e1"}; !reflect.DeepEqual(got, want) {
				t.Errorf("ids: got %v, want %v", got, want)
			}
		})
	})
}

func TestQueryInvalidFilter(t *testing.T) {
	tests := []struct {
		name    string
		filter  guard.AuditFilter
		wantErr string
	}{
		{"negative limit", guard.AuditFilter{Limit: -1}, "limit -1 is negative"},
		{"since equals until", guard.AuditFilter{Since: baseTime, Until: baseTime}, "since 2025-01-01T00:00:00Z is not before until 2025-01-01T00:00:00Z"},
		{"since after until", guard.AuditFilter{Since: baseTime.Add(time.Second), Until: baseTime}, "since 2025-01-01T00:00:01Z is not before"},
	}
	s := New(newSQLite(t, true).db, SQLite)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Query(context.Background(), tt.filter)

			if !errors.Is(err, ErrInvalidFilter) {
				t.Fatalf("error: got %v, want one wrapping ErrInvalidFilter", err)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error: got %q, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestPageSize(t *testing.T) {
	tests := []struct {
		limit, want int
	}{
		{0, DefaultLimit},
		{1, 1},
		{MaxLimit, MaxLimit},
		{MaxLimit + 1, MaxLimit},
		{1 << 40, MaxLimit},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.limit), func(t *testing.T) {
			got, err := pageSize(tt.limit)
			if err != nil {
				t.Fatalf("pageSize(%d): %v", tt.limit, err)
			}
			if got != tt.want {
				t.Errorf("pageSize(%d): got %d, want %d", tt.limit, got, tt.want)
			}
		})
	}
}

func TestQueryDefaultLimit(t *testing.T) {
	forEachDB(t, func(t *testing.T, tdb testDB) {
		s := New(tdb.db, tdb.d)
		tx, err := tdb.db.Begin()
		if err != nil {
			t.Fatalf("begin: %v", err)
		}
		for i := range DefaultLimit + 1 {
			e := guard.Entry{Time: baseTime.Add(time.Duration(i) * time.Second), Action: guard.ActionWorkspaceDelete, Outcome: guard.OutcomeAllowed}
			if err := s.AppendTx(context.Background(), tx, e); err != nil {
				tx.Rollback()
				t.Fatalf("AppendTx: %v", err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatalf("commit: %v", err)
		}

		page, err := s.Query(context.Background(), guard.AuditFilter{})

		if err != nil {
			t.Fatalf("Query: %v", err)
		}
		if len(page.Entries) != DefaultLimit {
			t.Errorf("entries: got %d, want %d", len(page.Entries), DefaultLimit)
		}
		if page.NextCursor == "" {
			t.Errorf("next cursor: got none, want one")
		}
	})
}
