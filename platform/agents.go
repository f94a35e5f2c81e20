package platform

import (
	"errors"
	"net/http"

	"github.com/wsctl/wsctl/platform/store"
)

type tokenRequest struct {
	Label string `json:"label"`
}

func (p *Platform) handleCreateToken(w http.ResponseWriter, r *http.Request) {
	id, ok := p.liveWorkspace(w, r, false)
	if !ok {
		return
	}
	var req tokenRequest
	if err := decodeBody(w, r, &req, true); err != nil {
		writeBadRequest(w, err)
		return
	}
	if req.Label != "" {
		if err := validateName("label", req.Label); err != nil {
			writeBadRequest(w, err)
			return
		}
	}
	token, err := p.createToken(r.Context(), "workspace", id, req.Label)
	if err != nil {
		p.writeStoreError(w, r, "create token", err)
		return
	}
	p.log.Info("workspace token created", "workspace_id", id, "token_prefix", token[:8], "request_id", requestID(r))
	writeJSON(w, http.StatusCreated, map[string]any{"token": token, "prefix": token[:8], "workspace_id": id})
}

type heartbeatRequest struct {
	WorkspaceID   string  `json:"workspace_id"`
	ActiveTasks   int     `json:"active_tasks"`
	CurrentTask   string  `json:"current_task"`
	UptimeSeconds int64   `json:"uptime_seconds"`
	ErrorRate     float64 `json:"error_rate"`
	SampleError   string  `json:"sample_error"`
}

// handleHeartbeat takes the workspace id from the body, so it authenticates
// after decoding: an org token or that workspace's token.
func (p *Platform) handleHeartbeat(w http.ResponseWriter, r *http.Request) {
	caller, result, err := p.authenticate(r)
	switch {
	case err != nil:
		p.unavailable(w, r, "authenticate", err)
		return
	case result == authMissing:
		writeError(w, http.StatusUnauthorized, "missing workspace auth token")
		return
	case result == authInvalid:
		writeError(w, http.StatusUnauthorized, "invalid workspace auth token")
		return
	}

	var req heartbeatRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		writeBadRequest(w, err)
		return
	}
	if !validUUID(req.WorkspaceID) {
		writeError(w, http.StatusBadRequest, "invalid workspace_id: must be a workspace UUID")
		return
	}
	if caller.actor.Kind != "org" && caller.workspaceID != req.WorkspaceID {
		writeError(w, http.StatusUnauthorized, "invalid workspace auth token")
		return
	}
	if req.ActiveTasks < 0 || req.UptimeSeconds < 0 {
		writeError(w, http.StatusBadRequest, "invalid active_tasks or uptime_seconds: must not be negative")
		return
	}

	h := store.Heartbeat{
		WorkspaceID: req.WorkspaceID, ActiveTasks: req.ActiveTasks, CurrentTask: req.CurrentTask,
		UptimeSeconds: req.UptimeSeconds, ErrorRate: req.ErrorRate, SampleError: req.SampleError,
	}
	if err := p.store.Heartbeat(r.Context(), h, p.opts.Clock()); err != nil {
		// The workspace id comes from the body here, so the removed hint
		// cannot take it from the path.
		var removed *store.RemovedError
		if errors.As(err, &removed) {
			writeJSON(w, http.StatusGone, removedBody(req.WorkspaceID, removed))
			return
		}
		p.writeStoreError(w, r, "record heartbeat", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
