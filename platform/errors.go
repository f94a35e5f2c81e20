package platform

import (
	"errors"
	"net/http"
	"strings"

	"github.com/wsctl/wsctl/guard"
	"github.com/wsctl/wsctl/platform/store"
)

// writeStoreError maps a store error to its HTTP response. An unexpected
// error is logged and becomes a 503 that never contains its text.
func (p *Platform) writeStoreError(w http.ResponseWriter, r *http.Request, op string, err error) {
	var (
		removed  *store.RemovedError
		purged   *store.PurgedError
		children *store.ChildrenError
		parent   *store.ParentRemovedError
		bad      *badRequest
	)
	switch {
	case errors.As(err, &bad):
		writeBadRequest(w, err)
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, "workspace not found")
	case errors.As(err, &purged):
		writeJSON(w, http.StatusGone, map[string]any{
			"error":          "workspace_purged",
			"hard_purged_at": timeJSON(purged.HardPurgedAt),
		})
	case errors.As(err, &removed):
		writeJSON(w, http.StatusGone, removedBody(r.PathValue("id"), removed))
	case errors.As(err, &children):
		refs := children.Children
		writeJSON(w, http.StatusConflict, map[string]any{
			"status":         "confirmation_required",
			"message":        "workspace has live children; re-send with ?confirm=true to remove them too",
			"children":       refs,
			"children_count": len(refs),
		})
	case errors.As(err, &parent):
		writeJSON(w, http.StatusConflict, map[string]any{
			"error": "parent_removed",
			"hint":  "restore the parent " + parent.ParentID + " first: POST /workspaces/" + parent.ParentID + "/restore",
		})
	case errors.Is(err, store.ErrTreeChanged):
		writeJSON(w, http.StatusConflict, map[string]any{
			"error": "workspace_tree_changed",
			"hint":  "the set of workspaces below this one changed while the delete ran; read GET /workspaces/" + r.PathValue("id") + "/impact again and retry",
		})
	case errors.Is(err, store.ErrNameChanged):
		writeJSON(w, http.StatusPreconditionFailed, map[string]any{
			"error":   "precondition_failed",
			"message": "the workspace was renamed while this request ran; read it again and confirm its current name",
		})
	case errors.Is(err, store.ErrNotRemoved):
		writeError(w, http.StatusConflict, "workspace_not_removed")
	case errors.Is(err, store.ErrParentNotFound):
		writeError(w, http.StatusBadRequest, "invalid parent_id: "+strings.TrimPrefix(err.Error(), store.ErrParentNotFound.Error()+": ")+"; name a live workspace")
	case errors.Is(err, store.ErrScheduleNotFound):
		writeError(w, http.StatusNotFound, "schedule not found")
	case errors.Is(err, store.ErrMemoryNotFound):
		writeError(w, http.StatusNotFound, store.ErrMemoryNotFound.Error())
	case errors.Is(err, guard.ErrAuditUnavailable):
		p.log.Error("audit entry not written; action rolled back", "op", op, "error", err,
			"request_id", requestID(r), "workspace_id", r.PathValue("id"))
		writeError(w, http.StatusServiceUnavailable, "audit_unavailable")
	default:
		p.unavailable(w, r, op, err)
	}
}

func removedBody(id string, e *store.RemovedError) map[string]any {
	until := timeJSON(e.RestorableUntil)
	return map[string]any{
		"error":            "workspace_removed",
		"removed_at":       timeJSON(e.RemovedAt),
		"restorable_until": until,
		"hint":             "POST /workspaces/" + id + "/restore brings it back until " + until,
	}
}
