package platform

import (
	"net/http"

	"github.com/wsctl/wsctl/guard"
)

// confirmedName returns the workspace name guard matched X-Confirm-Name
// against, for the store to check again under the row lock. Guard reads the
// workspace before the handler's transaction starts, so a rename committed in
// between would otherwise go unnoticed. It returns "" for requests guard did
// not allow, which the store then does not check.
func confirmedName(r *http.Request) string {
	e, _ := guard.PendingEntry(r.Context())
	return e.WorkspaceName
}

// chargeCascade counts the live descendants that a delete with
// ?confirm=true takes along and charges each one to the caller's destructive
// budget, on top of the action guard took for the workspace itself. Without
// it one confirmation could remove any number of workspaces, because moving a
// workspace under another (PATCH parent_id) is not destructive. It returns
// the count for the store to enforce, or writes the response itself and
// returns false.
func (p *Platform) chargeCascade(w http.ResponseWriter, r *http.Request, id string, cascade bool) (int, bool) {
	if !cascade {
		return 0, true
	}
	n, err := p.store.CountLiveDescendants(r.Context(), id)
	if err != nil {
		p.writeStoreError(w, r, "count descendants", err)
		return 0, false
	}
	if refusal := p.guard.TakeBudget(w, r, n); refusal != nil {
		refusal.ServeHTTP(w, r)
		return 0, false
	}
	return n, true
}
