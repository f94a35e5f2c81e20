package platform

import (
	"net/http"
	"testing"
)

// TestAuditNamesDeletedMemory checks that GET /admin/audit names the
// memory of a memory delete in resource_id, for a refused attempt and for
// the delete itself, and leaves the field out of a workspace entry.
func TestAuditNamesDeletedMemory(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, dsn(t))
			path := "/workspaces/" + seoID + "/memories/" + seoMemory
			confirm := "X-Confirm-Name: SEO Agent"
			e.wantStatus(e.do("DELETE", path, nil, confirm), http.StatusBadRequest, "memory delete without reason")
			e.wantStatus(e.do("DELETE", path, nil, confirm, "X-Audit-Reason: "+testReason), http.StatusOK, "memory delete")
			e.wantStatus(e.deleteConfirmed(seoID, "SEO Agent", ""), http.StatusOK, "workspace delete")

			memoryEntries := e.auditEntries(seoID, "memory.delete")
			if len(memoryEntries) != 2 {
				t.Fatalf("memory.delete entries: got %d, want 2", len(memoryEntries))
			}
			for _, entry := range memoryEntries {
				if got := entry["resource_id"]; got != seoMemory {
					t.Errorf("%s entry resource_id: got %v, want %q", entry["outcome"], got, seoMemory)
				}
			}
			for _, entry := range e.auditEntries(seoID, "workspace.delete") {
				if got, ok := entry["resource_id"]; ok {
					t.Errorf("workspace.delete entry resource_id: got %v, want the field left out", got)
				}
			}
		})
	}
}
