package platform

import (
	"net/http"
	"testing"
)

const (
	scoutID  = "22222222-2222-4222-8222-2222222222c1"
	writerID = "22222222-2222-4222-8222-2222222222c2"
)

// auditEntries returns the audit entries of a workspace with the given
// action, newest first.
func (e *testEnv) auditEntries(workspaceID, action string) []map[string]any {
	e.t.Helper()
	r := e.do("GET", "/admin/audit?workspace_id="+workspaceID+"&action="+action, nil)
	e.wantStatus(r, http.StatusOK, "read audit of "+workspaceID)
	var out []map[string]any
	for _, v := range r.json(e.t)["entries"].([]any) {
		out = append(out, v.(map[string]any))
	}
	return out
}

// TestPauseScope checks who may pause a subtree: a workspace token reaches
// its own workspace only, an org token the workspace and every live
// workspace below it. Each pause and resume is audited.
func TestPauseScope(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, dsn(t))
			teamToken := e.do("POST", "/workspaces/"+teamID+"/tokens", nil).json(t)["token"].(string)
			team := "/workspaces/" + teamID
			const reason = "maintenance window for the team"

			r := e.doAs(teamToken, "POST", team+"/pause", map[string]string{"reason": reason})
			e.wantStatus(r, http.StatusOK, "pause with the team's token")
			if got := mustNum(t, r.json(t), "paused_count"); got != 1 {
				t.Errorf("paused_count with a workspace token: got %d, want 1", got)
			}
			for id, want := range map[string]string{teamID: "paused", scoutID: "online", writerID: "online"} {
				if got := e.do("GET", "/workspaces/"+id, nil).json(t)["status"]; got != want {
					t.Errorf("status of %s after a workspace-token pause: got %v, want %s", id, got, want)
				}
			}
			entries := e.auditEntries(teamID, "workspace.pause")
			if len(entries) != 1 {
				t.Fatalf("pause entries of the team: got %d, want 1", len(entries))
			}
			actor := entries[0]["actor"].(map[string]any)
			if actor["kind"] != "workspace" || entries[0]["reason"] != reason || entries[0]["outcome"] != "allowed" {
				t.Errorf("pause entry: got actor %v, reason %v, outcome %v; want workspace, %q, allowed",
					actor["kind"], entries[0]["reason"], entries[0]["outcome"], reason)
			}
			if got := len(e.auditEntries(scoutID, "workspace.pause")); got != 0 {
				t.Errorf("pause entries of a child after a workspace-token pause: got %d, want 0", got)
			}

			r = e.do("POST", team+"/pause", nil)
			e.wantStatus(r, http.StatusOK, "pause with the org token")
			if got := mustNum(t, r.json(t), "paused_count"); got != 2 {
				t.Errorf("paused_count with the org token: got %d, want 2 (the children)", got)
			}
			teamEntry := e.auditEntries(teamID, "workspace.pause")[0]
			for _, id := range []string{scoutID, writerID} {
				if got := e.do("GET", "/workspaces/"+id, nil).json(t)["status"]; got != "paused" {
					t.Errorf("status of %s after an org pause: got %v, want paused", id, got)
				}
				entries := e.auditEntries(id, "workspace.pause")
				if len(entries) != 1 {
					t.Fatalf("pause entries of %s: got %d, want 1", id, len(entries))
				}
				if entries[0]["request_id"] != teamEntry["request_id"] {
					t.Errorf("request_id of %s: got %v, want the team's %v", id, entries[0]["request_id"], teamEntry["request_id"])
				}
			}

			r = e.doAs(teamToken, "POST", team+"/resume", nil)
			e.wantStatus(r, http.StatusOK, "resume with the team's token")
			if got := mustNum(t, r.json(t), "resumed_count"); got != 1 {
				t.Errorf("resumed_count with a workspace token: got %d, want 1", got)
			}
			if got := e.do("GET", "/workspaces/"+scoutID, nil).json(t)["status"]; got != "paused" {
				t.Errorf("child after a workspace-token resume: got %v, want paused", got)
			}
			r = e.do("POST", team+"/resume", nil)
			e.wantStatus(r, http.StatusOK, "resume with the org token")
			if got := mustNum(t, r.json(t), "resumed_count"); got != 2 {
				t.Errorf("resumed_count with the org token: got %d, want 2", got)
			}
			for _, id := range []string{teamID, scoutID, writerID} {
				if got := len(e.auditEntries(id, "workspace.resume")); got < 1 {
					t.Errorf("resume entries of %s: got %d, want at least 1", id, got)
				}
			}
		})
	}
}

// TestRestoreAuditsChildren checks that a restore writes one entry per
// workspace it brings back, as the delete did.
func TestRestoreAuditsChildren(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, dsn(t))
			e.wantStatus(e.deleteConfirmed(teamID, "Research Team", "?confirm=true"), http.StatusOK, "delete team")
			const reason = "deleted the wrong team"

			r := e.do("POST", "/workspaces/"+teamID+"/restore", map[string]string{"reason": reason})
			e.wantStatus(r, http.StatusOK, "restore team")

			root := e.auditEntries(teamID, "workspace.restore")
			if len(root) != 1 {
				t.Fatalf("restore entries of the team: got %d, want 1", len(root))
			}
			for id, wantName := range map[string]string{scoutID: "Research Scout", writerID: "Research Writer"} {
				entries := e.auditEntries(id, "workspace.restore")
				if len(entries) != 1 {
					t.Fatalf("restore entries of %s: got %d, want 1", id, len(entries))
				}
				got := entries[0]
				if got["workspace_name"] != wantName || got["reason"] != reason || got["request_id"] != root[0]["request_id"] {
					t.Errorf("restore entry of %s: got name %v, reason %v, request_id %v; want %s, %q, %v",
						id, got["workspace_name"], got["reason"], got["request_id"], wantName, reason, root[0]["request_id"])
				}
			}
		})
	}
}

// TestPurgeChargesAndAuditsChildren purges a removed team early. Its two
// children go with it, so the purge costs three budget actions and writes
// three entries.
func TestPurgeChargesAndAuditsChildren(t *testing.T) {
	for name, dsn := range backends(t) {
		for _, route := range []struct{ name, method, query, action string }{
			{name: "purge route", method: "POST", query: "/purge", action: "workspace.purge"},
			{name: "delete with purge", method: "DELETE", query: "?purge=true", action: "workspace.delete"},
		} {
			t.Run(name+"/"+route.name, func(t *testing.T) {
				e := newEnv(t, dsn(t), func(o *Options) { o.BudgetLimit = 10 })
				e.wantStatus(e.deleteConfirmed(teamID, "Research Team", "?confirm=true"), http.StatusOK, "delete team")

				r := e.do(route.method, "/workspaces/"+teamID+route.query, map[string]string{"reason": testReason}, "X-Confirm-Name: Research Team")

				e.wantStatus(r, http.StatusOK, "purge removed team")
				if got := r.header.Get(budgetLeft); got != "4" {
					t.Errorf("%s: got %q, want 4 (10, minus 3 for the delete, minus 3 for the purge)", budgetLeft, got)
				}
				root := e.latestAudit(teamID)
				for _, id := range []string{scoutID, writerID} {
					entry := e.latestAudit(id)
					if entry["action"] != route.action || entry["outcome"] != "allowed" || entry["request_id"] != root["request_id"] {
						t.Errorf("latest entry of %s: got %v/%v request %v, want %s/allowed request %v",
							id, entry["action"], entry["outcome"], entry["request_id"], route.action, root["request_id"])
					}
					e.wantStatus(e.do("GET", "/workspaces/"+id, nil), http.StatusGone, "child after purge")
				}
			})
		}
	}
}

// TestPurgeBudgetTooSmall purges a removed team whose children need more
// budget than is left: nothing is purged.
func TestPurgeBudgetTooSmall(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, dsn(t), func(o *Options) { o.BudgetLimit = 4 })
			e.wantStatus(e.deleteConfirmed(teamID, "Research Team", "?confirm=true"), http.StatusOK, "delete team")

			r := e.do("POST", "/workspaces/"+teamID+"/purge", map[string]string{"reason": testReason}, "X-Confirm-Name: Research Team")

			e.wantStatus(r, http.StatusTooManyRequests, "purge with 1 action left for 2 children")
			for _, id := range []string{teamID, scoutID, writerID} {
				r := e.do("GET", "/workspaces/"+id, nil)
				if got := r.json(t)["error"]; got != "workspace_removed" {
					t.Errorf("%s after the refused purge: got error %v, want workspace_removed", id, got)
				}
			}
		})
	}
}
