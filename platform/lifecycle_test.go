package platform

import (
	"context"
	"net/http"
	"testing"
	"time"
)

func TestRestoreWindowEdges(t *testing.T) {
	tests := []struct {
		name       string
		after      time.Duration
		wantStatus int
		wantError  string
	}{
		{name: "one second before the end", after: 72*time.Hour - time.Second, wantStatus: http.StatusOK},
		{name: "exactly at the end", after: 72 * time.Hour, wantStatus: http.StatusOK},
		{name: "one second after the end", after: 72*time.Hour + time.Second, wantStatus: http.StatusGone, wantError: "workspace_purged"},
	}
	for name, dsn := range backends(t) {
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				e := newEnv(t, dsn(t))
				e.wantStatus(e.deleteConfirmed(seoID, "SEO Agent", ""), http.StatusOK, "delete")
				e.clock.Advance(tt.after)

				r := e.do("POST", "/workspaces/"+seoID+"/restore", nil)
				e.wantStatus(r, tt.wantStatus, "restore")
				if tt.wantError == "" {
					return
				}
				body := r.json(t)
				if got := body["error"]; got != tt.wantError {
					t.Errorf("error: got %v, want %s", got, tt.wantError)
				}
				if got := body["hard_purged_at"]; got != "2026-03-13T12:00:00Z" {
					t.Errorf("hard_purged_at: got %v, want the end of the window 2026-03-13T12:00:00Z", got)
				}
			})
		}
	}
}

func TestPurgeJob(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, dsn(t), func(o *Options) { o.TombstoneTTL = 48 * time.Hour })
			e.wantStatus(e.deleteConfirmed(seoID, "SEO Agent", ""), http.StatusOK, "delete")
			e.wantStatus(e.deleteConfirmed(teamID, "Research Team", "?confirm=true"), http.StatusOK, "delete team")

			e.clock.Advance(72*time.Hour - time.Second)
			n, err := e.p.PurgeOnce(context.Background())
			if err != nil || n != 0 {
				t.Fatalf("purge inside the window: got %d, %v; want 0, nil", n, err)
			}

			e.clock.Advance(2 * time.Second)
			n, err = e.p.PurgeOnce(context.Background())
			if err != nil || n != 4 {
				t.Fatalf("purge after the window: got %d, %v; want 4 (SEO Agent, team and 2 children), nil", n, err)
			}
			r := e.do("GET", "/workspaces/"+seoID, nil)
			e.wantStatus(r, http.StatusGone, "get purged")
			if got := r.json(t)["hard_purged_at"]; got != "2026-03-13T12:00:01Z" {
				t.Errorf("hard_purged_at: got %v, want 2026-03-13T12:00:01Z", got)
			}
			e.wantStatus(e.do("POST", "/workspaces/"+seoID+"/restore", nil), http.StatusGone, "restore purged")

			audit := e.do("GET", "/admin/audit?action=workspace.purge&actor=system:purger", nil).json(t)
			if got := len(audit["entries"].([]any)); got != 4 {
				t.Errorf("purge audit entries: got %d, want 4", got)
			}

			e.clock.Advance(48*time.Hour + time.Second)
			if _, err := e.p.PurgeOnce(context.Background()); err != nil {
				t.Fatal(err)
			}
			e.wantStatus(e.do("GET", "/workspaces/"+seoID, nil), http.StatusNotFound, "get after tombstone TTL")
		})
	}
}

func TestDeleteChildren(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, dsn(t))
			r := e.deleteConfirmed(teamID, "Research Team", "")
			e.wantStatus(r, http.StatusConflict, "delete team without confirm")
			body := r.json(t)
			if body["status"] != "confirmation_required" || mustNum(t, body, "children_count") != 2 {
				t.Fatalf("409 body: got %s, want confirmation_required with 2 children", r.body)
			}
			e.wantStatus(e.do("GET", "/workspaces/"+teamID, nil), http.StatusOK, "team still live")

			r = e.deleteConfirmed(teamID, "Research Team", "?confirm=true")
			e.wantStatus(r, http.StatusOK, "delete team with confirm")
			if got := mustNum(t, r.json(t), "cascade_deleted"); got != 2 {
				t.Errorf("cascade_deleted: got %d, want 2", got)
			}
			removed := e.do("GET", "/workspaces?show_removed=true", nil).list(t)
			if got := countStatus(removed, "removed"); got != 3 {
				t.Errorf("removed workspaces: got %d, want 3", got)
			}

			r = e.do("POST", "/workspaces/"+teamID+"/restore", nil)
			e.wantStatus(r, http.StatusOK, "restore team")
			restored := r.json(t)["restored"].(map[string]any)
			if mustNum(t, restored, "children") != 2 || mustNum(t, restored, "schedules") != 1 || mustNum(t, restored, "tokens") != 1 {
				t.Errorf("restored: got %v, want 2 children, 1 schedule, 1 token", restored)
			}
			if got := len(e.do("GET", "/workspaces", nil).list(t)); got != 10 {
				t.Errorf("live workspaces after restore: got %d, want 10", got)
			}
		})
	}
}

func countStatus(list []map[string]any, status string) int {
	n := 0
	for _, w := range list {
		if w["status"] == status {
			n++
		}
	}
	return n
}

// TestRestartClearsStuckSession checks that a plain restart, the cure the
// session_likely_stuck hint names, ends the work in flight, and that reset
// also discards the agent's session.
func TestRestartClearsStuckSession(t *testing.T) {
	tests := []struct {
		name      string
		body      any
		query     string
		wantReset bool
	}{
		{name: "plain", body: nil},
		{name: "reset in body", body: map[string]bool{"reset": true}, wantReset: true},
		{name: "reset in query", query: "?reset=true", wantReset: true},
		{name: "reset false", body: map[string]bool{"reset": false}},
	}
	for name, dsn := range backends(t) {
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				e := newEnv(t, dsn(t))
				get := e.do("GET", "/workspaces/"+seoID, nil).json(t)
				warnings, _ := get["warnings"].([]any)
				if len(warnings) != 1 || warnings[0].(map[string]any)["code"] != "session_likely_stuck" {
					t.Fatalf("warnings before restart: got %v, want one session_likely_stuck", get["warnings"])
				}
				e.clock.Advance(time.Minute)
				restartedAt := e.clock.Now()

				r := e.do("POST", "/workspaces/"+seoID+"/restart"+tt.query, tt.body)
				e.wantStatus(r, http.StatusOK, "restart")
				if got := r.json(t)["reset_session"]; got != tt.wantReset {
					t.Errorf("reset_session: got %v, want %v", got, tt.wantReset)
				}

				get = e.do("GET", "/workspaces/"+seoID, nil).json(t)
				if got := get["status"]; got != "provisioning" {
					t.Errorf("status after restart: got %v, want provisioning", got)
				}
				if got := get["warnings"]; got != nil {
					t.Errorf("warnings after restart: got %v, want none", got)
				}
				if got := mustNum(t, get, "active_tasks"); got != 0 {
					t.Errorf("active_tasks after restart: got %d, want 0", got)
				}
				ws, err := e.p.store.Workspace(context.Background(), seoID)
				if err != nil {
					t.Fatal(err)
				}
				if ws.CurrentTask != "" {
					t.Errorf("current task after restart: got %q, want empty", ws.CurrentTask)
				}
				if ws.ActiveSince != nil {
					t.Errorf("active since after restart: got %v, want nil", ws.ActiveSince)
				}
				switch {
				case tt.wantReset && (ws.SessionResetAt == nil || !ws.SessionResetAt.Equal(restartedAt)):
					t.Errorf("session reset time: got %v, want %v", ws.SessionResetAt, restartedAt)
				case !tt.wantReset && ws.SessionResetAt != nil:
					t.Errorf("session reset time: got %v, want nil", ws.SessionResetAt)
				}

				listed := findListed(t, e.do("GET", "/workspaces", nil).list(t), seoID)
				wantListed := any(nil)
				if tt.wantReset {
					wantListed = restartedAt.Format(time.RFC3339)
				}
				if got := listed["session_reset_at"]; got != wantListed {
					t.Errorf("listed session_reset_at: got %v, want %v", got, wantListed)
				}

				e.clock.Advance(DefaultProvisionDelay)
				if got := e.do("GET", "/workspaces/"+seoID, nil).json(t)["status"]; got != "online" {
					t.Errorf("after provision delay: got status %v, want online", got)
				}
			})
		}
	}
}

// findListed returns the list item with the given id.
func findListed(t *testing.T, list []map[string]any, id string) map[string]any {
	t.Helper()
	for _, item := range list {
		if item["id"] == id {
			return item
		}
	}
	t.Fatalf("list: got no workspace %s", id)
	return nil
}

// TestRestartStartsNewStuckPeriod checks that an agent still reporting
// work after a restart starts a new stuck period instead of inheriting the
// old one.
func TestRestartStartsNewStuckPeriod(t *testing.T) {
	e := newEnv(t, backends(t)["sqlite"](t))
	e.wantStatus(e.do("POST", "/workspaces/"+seoID+"/restart", nil), http.StatusOK, "restart")
	r := e.do("POST", "/registry/heartbeat", map[string]any{"workspace_id": seoID, "active_tasks": 1})
	e.wantStatus(r, http.StatusOK, "heartbeat")

	e.clock.Advance(DefaultStuckAfter)
	if got := e.do("GET", "/workspaces/"+seoID, nil).json(t)["warnings"]; got != nil {
		t.Errorf("at the threshold after restart: got %v, want no warning", got)
	}
	e.clock.Advance(time.Second)
	if got := e.do("GET", "/workspaces/"+seoID, nil).json(t)["warnings"]; got == nil {
		t.Errorf("past the threshold after restart: got no warning, want session_likely_stuck")
	}
}

func TestRestartRemovedWorkspace(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, dsn(t))
			e.wantStatus(e.deleteConfirmed(seoID, "SEO Agent", ""), http.StatusOK, "delete")
			r := e.do("POST", "/workspaces/"+seoID+"/restart", nil)
			e.wantStatus(r, http.StatusGone, "restart removed")
			if got := r.json(t)["error"]; got != "workspace_removed" {
				t.Errorf("restart removed: got error %v, want workspace_removed", got)
			}
		})
	}
}

func TestHeartbeatStuckThreshold(t *testing.T) {
	e := newEnv(t, backends(t)["sqlite"](t))
	const id = "33333333-3333-4333-8333-333333333304"
	beat := func(active int) {
		r := e.do("POST", "/registry/heartbeat", map[string]any{"workspace_id": id, "active_tasks": active})
		e.wantStatus(r, http.StatusOK, "heartbeat")
	}
	warned := func() bool {
		return e.do("GET", "/workspaces/"+id, nil).json(t)["warnings"] != nil
	}

	beat(1)
	e.clock.Advance(DefaultStuckAfter)
	beat(1)
	if warned() {
		t.Errorf("at the threshold: got a warning, want none")
	}
	e.clock.Advance(time.Second)
	if !warned() {
		t.Errorf("past the threshold: got no warning, want session_likely_stuck")
	}
	beat(0)
	if warned() {
		t.Errorf("after active_tasks dropped to 0: got a warning, want none")
	}
}

func TestETagAndIfMatch(t *testing.T) {
	e := newEnv(t, backends(t)["sqlite"](t))
	const id, name = "33333333-3333-4333-8333-333333333305", "prod"
	first := e.do("GET", "/workspaces/"+id, nil).header.Get("ETag")
	if first == "" {
		t.Fatal("GET: got no ETag header")
	}
	e.wantStatus(e.do("POST", "/workspaces/"+id+"/memories", map[string]string{"content": "note"}), http.StatusCreated, "add memory")
	second := e.do("GET", "/workspaces/"+id, nil).header.Get("ETag")
	if second == first {
		t.Fatalf("ETag after adding a memory: got %s again, want a new value", second)
	}

	r := e.do("DELETE", "/workspaces/"+id, map[string]string{"reason": testReason}, "X-Confirm-Name: "+name, "If-Match: "+first)
	e.wantStatus(r, http.StatusPreconditionFailed, "delete with stale If-Match")
	r = e.do("DELETE", "/workspaces/"+id, map[string]string{"reason": testReason}, "X-Confirm-Name: "+name, "If-Match: "+second)
	e.wantStatus(r, http.StatusOK, "delete with current If-Match")
}

func TestPurgeEndpoint(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, dsn(t))
			const id, wsName = "33333333-3333-4333-8333-333333333303", "team:alpha"
			purge := func() response {
				return e.do("POST", "/workspaces/"+id+"/purge", map[string]string{"reason": testReason}, "X-Confirm-Name: "+wsName)
			}
			r := purge()
			e.wantStatus(r, http.StatusConflict, "purge live workspace")
			if got := r.json(t)["error"]; got != "workspace_not_removed" {
				t.Errorf("purge live: got error %v, want workspace_not_removed", got)
			}
			e.wantStatus(e.deleteConfirmed(id, wsName, ""), http.StatusOK, "delete")
			e.wantStatus(purge(), http.StatusOK, "purge removed workspace")
			e.wantStatus(e.do("GET", "/workspaces/"+id, nil), http.StatusGone, "get purged")
			e.wantStatus(e.do("POST", "/workspaces/"+id+"/restore", nil), http.StatusGone, "restore purged")
		})
	}
}

func TestHeartbeatRemovedWorkspace(t *testing.T) {
	e := newEnv(t, backends(t)["sqlite"](t))
	e.wantStatus(e.deleteConfirmed(seoID, "SEO Agent", ""), http.StatusOK, "delete")
	r := e.do("POST", "/registry/heartbeat", map[string]any{"workspace_id": seoID, "active_tasks": 1})
	e.wantStatus(r, http.StatusGone, "heartbeat of removed workspace")
	want := "POST /workspaces/" + seoID + "/restore brings it back until 2026-03-13T12:00:00Z"
	if got := r.json(t)["hint"]; got != want {
		t.Errorf("hint: got %v, want %q", got, want)
	}
}
