package platform

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/google/uuid"

	"github.com/wsctl/wsctl/guard"
	"github.com/wsctl/wsctl/platform/store"
)

// workspaceID reads and checks the {id} path value. When it is not a UUID,
// it writes the 400 response itself and returns false.
func workspaceID(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("id")
	if !validUUID(id) {
		writeError(w, http.StatusBadRequest, "invalid workspace ID")
		return "", false
	}
	return id, true
}

// resolveWorkspace is guard's Resolver. It returns removed workspaces too,
// with status "removed", so that purge and delete?purge=true work on them;
// a purged or unknown id wraps guard.ErrNotFound.
func (p *Platform) resolveWorkspace(ctx context.Context, id string) (guard.Target, error) {
	if !validUUID(id) {
		return guard.Target{}, guard.ErrNotFound
	}
	ws, err := p.store.Workspace(ctx, id)
	var purged *store.PurgedError
	if errors.Is(err, store.ErrNotFound) || errors.As(err, &purged) {
		return guard.Target{}, guard.ErrNotFound
	}
	if err != nil {
		return guard.Target{}, err
	}
	now := p.opts.Clock()
	return guard.Target{
		ID: ws.ID, Name: ws.Name, Status: p.status(ws, now),
		ETag: p.etag(ws, now), Impact: guardImpact(ws.Impact, cascadeRequested(ctx)),
	}, nil
}

func (p *Platform) handleListWorkspaces(w http.ResponseWriter, r *http.Request) {
	showRemoved, err := parseBoolParam(r, "show_removed")
	if err != nil {
		writeBadRequest(w, err)
		return
	}
	list, err := p.store.Workspaces(r.Context(), showRemoved)
	if err != nil {
		p.writeStoreError(w, r, "list workspaces", err)
		return
	}
	now := p.opts.Clock()
	out := make([]workspaceJSON, 0, len(list))
	for _, ws := range list {
		out = append(out, p.view(ws, now, true))
	}
	writeJSON(w, http.StatusOK, out)
}

func (p *Platform) handleGetWorkspace(w http.ResponseWriter, r *http.Request) {
	id, ok := workspaceID(w, r)
	if !ok {
		return
	}
	ws, err := p.store.Workspace(r.Context(), id)
	if err != nil {
		p.writeStoreError(w, r, "get workspace", err)
		return
	}
	if ws.Status == "removed" {
		p.writeStoreError(w, r, "get workspace", removedErr(ws))
		return
	}
	now := p.opts.Clock()
	w.Header().Set("ETag", p.etag(ws, now))
	writeJSON(w, http.StatusOK, p.view(ws, now, false))
}

// handleImpact always sends "warnings", an empty array when there are none,
// so that a client can tell it needs no GET /workspaces/{id} for them. It
// sends "restore_window_seconds" so that a client can say before a delete
// how long the workspace stays restorable.
func (p *Platform) handleImpact(w http.ResponseWriter, r *http.Request) {
	id, ok := workspaceID(w, r)
	if !ok {
		return
	}
	ws, err := p.store.Workspace(r.Context(), id)
	if err != nil {
		p.writeStoreError(w, r, "read impact", err)
		return
	}
	now := p.opts.Clock()
	etag := p.etag(ws, now)
	i := ws.Impact
	w.Header().Set("ETag", etag)
	writeJSON(w, http.StatusOK, map[string]any{
		"workspace_id": ws.ID, "name": ws.Name, "status": p.status(ws, now),
		"active_tasks": i.ActiveTasks, "child_count": i.ChildCount, "schedule_count": i.ScheduleCount,
		"enabled_schedule_count": i.EnabledScheduleCount, "memory_count": i.MemoryCount,
		"token_count": i.TokenCount, "descendants": descendantTotals(i.Descendants), "etag": etag,
		"warnings": p.warnings(ws, now), "restore_window_seconds": int64(p.opts.RestoreWindow.Seconds()),
	})
}

type createWorkspaceRequest struct {
	Name               string          `json:"name"`
	Role               *string         `json:"role"`
	Tier               *int            `json:"tier"`
	ParentID           *string         `json:"parent_id"`
	Runtime            string          `json:"runtime"`
	WorkspaceDir       string          `json:"workspace_dir"`
	URL                string          `json:"url"`
	MaxConcurrentTasks *int            `json:"max_concurrent_tasks"`
	BudgetLimit        float64         `json:"budget_limit"`
	AgentCard          json.RawMessage `json:"agent_card"`
}

func (p *Platform) handleCreateWorkspace(w http.ResponseWriter, r *http.Request) {
	var req createWorkspaceRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		writeBadRequest(w, err)
		return
	}
	if err := validateName("name", req.Name); err != nil {
		writeBadRequest(w, err)
		return
	}
	if req.ParentID != nil && !validUUID(*req.ParentID) {
		writeError(w, http.StatusBadRequest, "invalid parent_id: must be a workspace UUID")
		return
	}

	now := p.opts.Clock().UTC()
	ws := store.Workspace{
		ID: uuid.NewString(), Name: req.Name, Role: req.Role, Tier: intOr(req.Tier, 1), Status: "provisioning",
		URL: req.URL, ParentID: req.ParentID, MaxConcurrentTasks: intOr(req.MaxConcurrentTasks, 1),
		Runtime: req.Runtime, WorkspaceDir: req.WorkspaceDir, BudgetLimit: req.BudgetLimit,
		AgentCard: req.AgentCard, ProvisionStartedAt: &now, CreatedAt: now,
	}
	if err := p.store.CreateWorkspace(r.Context(), ws); err != nil {
		p.writeStoreError(w, r, "create workspace", err)
		return
	}
	created, err := p.store.Workspace(r.Context(), ws.ID)
	if err != nil {
		p.writeStoreError(w, r, "create workspace", err)
		return
	}
	w.Header().Set("Location", "/workspaces/"+ws.ID)
	writeJSON(w, http.StatusCreated, p.view(created, now, true))
}

func intOr(v *int, def int) int {
	if v == nil {
		return def
	}
	return *v
}

// patchWorkspaceRequest uses json.RawMessage for the nullable fields so that
// an explicit null clears them.
type patchWorkspaceRequest struct {
	Name         *string         `json:"name"`
	Role         json.RawMessage `json:"role"`
	Tier         *int            `json:"tier"`
	ParentID     json.RawMessage `json:"parent_id"`
	Runtime      *string         `json:"runtime"`
	WorkspaceDir *string         `json:"workspace_dir"`
	Collapsed    *bool           `json:"collapsed"`
	X            *float64        `json:"x"`
	Y            *float64        `json:"y"`
	Disabled     *bool           `json:"disabled"`
	Reason       string          `json:"reason"`
}

func (p *Platform) handlePatchWorkspace(w http.ResponseWriter, r *http.Request) {
	id, ok := workspaceID(w, r)
	if !ok {
		return
	}
	var req patchWorkspaceRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		writeBadRequest(w, err)
		return
	}
	patch, err := req.toPatch()
	if err != nil {
		writeBadRequest(w, err)
		return
	}

	var audit store.AuditFunc
	if patch.Disabled != nil && *patch.Disabled {
		audit = guard.CommitAuditTx
		patch.ExpectName = confirmedName(r)
	}
	if err := p.store.UpdateWorkspace(r.Context(), id, patch, p.opts.Clock(), audit); err != nil {
		p.writeStoreError(w, r, "update workspace", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "updated"})
}

func (req patchWorkspaceRequest) toPatch() (store.Patch, error) {
	patch := store.Patch{
		Name: req.Name, Tier: req.Tier, Runtime: req.Runtime, WorkspaceDir: req.WorkspaceDir,
		Collapsed: req.Collapsed, X: req.X, Y: req.Y, Disabled: req.Disabled,
	}
	if req.Name != nil {
		if err := validateName("name", *req.Name); err != nil {
			return patch, err
		}
	}
	if (req.X == nil) != (req.Y == nil) {
		return patch, badRequestf("invalid position: send x and y together")
	}
	var err error
	if patch.Role, patch.ClearRole, err = nullableString("role", req.Role); err != nil {
		return patch, err
	}
	if patch.ParentID, patch.ClearParent, err = nullableString("parent_id", req.ParentID); err != nil {
		return patch, err
	}
	if patch.ParentID != nil && !validUUID(*patch.ParentID) {
		return patch, badRequestf("invalid parent_id: must be a workspace UUID or null")
	}
	return patch, nil
}

// nullableString decodes a field that may be absent, null or a string.
func nullableString(field string, raw json.RawMessage) (value *string, clear bool, err error) {
	if len(raw) == 0 {
		return nil, false, nil
	}
	if string(raw) == "null" {
		return nil, true, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, false, badRequestf("invalid %s: must be a string or null", field)
	}
	return &s, false, nil
}

func (p *Platform) handleDeleteWorkspace(w http.ResponseWriter, r *http.Request) {
	id, ok := workspaceID(w, r)
	if !ok {
		return
	}
	if !bodyIsUTF8(w, r) {
		return
	}
	confirm, err := parseBoolParam(r, "confirm")
	if err != nil {
		writeBadRequest(w, err)
		return
	}
	purge, err := parseBoolParam(r, "purge")
	if err != nil {
		writeBadRequest(w, err)
		return
	}
	if purge {
		p.purgeOnDelete(w, r, id, confirm)
		return
	}
	cascade, ok := p.chargeCascade(w, r, id, confirm)
	if !ok {
		return
	}

	deletion := store.Deletion{
		ID: uuid.NewString(), Now: p.opts.Clock(), Window: p.opts.RestoreWindow,
		Cascade: confirm, CascadeIDs: refIDs(cascade), ExpectName: confirmedName(r),
	}
	res, err := p.store.SoftDelete(r.Context(), id, deletion, p.auditCascade(cascade))
	if err != nil {
		p.writeStoreError(w, r, "delete workspace", err)
		return
	}
	p.log.Info("workspace removed", "workspace_id", id, "request_id", requestID(r),
		"cascade_deleted", res.CascadeDeleted, "schedules_disabled", res.SchedulesDisabled, "tokens_revoked", res.TokensRevoked)
	writeJSON(w, http.StatusOK, map[string]any{
		"status": "removed", "cascade_deleted": res.CascadeDeleted,
		"removed_at": timeJSON(res.RemovedAt), "restorable_until": timeJSON(res.RestorableUntil),
	})
}

// purgeOnDelete serves DELETE ?purge=true: a hard delete of a live or
// removed workspace.
func (p *Platform) purgeOnDelete(w http.ResponseWriter, r *http.Request, id string, confirm bool) {
	cascade, ok := p.chargePurge(w, r, id, confirm)
	if !ok {
		return
	}
	hard := store.HardDeletion{Now: p.opts.Clock(), Cascade: confirm, CascadeIDs: refIDs(cascade), ExpectName: confirmedName(r)}
	res, err := p.store.HardDelete(r.Context(), id, hard, p.auditCascade(cascade))
	if err != nil {
		p.writeStoreError(w, r, "purge workspace", err)
		return
	}
	p.log.Info("workspace purged on delete", "workspace_id", id, "request_id", requestID(r), "purged", len(res.Purged))
	writeJSON(w, http.StatusOK, map[string]any{
		"status": "purged", "cascade_deleted": len(res.Purged) - 1, "hard_purged_at": timeJSON(res.HardPurgedAt),
	})
}

func removedErr(ws store.Workspace) *store.RemovedError {
	e := &store.RemovedError{}
	if ws.RemovedAt != nil {
		e.RemovedAt = *ws.RemovedAt
	}
	if ws.RestorableUntil != nil {
		e.RestorableUntil = *ws.RestorableUntil
	}
	return e
}
