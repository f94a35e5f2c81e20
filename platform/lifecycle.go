package platform

import (
	"context"
	"database/sql"
	"net/http"
	"strings"

	"github.com/wsctl/wsctl/guard"
	"github.com/wsctl/wsctl/platform/store"
)

// systemActor is the actor of the purge job's audit entries.
var systemActor = guard.Actor{Kind: "system", Label: "system:purger"}

// auditOwn returns an AuditFunc writing an allowed entry for an action that
// guard does not cover (restore, restart), inside the store's transaction.
func (p *Platform) auditOwn(r *http.Request, action guard.Action, workspaceID, reason string) store.AuditFunc {
	actor, _ := actorOf(r)
	return func(ctx context.Context, tx *sql.Tx) error {
		name := ""
		if err := tx.QueryRowContext(ctx, p.nameQuery(), workspaceID).Scan(&name); err != nil {
			name = ""
		}
		return p.audit.AppendTx(ctx, tx, guard.Entry{
			Time: p.opts.Clock().UTC(), Action: action, Outcome: guard.OutcomeAllowed,
			Actor: actor, WorkspaceID: workspaceID, WorkspaceName: name, Reason: reason,
			RequestID: requestID(r), RemoteAddr: r.RemoteAddr, UserAgent: guard.SanitizeText(r.UserAgent()),
		})
	}
}

func (p *Platform) nameQuery() string {
	if p.store.Kind() == "postgres" {
		return `SELECT name FROM workspaces WHERE id = $1`
	}
	return `SELECT name FROM workspaces WHERE id = ?`
}

type restoreRequest struct {
	Reason string `json:"reason"`
}

func (p *Platform) handleRestore(w http.ResponseWriter, r *http.Request) {
	id, ok := workspaceID(w, r)
	if !ok {
		return
	}
	var req restoreRequest
	if err := decodeBody(w, r, &req, true); err != nil {
		writeBadRequest(w, err)
		return
	}
	reason, err := optionalReason(req.Reason)
	if err != nil {
		writeBadRequest(w, err)
		return
	}

	res, err := p.store.Restore(r.Context(), id, p.opts.Clock(), p.auditOwn(r, guard.ActionWorkspaceRestore, id, reason))
	if err != nil {
		p.writeStoreError(w, r, "restore workspace", err)
		return
	}
	p.log.Info("workspace restored", "workspace_id", id, "request_id", requestID(r),
		"schedules", res.Schedules, "tokens", res.Tokens, "children", res.Children)
	writeJSON(w, http.StatusOK, map[string]any{
		"status": res.Status,
		"restored": map[string]int{
			"schedules": res.Schedules, "tokens": res.Tokens, "children": res.Children,
		},
	})
}

// optionalReason checks the optional reason of a request guard does not see
// (restore, restart, pause, resume) with guard's own rules, so the two cannot
// drift apart. A blank reason is allowed and there is no minimum length.
func optionalReason(raw string) (string, error) {
	if strings.TrimSpace(raw) == "" {
		return "", nil
	}
	reason, err := guard.ValidateReason(raw, 1, guard.DefaultMaxReasonLen)
	if err != nil {
		return "", &badRequest{msg: err.Error()}
	}
	return reason, nil
}

func (p *Platform) handlePurge(w http.ResponseWriter, r *http.Request) {
	id, ok := workspaceID(w, r)
	if !ok {
		return
	}
	now := p.opts.Clock()
	hard := store.HardDeletion{Now: now, OnlyRemoved: true, ExpectName: confirmedName(r)}
	res, err := p.store.HardDelete(r.Context(), id, hard, guard.CommitAuditTx)
	if err != nil {
		p.writeStoreError(w, r, "purge workspace", err)
		return
	}
	p.log.Info("workspace purged early", "workspace_id", id, "request_id", requestID(r), "purged", len(res.Purged))
	writeJSON(w, http.StatusOK, map[string]any{
		"status": "purged", "purged": len(res.Purged), "hard_purged_at": timeJSON(res.HardPurgedAt),
	})
}

type restartRequest struct {
	Reset         bool   `json:"reset"`
	Template      string `json:"template"`
	ApplyTemplate bool   `json:"apply_template"`
	RebuildConfig bool   `json:"rebuild_config"`
	Reason        string `json:"reason"`
}

func (p *Platform) handleRestart(w http.ResponseWriter, r *http.Request) {
	id, ok := workspaceID(w, r)
	if !ok {
		return
	}
	var req restartRequest
	if err := decodeBody(w, r, &req, true); err != nil {
		writeBadRequest(w, err)
		return
	}
	resetParam, err := parseBoolParam(r, "reset")
	if err != nil {
		writeBadRequest(w, err)
		return
	}
	reset := req.Reset || resetParam
	reason, err := optionalReason(req.Reason)
	if err != nil {
		writeBadRequest(w, err)
		return
	}

	err = p.store.Restart(r.Context(), id, p.opts.Clock(), reset, p.auditOwn(r, guard.ActionWorkspaceRestart, id, reason))
	if err != nil {
		p.writeStoreError(w, r, "restart workspace", err)
		return
	}
	p.log.Info("workspace restarted", "workspace_id", id, "request_id", requestID(r), "reset_session", reset)
	writeJSON(w, http.StatusOK, map[string]any{
		"status": "provisioning", "config_dir": "/configs/" + id, "reset_session": reset,
	})
}

func (p *Platform) handlePause(w http.ResponseWriter, r *http.Request) {
	p.setPaused(w, r, true)
}

func (p *Platform) handleResume(w http.ResponseWriter, r *http.Request) {
	p.setPaused(w, r, false)
}

func (p *Platform) setPaused(w http.ResponseWriter, r *http.Request, paused bool) {
	id, ok := workspaceID(w, r)
	if !ok {
		return
	}
	n, err := p.store.SetPaused(r.Context(), id, paused, p.opts.Clock())
	if err != nil {
		p.writeStoreError(w, r, "pause workspace", err)
		return
	}
	if paused {
		writeJSON(w, http.StatusOK, map[string]any{"status": "paused", "paused_count": n})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "provisioning", "resumed_count": n})
}
