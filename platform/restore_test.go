package platform

import (
	"net/http"
	"testing"
)

// TestRestoreChildOfRemovedParent checks that a child cannot come back
// while its parent is removed. The child may have gone with the parent's
// delete or before it. Once the parent is back, the child restores.
func TestRestoreChildOfRemovedParent(t *testing.T) {
	tests := []struct {
		name string
		// removeChildFirst deletes the child on its own before the parent.
		removeChildFirst bool
	}{
		{name: "removed with the parent", removeChildFirst: false},
		{name: "removed before the parent", removeChildFirst: true},
	}
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					e := newEnv(t, dsn(t))
					child := e.createChild("Restore Probe", teamID)
					if tt.removeChildFirst {
						e.wantStatus(e.deleteConfirmed(child, "Restore Probe", ""), http.StatusOK, "delete child")
					}
					e.wantStatus(e.deleteConfirmed(teamID, "Research Team", "?confirm=true"), http.StatusOK, "delete team")
					restoresBefore := len(e.auditEntries(child, "workspace.restore"))

					r := e.do("POST", "/workspaces/"+child+"/restore", map[string]string{"reason": testReason})
					e.wantStatus(r, http.StatusConflict, "restore child of a removed parent")
					body := r.json(t)
					if got, want := body["error"], "parent_removed"; got != want {
						t.Errorf("error: got %v, want %q", got, want)
					}
					wantHint := "restore the parent " + teamID + " first: POST /workspaces/" + teamID + "/restore"
					if got := body["hint"]; got != wantHint {
						t.Errorf("hint: got %v, want %q", got, wantHint)
					}
					if got := e.do("GET", "/workspaces/"+child, nil); got.status != http.StatusGone {
						t.Errorf("child after the refused restore: got %d, want 410, still removed", got.status)
					}
					if got := len(e.auditEntries(child, "workspace.restore")); got != restoresBefore {
						t.Errorf("restore entries after the refused restore: got %d, want %d", got, restoresBefore)
					}

					e.wantStatus(e.do("POST", "/workspaces/"+teamID+"/restore", nil), http.StatusOK, "restore team")
					if tt.removeChildFirst {
						e.wantStatus(e.do("POST", "/workspaces/"+child+"/restore", nil), http.StatusOK, "restore child after the team")
					}
					e.wantStatus(e.do("GET", "/workspaces/"+child, nil), http.StatusOK, "child live after the team's restore")
				})
			}
		})
	}
}
