package platform

import (
	"net/http"
)

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
