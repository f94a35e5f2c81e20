package platform

import (
	"net/http"
	"testing"
)

// seoSchedule is the first schedule of SEO Agent in the incident seed.
const seoSchedule = "11111111-1111-4111-8111-5c0000000001"

// TestInvalidUTF8Body sends a byte that is not UTF-8 inside a JSON string to
// every route that takes a JSON body. encoding/json would store it as
// U+FFFD without a word, so each route must answer 400 invalid_body and
// change nothing.
func TestInvalidUTF8Body(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, dsn(t))
			seo := "/workspaces/" + seoID
			confirm := "X-Confirm-Name: SEO Agent"
			headerReason := "X-Audit-Reason: " + testReason
			badReason := "{\"reason\":\"cleanup \xff of a stuck workspace\"}"
			tests := []struct {
				name    string
				method  string
				path    string
				body    string
				headers []string
			}{
				{name: "create workspace", method: "POST", path: "/workspaces", body: "{\"name\":\"a\xffb\"}"},
				{name: "rename", method: "PATCH", path: seo, body: "{\"name\":\"a\xffb\"}"},
				{name: "disable", method: "PATCH", path: seo, body: "{\"disabled\":true,\"reason\":\"" + testReason + "\",\"runtime\":\"a\xffb\"}", headers: []string{confirm}},
				{name: "delete reason in body", method: "DELETE", path: seo, body: badReason, headers: []string{confirm}},
				{name: "delete reason in header", method: "DELETE", path: seo, body: "{\"note\":\"a\xffb\"}", headers: []string{confirm, headerReason}},
				{name: "purge", method: "POST", path: seo + "/purge", body: badReason, headers: []string{confirm}},
				{name: "purge reason in header", method: "POST", path: seo + "/purge", body: "{\"note\":\"a\xffb\"}", headers: []string{confirm, headerReason}},
				{name: "restore", method: "POST", path: seo + "/restore", body: badReason},
				{name: "restart", method: "POST", path: seo + "/restart", body: badReason},
				{name: "pause", method: "POST", path: seo + "/pause", body: badReason},
				{name: "resume", method: "POST", path: seo + "/resume", body: badReason},
				{name: "create schedule", method: "POST", path: seo + "/schedules", body: "{\"name\":\"a\xffb\",\"cron_expr\":\"0 1 * * *\"}"},
				{name: "patch schedule", method: "PATCH", path: seo + "/schedules/" + seoSchedule, body: "{\"prompt\":\"a\xffb\"}"},
				{name: "create memory", method: "POST", path: seo + "/memories", body: "{\"content\":\"a\xffb\"}"},
				{name: "delete memory", method: "DELETE", path: seo + "/memories/" + seoMemory, body: badReason, headers: []string{confirm}},
				{name: "delete memory reason in header", method: "DELETE", path: seo + "/memories/" + seoMemory, body: "{\"note\":\"a\xffb\"}", headers: []string{confirm, headerReason}},
				{name: "create token", method: "POST", path: seo + "/tokens", body: "{\"label\":\"a\xffb\"}"},
				{name: "heartbeat", method: "POST", path: "/registry/heartbeat", body: "{\"workspace_id\":\"" + seoID + "\",\"active_tasks\":0,\"current_task\":\"a\xffb\"}"},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					r := e.do(tt.method, tt.path, tt.body, tt.headers...)
					if r.status != http.StatusBadRequest {
						t.Fatalf("got status %d, want 400; body %s", r.status, r.body)
					}
					if got := r.json(t)["error"]; got != "invalid_body" {
						t.Errorf("error: got %v, want invalid_body", got)
					}
				})
			}

			ws := e.do("GET", seo, nil).json(t)
			if ws["name"] != "SEO Agent" || ws["status"] != "online" || mustNum(t, ws, "active_tasks") != 1 {
				t.Errorf("SEO Agent after the requests: got name %v, status %v, active_tasks %v; want SEO Agent, online, 1",
					ws["name"], ws["status"], ws["active_tasks"])
			}
			if got := len(e.do("GET", "/workspaces", nil).list(t)); got != 10 {
				t.Errorf("live workspaces: got %d, want 10", got)
			}
			if got := len(e.do("GET", seo+"/memories", nil).list(t)); got != 8 {
				t.Errorf("memories of SEO Agent: got %d, want 8", got)
			}
		})
	}
}
