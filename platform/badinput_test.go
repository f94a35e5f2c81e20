package platform

import (
	"strings"
	"testing"
)

func TestBadInput(t *testing.T) {
	e := newEnv(t, backends(t)["sqlite"](t))
	long := strings.Repeat("a", 256)
	huge := `{"name":"` + strings.Repeat("a", 1<<20) + `"}`
	tests := []struct {
		name       string
		method     string
		path       string
		body       any
		headers    []string
		wantStatus int
		wantInBody string
	}{
		{name: "get non-uuid id", method: "GET", path: "/workspaces/not-a-uuid", wantStatus: 400, wantInBody: "invalid workspace ID"},
		{name: "delete non-uuid id", method: "DELETE", path: "/workspaces/1234", wantStatus: 400, wantInBody: "invalid workspace ID"},
		{name: "patch non-uuid id", method: "PATCH", path: "/workspaces/x", body: `{"name":"a"}`, wantStatus: 400, wantInBody: "invalid workspace ID"},
		{name: "restore non-uuid id", method: "POST", path: "/workspaces/zzz/restore", wantStatus: 400, wantInBody: "invalid workspace ID"},
		{name: "schedules non-uuid id", method: "GET", path: "/workspaces/zzz/schedules", wantStatus: 400, wantInBody: "invalid workspace ID"},
		{name: "dot-dot segment", method: "GET", path: "/workspaces/../admin/audit", wantStatus: 400, wantInBody: "invalid path"},
		{name: "encoded dot-dot", method: "DELETE", path: "/workspaces/%2e%2e/" + seoID, wantStatus: 400, wantInBody: "invalid path"},
		{name: "encoded slash", method: "DELETE", path: "/workspaces/" + seoID + "%2Fpurge", wantStatus: 400, wantInBody: "invalid path"},
		{name: "doubled slash", method: "DELETE", path: "//workspaces/" + seoID, wantStatus: 400, wantInBody: "invalid path"},
		{name: "trailing slash", method: "DELETE", path: "/workspaces/" + seoID + "/", wantStatus: 400, wantInBody: "invalid path"},
		{name: "unknown route", method: "GET", path: "/nope", wantStatus: 404, wantInBody: "not found"},
		{name: "1 MiB create body", method: "POST", path: "/workspaces", body: huge, wantStatus: 413, wantInBody: "too large"},
		{name: "1 MiB delete body", method: "DELETE", path: "/workspaces/" + seoID, body: huge, headers: []string{"X-Confirm-Name: SEO Agent"}, wantStatus: 413},
		{name: "invalid JSON", method: "POST", path: "/workspaces", body: `{"name":`, wantStatus: 400, wantInBody: "invalid JSON body"},
		{name: "trailing JSON", method: "POST", path: "/workspaces", body: `{"name":"a"} {}`, wantStatus: 400, wantInBody: "unexpected data"},
		{name: "unknown field", method: "POST", path: "/workspaces", body: `{"name":"a","colour":"red"}`, wantStatus: 400, wantInBody: `unknown field \"colour\"`},
		{name: "missing body", method: "POST", path: "/workspaces", wantStatus: 400, wantInBody: "missing JSON request body"},
		{name: "name with newline", method: "POST", path: "/workspaces", body: `{"name":"a\nb"}`, wantStatus: 400, wantInBody: "control characters"},
		{name: "name with escape", method: "POST", path: "/workspaces", body: `{"name":"a\u001b[31m"}`, wantStatus: 400, wantInBody: "control characters"},
		{name: "name over 255", method: "POST", path: "/workspaces", body: `{"name":"` + long + `"}`, wantStatus: 400, wantInBody: "256 characters, the limit is 255"},
		{name: "name with brace", method: "POST", path: "/workspaces", body: `{"name":"a{b}"}`, wantStatus: 400, wantInBody: "{}[]|>*&!"},
		{name: "blank name", method: "POST", path: "/workspaces", body: `{"name":"  "}`, wantStatus: 400, wantInBody: "blank"},
		{name: "patch name over 255", method: "PATCH", path: "/workspaces/" + seoID, body: `{"name":"` + long + `"}`, wantStatus: 400, wantInBody: "the limit is 255"},
		{name: "patch unknown parent", method: "PATCH", path: "/workspaces/" + seoID, body: `{"parent_id":"44444444-4444-4444-8444-444444444444"}`, wantStatus: 400, wantInBody: "invalid parent_id"},
		{name: "patch self parent", method: "PATCH", path: "/workspaces/" + seoID, body: `{"parent_id":"` + seoID + `"}`, wantStatus: 400, wantInBody: "cycle"},
		{name: "restore invalid JSON", method: "POST", path: "/workspaces/" + seoID + "/restore", body: `[`, wantStatus: 400, wantInBody: "invalid JSON body"},
		{name: "show_removed not bool", method: "GET", path: "/workspaces?show_removed=maybe", wantStatus: 400, wantInBody: `invalid show_removed \"maybe\"`},
		{name: "confirm not bool", method: "DELETE", path: "/workspaces/" + seoID + "?confirm=yes", body: `{"reason":"` + testReason + `"}`, headers: []string{"X-Confirm-Name: SEO Agent"}, wantStatus: 400, wantInBody: "invalid confirm"},
		{name: "audit limit text", method: "GET", path: "/admin/audit?limit=abc", wantStatus: 400, wantInBody: `invalid limit \"abc\"`},
		{name: "audit limit zero", method: "GET", path: "/admin/audit?limit=0", wantStatus: 400, wantInBody: "invalid limit"},
		{name: "audit since", method: "GET", path: "/admin/audit?since=yesterday", wantStatus: 400, wantInBody: `invalid since \"yesterday\"`},
		{name: "audit until", method: "GET", path: "/admin/audit?until=2026-13-01", wantStatus: 400, wantInBody: "invalid until"},
		{name: "audit since after until", method: "GET", path: "/admin/audit?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z", wantStatus: 400, wantInBody: "since must be before until"},
		{name: "audit outcome", method: "GET", path: "/admin/audit?outcome=maybe", wantStatus: 400, wantInBody: `invalid outcome \"maybe\"`},
		{name: "audit action", method: "GET", path: "/admin/audit?action=drop", wantStatus: 400, wantInBody: `invalid action \"drop\"`},
		{name: "audit workspace_id", method: "GET", path: "/admin/audit?workspace_id=x", wantStatus: 400, wantInBody: "invalid workspace_id"},
		{name: "audit cursor", method: "GET", path: "/admin/audit?cursor=garbage", wantStatus: 400, wantInBody: "invalid cursor"},
		{name: "audit unknown param", method: "GET", path: "/admin/audit?limt=5", wantStatus: 400, wantInBody: `unknown query parameter \"limt\"`},
		{name: "heartbeat bad id", method: "POST", path: "/registry/heartbeat", body: `{"workspace_id":"x"}`, wantStatus: 400, wantInBody: "invalid workspace_id"},
		{name: "heartbeat negative", method: "POST", path: "/registry/heartbeat", body: `{"workspace_id":"` + seoID + `","active_tasks":-1}`, wantStatus: 400, wantInBody: "must not be negative"},
		{name: "memories limit", method: "GET", path: "/workspaces/" + seoID + "/memories?limit=-1", wantStatus: 400, wantInBody: "invalid limit"},
		{name: "schedule cron", method: "POST", path: "/workspaces/" + seoID + "/schedules", body: `{"name":"n","cron_expr":"daily"}`, wantStatus: 400, wantInBody: `invalid cron_expr \"daily\"`},
		{name: "schedule timezone", method: "POST", path: "/workspaces/" + seoID + "/schedules", body: `{"name":"n","cron_expr":"0 * * * *","timezone":"Mars/Base"}`, wantStatus: 400, wantInBody: "invalid timezone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(tt.method, tt.path, tt.body, tt.headers...)
			if r.status != tt.wantStatus {
				t.Fatalf("got status %d, want %d; body %s", r.status, tt.wantStatus, r.body)
			}
			if !strings.Contains(string(r.body), tt.wantInBody) {
				t.Errorf("body: got %s, want it to contain %s", r.body, tt.wantInBody)
			}
		})
	}

	r := e.do("GET", "/workspaces", nil)
	if got := len(r.list(t)); got != 10 {
		t.Errorf("live workspaces after bad input: got %d, want 10", got)
	}
}

func TestAuthFailures(t *testing.T) {
	e := newEnv(t, backends(t)["sqlite"](t))
	wsToken := e.do("POST", "/workspaces/"+seoID+"/tokens", nil).json(t)["token"].(string)
	other := "33333333-3333-4333-8333-333333333305"
	tests := []struct {
		name        string
		token       string
		header      string
		method      string
		path        string
		wantStatus  int
		wantMessage string
	}{
		{name: "list without token", method: "GET", path: "/workspaces", wantStatus: 401, wantMessage: "admin auth required"},
		{name: "list with garbage", token: "garbage", method: "GET", path: "/workspaces", wantStatus: 401, wantMessage: "invalid admin auth token"},
		{name: "list with workspace token", token: wsToken, method: "GET", path: "/workspaces", wantStatus: 401, wantMessage: "invalid admin auth token"},
		{name: "lower-case bearer", header: "bearer " + e.token, method: "GET", path: "/workspaces", wantStatus: 401, wantMessage: "invalid admin auth token"},
		{name: "delete with workspace token", token: wsToken, method: "DELETE", path: "/workspaces/" + seoID, wantStatus: 401, wantMessage: "invalid admin auth token"},
		{name: "audit with workspace token", token: wsToken, method: "GET", path: "/admin/audit", wantStatus: 401, wantMessage: "invalid admin auth token"},
		{name: "schedules without token", method: "GET", path: "/workspaces/" + seoID + "/schedules", wantStatus: 401, wantMessage: "missing workspace auth token"},
		{name: "schedules of another workspace", token: wsToken, method: "GET", path: "/workspaces/" + other + "/schedules", wantStatus: 401, wantMessage: "invalid workspace auth token"},
		{name: "own schedules", token: wsToken, method: "GET", path: "/workspaces/" + seoID + "/schedules", wantStatus: 200},
		{name: "open get", method: "GET", path: "/workspaces/" + seoID, wantStatus: 200},
		{name: "health", method: "GET", path: "/health", wantStatus: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var headers []string
			if tt.header != "" {
				headers = append(headers, "Authorization: "+tt.header)
			}
			r := e.doAs(tt.token, tt.method, tt.path, nil, headers...)
			if r.status != tt.wantStatus {
				t.Fatalf("got status %d, want %d; body %s", r.status, tt.wantStatus, r.body)
			}
			if tt.wantMessage != "" {
				if got := r.json(t)["error"]; got != tt.wantMessage {
					t.Errorf("error: got %v, want %q", got, tt.wantMessage)
				}
			}
			if r.header.Get("X-Request-Id") == "" {
				t.Errorf("X-Request-Id: got none, want one on every response")
			}
		})
	}
}
