package guard

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestEntryResourceID checks that an entry names the resource below the
// workspace that the request acted on, such as the deleted memory, whether
// guard allowed or refused the request.
func TestEntryResourceID(t *testing.T) {
	memories := "/workspaces/" + testWorkspaceID + "/memories/"
	tests := []struct {
		name        string
		method      string
		path        string
		reason      string
		wantOutcome Outcome
		wantID      string
	}{
		{name: "allowed memory delete", method: http.MethodDelete, path: memories + "mem-1", reason: testReason,
			wantOutcome: OutcomeAllowed, wantID: "mem-1"},
		{name: "memory delete without reason", method: http.MethodDelete, path: memories + "mem-2",
			wantOutcome: OutcomeRefused, wantID: "mem-2"},
		{name: "memory delete on an encoded path", method: http.MethodDelete, path: memories + "mem%2D3", reason: testReason,
			wantOutcome: OutcomeRefused, wantID: "mem-3"},
		{name: "custom rule", method: http.MethodPost, path: "/workspaces/" + testWorkspaceID + "/files/report.txt/shred",
			reason: testReason, wantOutcome: OutcomeAllowed, wantID: "report.txt"},
		{name: "workspace delete", method: http.MethodDelete, path: "/workspaces/" + testWorkspaceID, reason: testReason,
			wantOutcome: OutcomeAllowed, wantID: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, testName, func(c *Config) {
				c.Rules = append(DefaultRules(), Rule{Action: "file.shred", Method: http.MethodPost, Pattern: "/workspaces/{id}/files/{file}/shred"})
			})
			r := httptest.NewRequest(tt.method, tt.path, nil)
			r.Header.Set("Authorization", "Bearer "+testToken)
			r.Header.Set(HeaderConfirmName, testName)
			if tt.reason != "" {
				r.Header.Set(HeaderAuditReason, tt.reason)
			}
			f.serve(r)

			entries := f.audit.all()
			if len(entries) != 1 {
				t.Fatalf("entries: got %d, want 1", len(entries))
			}
			e := entries[0]
			if e.Outcome != tt.wantOutcome {
				t.Errorf("outcome: got %q (error %q), want %q", e.Outcome, e.Error, tt.wantOutcome)
			}
			if e.ResourceID != tt.wantID {
				t.Errorf("ResourceID: got %q, want %q", e.ResourceID, tt.wantID)
			}

			b, err := json.Marshal(e)
			if err != nil {
				t.Fatal(err)
			}
			wantField := `"resource_id":"` + tt.wantID + `"`
			if got := strings.Contains(string(b), `"resource_id"`); got != (tt.wantID != "") {
				t.Errorf("resource_id in %s: got present=%v, want present=%v", b, got, tt.wantID != "")
			}
			if tt.wantID != "" && !strings.Contains(string(b), wantField) {
				t.Errorf("entry JSON: got %s, want it to contain %s", b, wantField)
			}
		})
	}
}
