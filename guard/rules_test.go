package guard

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestMatchRequest(t *testing.T) {
	g := newFixture(t, testName, nil).guard
	tests := []struct {
		method        string
		target        string
		wantAction    Action
		wantID        string
		wantCanonical bool
	}{
		{method: "DELETE", target: "/workspaces/ws1", wantAction: ActionWorkspaceDelete, wantID: "ws1", wantCanonical: true},
		{method: "DELETE", target: "/workspaces/ws1?purge=true", wantAction: ActionWorkspaceDelete, wantID: "ws1", wantCanonical: true},
		{method: "delete", target: "/workspaces/ws1", wantAction: ActionWorkspaceDelete, wantID: "ws1", wantCanonical: true},
		{method: "DELETE", target: "/workspaces/ws1/memories/m1", wantAction: ActionMemoryDelete, wantID: "ws1", wantCanonical: true},
		{method: "POST", target: "/workspaces/ws1/purge", wantAction: ActionWorkspacePurge, wantID: "ws1", wantCanonical: true},
		{method: "PATCH", target: "/workspaces/ws1", wantAction: ActionWorkspaceDisable, wantID: "ws1", wantCanonical: true},
		{method: "GET", target: "/workspaces/ws1", wantCanonical: true},
		{method: "DELETE", target: "/workspaces", wantCanonical: true},
		{method: "DELETE", target: "/workspaces/ws1/memories", wantCanonical: true},
		{method: "DELETE", target: "/workspaces/ws1/schedules/s1", wantCanonical: true},
		{method: "DELETE", target: "/Workspaces/ws1", wantCanonical: true},
		{method: "POST", target: "/workspaces/ws1/restart", wantCanonical: true},
		{method: "DELETE", target: "/workspaces/ws1/", wantAction: ActionWorkspaceDelete, wantID: "ws1"},
		{method: "DELETE", target: "//workspaces/ws1", wantAction: ActionWorkspaceDelete, wantID: "ws1"},
		{method: "DELETE", target: "/workspaces//ws1", wantAction: ActionWorkspaceDelete, wantID: "ws1"},
		{method: "DELETE", target: "/workspaces/./ws1", wantAction: ActionWorkspaceDelete, wantID: "ws1"},
		{method: "DELETE", target: "/workspaces/x/../ws1", wantAction: ActionWorkspaceDelete, wantID: "ws1"},
		{method: "DELETE", target: "/workspaces/%77s1", wantAction: ActionWorkspaceDelete, wantID: "ws1"},
		{method: "DELETE", target: "/workspaces/a%2Fb", wantAction: ActionWorkspaceDelete, wantID: "a/b"},
		{method: "DELETE", target: "/workspaces/ws1%2Fmemories%2Fm1", wantAction: ActionWorkspaceDelete, wantID: "ws1/memories/m1"},
		{method: "POST", target: "/workspaces/ws1/%70urge", wantAction: ActionWorkspacePurge, wantID: "ws1"},
		{method: "DELETE", target: "/workspaces/ws1/memories/m1/", wantAction: ActionMemoryDelete, wantID: "ws1"},
		{method: "DELETE", target: "/other/a%2Fb"},
		{method: "DELETE", target: "/workspaces/a/b/c/"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, tt.target, nil)
			r.Method = tt.method
			rule, m, canonical := g.matchRequest(r)
			id := m.workspaceID

			var action Action
			if rule != nil {
				action = rule.Action
			}
			if action != tt.wantAction {
				t.Errorf("action: got %q, want %q", action, tt.wantAction)
			}
			if id != tt.wantID {
				t.Errorf("id: got %q, want %q", id, tt.wantID)
			}
			if canonical != tt.wantCanonical {
				t.Errorf("canonical: got %v, want %v", canonical, tt.wantCanonical)
			}
		})
	}
}

func TestCompileRuleErrors(t *testing.T) {
	tests := []struct {
		name    string
		rule    Rule
		wantErr string
	}{
		{name: "no action", rule: Rule{Method: "DELETE", Pattern: "/w/{id}"}, wantErr: "has no Action"},
		{name: "no method", rule: Rule{Action: "x", Pattern: "/w/{id}"}, wantErr: "invalid Method"},
		{name: "relative", rule: Rule{Action: "x", Method: "DELETE", Pattern: "w/{id}"}, wantErr: "must start with /"},
		{name: "trailing slash", rule: Rule{Action: "x", Method: "DELETE", Pattern: "/w/{id}/"}, wantErr: "must not end with /"},
		{name: "no id", rule: Rule{Action: "x", Method: "DELETE", Pattern: "/w/{name}"}, wantErr: "{id} exactly once"},
		{name: "two ids", rule: Rule{Action: "x", Method: "DELETE", Pattern: "/w/{id}/x/{id}"}, wantErr: "repeated wildcard"},
		{name: "empty segment", rule: Rule{Action: "x", Method: "DELETE", Pattern: "/w//{id}"}, wantErr: "empty or dot segment"},
		{name: "partial wildcard", rule: Rule{Action: "x", Method: "DELETE", Pattern: "/w/x{id}"}, wantErr: "invalid segment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := compileRule(tt.rule)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("got %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestNewConfigErrors(t *testing.T) {
	valid := func() Config {
		return Config{Resolver: mapResolver{}, Actor: bearerActor, Audit: &memAudit{}}
	}
	tests := []struct {
		name    string
		edit    func(*Config)
		wantErr string
	}{
		{name: "no resolver", edit: func(c *Config) { c.Resolver = nil }, wantErr: "Config.Resolver is required"},
		{name: "no actor", edit: func(c *Config) { c.Actor = nil }, wantErr: "Config.Actor is required"},
		{name: "no audit", edit: func(c *Config) { c.Audit = nil }, wantErr: "Config.Audit is required"},
		{name: "min above max", edit: func(c *Config) { c.MinReasonLen, c.MaxReasonLen = 50, 10 }, wantErr: "MinReasonLen 50 is above MaxReasonLen 10"},
		{name: "negative body", edit: func(c *Config) { c.MaxBodyBytes = -1 }, wantErr: "MaxBodyBytes must not be negative, got -1"},
		{name: "empty rules", edit: func(c *Config) { c.Rules = []Rule{} }, wantErr: "Config.Rules is empty"},
		{name: "bad rule", edit: func(c *Config) { c.Rules = []Rule{{Action: "x", Method: "DELETE", Pattern: "/x"}} }, wantErr: `rule pattern "/x" must contain {id}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := valid()
			tt.edit(&cfg)
			g, err := New(cfg)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("got %v, want an error containing %q", err, tt.wantErr)
			}
			if g != nil {
				t.Errorf("guard: got %v, want nil", g)
			}
		})
	}
}

func TestCustomRule(t *testing.T) {
	rules := append(DefaultRules(), Rule{Action: ActionWorkspaceRestart, Method: http.MethodPost, Pattern: "/workspaces/{id}/restart",
		Body: func(b []byte) bool { return strings.Contains(string(b), `"reset":true`) }})
	f := newFixture(t, testName, func(c *Config) { c.Rules = rules })

	tests := []struct {
		name       string
		body       string
		wantStatus int
	}{
		{name: "plain restart", body: `{}`, wantStatus: 200},
		{name: "reset restart", body: `{"reset":true}`, wantStatus: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/workspaces/"+testWorkspaceID+"/restart", strings.NewReader(tt.body))
			r.Header.Set("Authorization", "Bearer "+testToken)
			if got := f.serve(r).Code; got != tt.wantStatus {
				t.Errorf("status: got %d, want %d", got, tt.wantStatus)
			}
		})
	}
}
