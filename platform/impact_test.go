package platform

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
	"time"
)

// descendantTree adds a grandchild below the seeded Research Scout with 3
// active tasks, 2 memories and one disabled schedule. It gives Research
// Writer 2 active tasks and adds a removed child of the Research Team whose
// memory no descendant total may count. It returns the grandchild's id.
//
// Live descendants of the team afterwards: Scout (1 enabled schedule), Writer
// (1 token, 2 active tasks) and the grandchild.
func descendantTree(e *testEnv) string {
	e.t.Helper()
	grandchild := e.createChild("Scout Helper", scoutID)
	e.addMemory(grandchild, "first note")
	e.addMemory(grandchild, "second note")
	schedule := e.addSchedule(grandchild)
	r := e.do("PATCH", "/workspaces/"+grandchild+"/schedules/"+schedule, map[string]bool{"enabled": false})
	e.wantStatus(r, http.StatusOK, "disable grandchild schedule")
	e.heartbeat(grandchild, 3)
	e.heartbeat(writerID, 2)

	removed := e.createChild("Retired Child", teamID)
	e.addMemory(removed, "kept after the delete")
	e.wantStatus(e.deleteConfirmed(removed, "Retired Child", ""), http.StatusOK, "delete retired child")
	return grandchild
}

func (e *testEnv) createChild(name, parentID string) string {
	e.t.Helper()
	r := e.do("POST", "/workspaces", map[string]string{"name": name, "parent_id": parentID})
	e.wantStatus(r, http.StatusCreated, "create "+name)
	return r.json(e.t)["id"].(string)
}

func (e *testEnv) addMemory(id, content string) {
	e.t.Helper()
	r := e.do("POST", "/workspaces/"+id+"/memories", map[string]string{"content": content})
	e.wantStatus(r, http.StatusCreated, "add memory to "+id)
}

func (e *testEnv) addSchedule(id string) string {
	e.t.Helper()
	r := e.do("POST", "/workspaces/"+id+"/schedules", map[string]string{"name": "nightly", "cron_expr": "0 3 * * *"})
	e.wantStatus(r, http.StatusCreated, "add schedule to "+id)
	return r.json(e.t)["id"].(string)
}

func (e *testEnv) heartbeat(id string, activeTasks int) {
	e.t.Helper()
	r := e.do("POST", "/registry/heartbeat", map[string]any{"workspace_id": id, "active_tasks": activeTasks})
	e.wantStatus(r, http.StatusOK, "heartbeat of "+id)
}

// wantTotals compares a descendants object with the expected totals.
func wantTotals(t *testing.T, what string, raw any, want map[string]int) {
	t.Helper()
	got, ok := raw.(map[string]any)
	if !ok {
		t.Fatalf("%s: got %v, want an object", what, raw)
	}
	if len(got) != len(want) {
		t.Errorf("%s: got fields %v, want exactly %v", what, got, want)
	}
	for key, w := range want {
		if n, ok := got[key].(float64); !ok || int(n) != w {
			t.Errorf("%s.%s: got %v, want %d", what, key, got[key], w)
		}
	}
}

func TestImpactDescendants(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, dsn(t))
			descendantTree(e)

			r := e.do("GET", "/workspaces/"+teamID+"/impact", nil)
			e.wantStatus(r, http.StatusOK, "team impact")
			impact := r.json(t)
			if got := mustNum(t, impact, "child_count"); got != 2 {
				t.Errorf("child_count: got %d, want 2", got)
			}
			wantTotals(t, "team descendants", impact["descendants"], map[string]int{
				"count": 3, "active_tasks": 5, "schedule_count": 2, "enabled_schedule_count": 1,
				"memory_count": 2, "token_count": 1,
			})

			r = e.do("GET", "/workspaces/"+writerID+"/impact", nil)
			e.wantStatus(r, http.StatusOK, "leaf impact")
			wantTotals(t, "leaf descendants", r.json(t)["descendants"], map[string]int{
				"count": 0, "active_tasks": 0, "schedule_count": 0, "enabled_schedule_count": 0,
				"memory_count": 0, "token_count": 0,
			})
		})
	}
}

// TestETagFollowsDescendants changes one descendant total at a time and
// checks that the team's ETag changes with it, in GET /workspaces/{id} and
// in the impact response alike.
func TestETagFollowsDescendants(t *testing.T) {
	e := newEnv(t, backends(t)["sqlite"](t))
	grandchild := descendantTree(e)
	var schedule string

	tests := []struct {
		name   string
		change func()
	}{
		{name: "descendant count", change: func() { e.createChild("Second Helper", grandchild) }},
		{name: "active tasks", change: func() { e.heartbeat(grandchild, 4) }},
		{name: "schedule count", change: func() { schedule = e.addSchedule(grandchild) }},
		{name: "enabled schedule count", change: func() {
			r := e.do("PATCH", "/workspaces/"+grandchild+"/schedules/"+schedule, map[string]bool{"enabled": false})
			e.wantStatus(r, http.StatusOK, "disable schedule")
		}},
		{name: "memory count", change: func() { e.addMemory(grandchild, "third note") }},
		{name: "token count", change: func() {
			e.wantStatus(e.do("POST", "/workspaces/"+grandchild+"/tokens", nil), http.StatusCreated, "create token")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.do("GET", "/workspaces/"+teamID, nil).header.Get("ETag")
			tt.change()
			after := e.do("GET", "/workspaces/"+teamID, nil).header.Get("ETag")
			if after == before {
				t.Errorf("GET ETag: got %s before and after, want a new value", after)
			}
			impact := e.do("GET", "/workspaces/"+teamID+"/impact", nil)
			if got := impact.json(t)["etag"]; got != after {
				t.Errorf("impact etag: got %v, want the GET ETag %s", got, after)
			}
		})
	}
}

// TestCascadeAuditImpact checks that the audit entry of a cascading delete
// carries the descendant totals next to the workspace's own counts, and
// that a delete without ?confirm=true carries none.
func TestCascadeAuditImpact(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, dsn(t))
			grandchild := descendantTree(e)

			e.wantStatus(e.deleteConfirmed(teamID, "Research Team", "?confirm=true"), http.StatusOK, "cascading delete")
			entries := e.auditEntries(teamID, "workspace.delete")
			if len(entries) != 1 {
				t.Fatalf("delete entries of the team: got %d, want 1", len(entries))
			}
			impact, ok := entries[0]["impact"].(map[string]any)
			if !ok {
				t.Fatalf("team entry impact: got %v, want an object", entries[0]["impact"])
			}
			if got := mustNum(t, impact, "child_count"); got != 2 {
				t.Errorf("team entry child_count: got %d, want 2", got)
			}
			wantTotals(t, "team entry descendants", impact["descendants"], map[string]int{
				"count": 3, "active_tasks": 5, "schedule_count": 2, "enabled_schedule_count": 1,
				"memory_count": 2, "token_count": 1,
			})
			for _, id := range []string{scoutID, writerID, grandchild} {
				entries := e.auditEntries(id, "workspace.delete")
				if len(entries) != 1 {
					t.Fatalf("delete entries of %s: got %d, want 1", id, len(entries))
				}
				if got, ok := entries[0]["impact"]; ok {
					t.Errorf("descendant %s entry impact: got %v, want none", id, got)
				}
			}

			const prodID = "33333333-3333-4333-8333-333333333305"
			e.wantStatus(e.deleteConfirmed(prodID, "prod", ""), http.StatusOK, "plain delete")
			entries = e.auditEntries(prodID, "workspace.delete")
			if len(entries) != 1 {
				t.Fatalf("delete entries of prod: got %d, want 1", len(entries))
			}
			impact, _ = entries[0]["impact"].(map[string]any)
			if got, ok := impact["descendants"]; ok {
				t.Errorf("plain delete entry descendants: got %v, want none", got)
			}
		})
	}
}

// TestImpactWarnings checks that the impact response carries the same
// warnings array as GET /workspaces/{id}, and an empty array, not a missing
// field, when there are none: the CLI reads no workspace when the field is
// there.
func TestImpactWarnings(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, dsn(t))

			tests := []struct {
				name         string
				id           string
				wantWarnings int
			}{
				{name: "stuck session", id: seoID, wantWarnings: 1},
				{name: "idle workspace", id: teamID, wantWarnings: 0},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					impact := e.do("GET", "/workspaces/"+tt.id+"/impact", nil)
					e.wantStatus(impact, http.StatusOK, "impact")
					raw, ok := rawFields(t, impact)["warnings"]
					if !ok {
						t.Fatalf("impact fields: got no warnings, want an array; body %s", impact.body)
					}
					var got []any
					if err := json.Unmarshal(raw, &got); err != nil || got == nil {
						t.Fatalf("impact warnings: got %s, want an array", raw)
					}
					if len(got) != tt.wantWarnings {
						t.Errorf("impact warnings: got %d, want %d: %s", len(got), tt.wantWarnings, raw)
					}

					get := e.do("GET", "/workspaces/"+tt.id, nil)
					e.wantStatus(get, http.StatusOK, "get")
					want, _ := get.json(t)["warnings"].([]any)
					if len(want) == 0 && len(got) == 0 {
						return
					}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("impact warnings: got %v, want the GET warnings %v", got, want)
					}
				})
			}
		})
	}
}

func rawFields(t *testing.T, r response) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
	return m
}

// TestImpactRestoreWindow checks restore_window_seconds, the restore window
// a client shows before a delete.
func TestImpactRestoreWindow(t *testing.T) {
	tests := []struct {
		name   string
		window time.Duration
		want   string
	}{
		{name: "default window", window: 0, want: "259200"},
		{name: "two days", window: 48 * time.Hour, want: "172800"},
		{name: "thirty days", window: MaxRestoreWindow, want: "2592000"},
	}
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					e := newEnv(t, dsn(t), func(o *Options) { o.RestoreWindow = tt.window })
					impact := e.do("GET", "/workspaces/"+teamID+"/impact", nil)
					e.wantStatus(impact, http.StatusOK, "impact")
					got, ok := rawFields(t, impact)["restore_window_seconds"]
					if !ok {
						t.Fatalf("impact fields: got no restore_window_seconds, want %s; body %s", tt.want, impact.body)
					}
					if string(got) != tt.want {
						t.Errorf("restore_window_seconds: got %s, want %s", got, tt.want)
					}
				})
			}
		})
	}
}
