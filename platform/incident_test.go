package platform

import (
	"net/http"
	"strings"
	"testing"
)

// TestIncidentFlow replays the incident. The stuck SEO Agent carries a
// session_likely_stuck warning, and the request its action names must clear
// it. An operator probes every HTTP method against the workspace, which must
// remove nothing. Then a confirmed delete with a reason, a 410 read, and a
// restore must bring back exactly what the delete took.
func TestIncidentFlow(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, dsn(t))
			wsToken := e.do("POST", "/workspaces/"+seoID+"/tokens", map[string]string{"label": "probe"}).json(t)["token"].(string)

			followStuckWarning(e)
			probeEveryMethod(e)
			assertNothingRemoved(e)

			r := e.deleteConfirmed(seoID, "SEO Agent", "")
			e.wantStatus(r, http.StatusOK, "confirmed delete")
			if got := r.json(t)["status"]; got != "removed" {
				t.Fatalf("delete status: got %v, want removed", got)
			}

			r = e.do("GET", "/workspaces/"+seoID, nil)
			e.wantStatus(r, http.StatusGone, "get removed workspace")
			body := r.json(t)
			if got := body["error"]; got != "workspace_removed" {
				t.Errorf("get removed error: got %v, want workspace_removed", got)
			}
			wantHint := "POST /workspaces/" + seoID + "/restore brings it back until 2026-03-13T12:00:00Z"
			if got := body["hint"]; got != wantHint {
				t.Errorf("hint: got %v, want %q", got, wantHint)
			}
			r = e.doAs(wsToken, "GET", "/workspaces/"+seoID+"/schedules", nil)
			e.wantStatus(r, http.StatusUnauthorized, "workspace token after delete")

			r = e.do("POST", "/workspaces/"+seoID+"/restore", map[string]string{"reason": "deleted by a probe loop"})
			e.wantStatus(r, http.StatusOK, "restore")
			restored := r.json(t)["restored"].(map[string]any)
			for key, want := range map[string]int{"schedules": 9, "tokens": 3, "children": 0} {
				if got := mustNum(t, restored, key); got != want {
					t.Errorf("restored %s: got %d, want %d", key, got, want)
				}
			}

			r = e.doAs(wsToken, "GET", "/workspaces/"+seoID+"/schedules", nil)
			e.wantStatus(r, http.StatusOK, "workspace token after restore")
			enabled, disabled := countSchedules(t, r)
			if enabled != 9 || disabled != 2 {
				t.Errorf("schedules after restore: got %d enabled and %d disabled, want 9 and 2", enabled, disabled)
			}

			assertAudit(e)
		})
	}
}

// followStuckWarning sends the request named by the workspace's
// session_likely_stuck warning, exactly as given, and checks that the
// warning is gone afterwards.
func followStuckWarning(e *testEnv) {
	e.t.Helper()
	warnings, _ := e.do("GET", "/workspaces/"+seoID, nil).json(e.t)["warnings"].([]any)
	if len(warnings) != 1 {
		e.t.Fatalf("warnings of the stuck workspace: got %v, want one", warnings)
	}
	warning := warnings[0].(map[string]any)
	if got := warning["code"]; got != "session_likely_stuck" {
		e.t.Fatalf("warning code: got %v, want session_likely_stuck", got)
	}
	action := warning["action"].(map[string]any)
	method, path := action["method"].(string), action["path"].(string)

	r := e.do(method, path, nil)
	e.wantStatus(r, http.StatusOK, "warning action "+method+" "+path)
	get := e.do("GET", "/workspaces/"+seoID, nil).json(e.t)
	if got := get["warnings"]; got != nil {
		e.t.Errorf("warnings after %s %s: got %v, want none", method, path, got)
	}
	if got := mustNum(e.t, get, "active_tasks"); got != 0 {
		e.t.Errorf("active_tasks after %s %s: got %d, want 0", method, path, got)
	}
}

// probeEveryMethod sends every method to the workspace and its sub-paths
// with a valid org token but no confirmation and no reason.
func probeEveryMethod(e *testEnv) {
	e.t.Helper()
	methods := []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
	paths := []string{"", "/purge", "/restore", "/schedules", "/memories", "/memories/11111111-1111-4111-8111-3e0000000001",
		"/memory", "/impact", "/restart", "/pause", "/resume"}
	for _, m := range methods {
		for _, sub := range paths {
			r := e.do(m, "/workspaces/"+seoID+sub+"?purge=true&confirm=true", nil)
			if r.status >= 500 {
				e.t.Errorf("%s %s: got status %d, want below 500", m, sub, r.status)
			}
			r = e.do(m, "/workspaces/"+seoID+sub, `{"disabled": true}`)
			if r.status >= 500 {
				e.t.Errorf("%s %s with disabled body: got status %d, want below 500", m, sub, r.status)
			}
		}
	}
}

func assertNothingRemoved(e *testEnv) {
	e.t.Helper()
	r := e.do("GET", "/workspaces", nil)
	e.wantStatus(r, http.StatusOK, "list after probe")
	if got := len(r.list(e.t)); got != 10 {
		e.t.Fatalf("live workspaces after probe: got %d, want 10", got)
	}
	r = e.do("GET", "/workspaces/"+seoID+"/impact", nil)
	e.wantStatus(r, http.StatusOK, "impact after probe")
	impact := r.json(e.t)
	for key, want := range map[string]int{"schedule_count": 11, "enabled_schedule_count": 9, "memory_count": 8} {
		if got := mustNum(e.t, impact, key); got != want {
			e.t.Errorf("after probe %s: got %d, want %d", key, got, want)
		}
	}
	if got := impact["status"]; got == "removed" {
		e.t.Errorf("after probe status: got removed, want a live status")
	}
}

func countSchedules(t *testing.T, r response) (enabled, disabled int) {
	t.Helper()
	for _, s := range r.list(t) {
		if s["enabled"] == true {
			enabled++
		} else {
			disabled++
		}
	}
	return enabled, disabled
}

func assertAudit(e *testEnv) {
	e.t.Helper()
	r := e.do("GET", "/admin/audit?workspace_id="+seoID+"&limit=1000", nil)
	e.wantStatus(r, http.StatusOK, "audit")
	entries := r.json(e.t)["entries"].([]any)
	counts := map[string]int{}
	var deleteReason string
	for _, raw := range entries {
		entry := raw.(map[string]any)
		key := entry["action"].(string) + " " + entry["outcome"].(string)
		counts[key]++
		if key == "workspace.delete allowed" {
			deleteReason, _ = entry["reason"].(string)
		}
	}
	if counts["workspace.delete refused"] == 0 {
		e.t.Errorf("audit: got no refused workspace.delete entries, want the probe's refusals; counts %v", counts)
	}
	if counts["workspace.purge refused"] == 0 {
		e.t.Errorf("audit: got no refused workspace.purge entries; counts %v", counts)
	}
	if got := counts["workspace.delete allowed"]; got != 1 {
		e.t.Errorf("audit: got %d allowed workspace.delete entries, want 1; counts %v", got, counts)
	}
	if got := counts["workspace.restore allowed"]; got != 1 {
		e.t.Errorf("audit: got %d allowed workspace.restore entries, want 1", got)
	}
	if deleteReason != testReason {
		e.t.Errorf("audit delete reason: got %q, want %q", deleteReason, testReason)
	}
	if strings.Contains(string(r.body), e.token) {
		e.t.Errorf("audit response contains the org token")
	}
}
