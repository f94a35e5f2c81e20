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

// ownEntry returns the allowed entry of an action that guard does not cover
// (restore, restart, pause, resume), without a workspace.
func (p *Platform) ownEntry(r *http.Request, action guard.Action, reason string) guard.Entry {
	actor, _ := actorOf(r)
	return guard.Entry{
		Time: p.opts.Clock().UTC(), Action: action, Outcome: guard.OutcomeAllowed,
		Actor: actor, Reason: reason, RequestID: requestID(r), RemoteAddr: r.RemoteAddr,
		UserAgent: guard.SanitizeText(r.UserAgent()),
	}
}

// auditOwn returns an AuditFunc writing the allowed entry of an action on
// one workspace that guard does not cover (restart), inside the store's
// transaction.
func (p *Platform) auditOwn(r *http.Request, action guard.Action, workspaceID, reason string) store.AuditFunc {
	e := p.ownEntry(r, action, reason)
	e.WorkspaceID = workspaceID
	return func(ctx context.Context, tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, p.nameQuery(), workspaceID).Scan(&e.WorkspaceName); err != nil {
			e.WorkspaceName = ""
		}
		return p.audit.AppendTx(ctx, tx, e)
	}
}

// auditTree returns a TreeAuditFunc for an action that guard does not cover
// and that can reach several workspaces (restore, pause, resume). It writes
// one allowed entry per affected workspace, with the same actor, reason and
// request id, as a cascading delete does.
func (p *Platform) auditTree(r *http.Request, action guard.Action, reason string) store.TreeAuditFunc {
	base := p.ownEntry(r, action, reason)
	return func(ctx context.Context, tx *sql.Tx, affected []store.ChildRef) error {
		for _, ref := range affected {
			e := base
			e.WorkspaceID, e.WorkspaceName = ref.ID, ref.Name
			if err := p.audit.AppendTx(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	}
}

func (p *Platform) nameQuery() string {
	if p.store.Kind() == "postgres" {
		return `SELECT name FROM workspaces WHERE id = $1`
	}
	return `SELECT name FROM workspaces WHERE id = ?`
}

// reasonRequest is the optional body of restore, pause and resume.
type reasonRequest struct {
	Reason string `json:"reason"`
}

// readReasonBody decodes an optional {"reason"} body and checks the reason.
// It writes the 400 itself and reports false when the body is invalid.
func readReasonBody(w http.ResponseWriter, r *http.Request) (reason string, ok bool) {
	var req reasonRequest
	if err := decodeBody(w, r, &req, true); err != nil {
		writeBadRequest(w, err)
		return "", false
	}
	reason, err := optionalReason(req.Reason)
	if err != nil {
		writeBadRequest(w, err)
		return "", false
	}
	return reason, true
}

func (p *Platform) handleRestore(w http.ResponseWriter, r *http.Request) {
	id, ok := workspaceID(w, r)
	if !ok {
		return
	}
	reason, ok := readReasonBody(w, r)
	if !ok {
		return
	}

	res, err := p.store.Restore(r.Context(), id, p.opts.Clock(), p.auditTree(r, guard.ActionWorkspaceRestore, reason))
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
	if !bodyIsUTF8(w, r) {
		return
	}
	below, ok := p.chargePurge(w, r, id, false)
	if !ok {
		return
	}
	now := p.opts.Clock()
	hard := store.HardDeletion{Now: now, OnlyRemoved: true, CascadeIDs: refIDs(below), ExpectName: confirmedName(r)}
	res, err := p.store.HardDelete(r.Context(), id, hard, p.auditCascade(below))
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

// setPaused pauses or resumes a workspace. An org token reaches the
// workspace and every live workspace below it. A workspace token reaches
// its own workspace only, so that an agent's credential cannot stop a whole
// tree.
func (p *Platform) setPaused(w http.ResponseWriter, r *http.Request, paused bool) {
	id, ok := workspaceID(w, r)
	if !ok {
		return
	}
	reason, ok := readReasonBody(w, r)
	if !ok {
		return
	}
	caller, _ := principalFrom(r.Context())
	subtree := caller.actor.Kind == "org"
	action, op := guard.ActionWorkspaceResume, "resume workspace"
	if paused {
		action, op = guard.ActionWorkspacePause, "pause workspace"
	}

	n, err := p.store.SetPaused(r.Context(), id, paused, subtree, p.opts.Clock(), p.auditTree(r, action, reason))
	if err != nil {
		p.writeStoreError(w, r, op, err)
		return
	}
	p.log.Info("workspace "+pastTense(paused), "workspace_id", id, "request_id", requestID(r),
		"actor", caller.actor.Key(), "subtree", subtree, "changed", n)
	if paused {
		writeJSON(w, http.StatusOK, map[string]any{"status": "paused", "paused_count": n})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "provisioning", "resumed_count": n})
}

func pastTense(paused bool) string {
	if paused {
		return "paused"
	}
	return "resumed"
}
