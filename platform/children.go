package platform

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/wsctl/wsctl/guard"
	"github.com/wsctl/wsctl/platform/store"
)

// maxMemoriesPerPage is the most memories one list returns, as on the base
// platform: clients treat a full page as a lower bound.
const maxMemoriesPerPage = 50

// liveWorkspace checks the {id} path value and that the workspace exists and
// is not removed. Otherwise it writes the error response itself. Reads pass
// allowRemoved so that an operator can still inspect a removed workspace.
func (p *Platform) liveWorkspace(w http.ResponseWriter, r *http.Request, allowRemoved bool) (string, bool) {
	id, ok := workspaceID(w, r)
	if !ok {
		return "", false
	}
	ws, err := p.store.Workspace(r.Context(), id)
	if err != nil {
		p.writeStoreError(w, r, "read workspace", err)
		return "", false
	}
	if ws.Status == "removed" && !allowRemoved {
		p.writeStoreError(w, r, "read workspace", removedErr(ws))
		return "", false
	}
	return id, true
}

type scheduleJSON struct {
	ID          string     `json:"id"`
	WorkspaceID string     `json:"workspace_id"`
	Name        string     `json:"name"`
	CronExpr    string     `json:"cron_expr"`
	Timezone    string     `json:"timezone"`
	Prompt      string     `json:"prompt"`
	Enabled     bool       `json:"enabled"`
	LastRunAt   *time.Time `json:"last_run_at"`
	NextRunAt   *time.Time `json:"next_run_at"`
	RunCount    int        `json:"run_count"`
	LastStatus  string     `json:"last_status"`
	LastError   string     `json:"last_error"`
	Source      string     `json:"source"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

func (p *Platform) handleListSchedules(w http.ResponseWriter, r *http.Request) {
	id, ok := p.liveWorkspace(w, r, true)
	if !ok {
		return
	}
	list, err := p.store.Schedules(r.Context(), id)
	if err != nil {
		p.writeStoreError(w, r, "list schedules", err)
		return
	}
	out := make([]scheduleJSON, 0, len(list))
	for _, s := range list {
		out = append(out, scheduleJSON{
			ID: s.ID, WorkspaceID: s.WorkspaceID, Name: s.Name, CronExpr: s.CronExpr, Timezone: s.Timezone,
			Prompt: s.Prompt, Enabled: s.Enabled, LastRunAt: utc(s.LastRunAt), NextRunAt: utc(s.NextRunAt),
			RunCount: s.RunCount, LastStatus: s.LastStatus, LastError: s.LastError, Source: s.Source,
			CreatedAt: s.CreatedAt.UTC(), UpdatedAt: s.UpdatedAt.UTC(),
		})
	}
	writeJSON(w, http.StatusOK, out)
}

type scheduleRequest struct {
	Name     *string `json:"name"`
	CronExpr *string `json:"cron_expr"`
	Timezone *string `json:"timezone"`
	Prompt   *string `json:"prompt"`
	Enabled  *bool   `json:"enabled"`
}

func (req scheduleRequest) validate(create bool) error {
	if create && (req.Name == nil || req.CronExpr == nil) {
		return badRequestf("missing name or cron_expr: a schedule needs both")
	}
	if req.Name != nil {
		if err := validateName("name", *req.Name); err != nil {
			return err
		}
	}
	if req.CronExpr != nil && len(strings.Fields(*req.CronExpr)) != 5 {
		return badRequestf("invalid cron_expr %q: use five space-separated fields, such as \"0 9 * * 1\"", *req.CronExpr)
	}
	if req.Timezone != nil {
		if _, err := time.LoadLocation(*req.Timezone); err != nil || *req.Timezone == "" {
			return badRequestf("invalid timezone %q: use an IANA name such as Europe/Berlin", *req.Timezone)
		}
	}
	return nil
}

func (p *Platform) handleCreateSchedule(w http.ResponseWriter, r *http.Request) {
	id, ok := p.liveWorkspace(w, r, false)
	if !ok {
		return
	}
	var req scheduleRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		writeBadRequest(w, err)
		return
	}
	if err := req.validate(true); err != nil {
		writeBadRequest(w, err)
		return
	}
	now := p.opts.Clock().UTC()
	s := store.Schedule{
		ID: uuid.NewString(), WorkspaceID: id, Name: *req.Name, CronExpr: *req.CronExpr,
		Timezone: deref(req.Timezone, "UTC"), Prompt: deref(req.Prompt, ""), Enabled: req.Enabled == nil || *req.Enabled,
		Source: "api", CreatedAt: now,
	}
	if err := p.store.CreateSchedule(r.Context(), s); err != nil {
		p.writeStoreError(w, r, "create schedule", err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": s.ID, "status": "created"})
}

func deref(v *string, def string) string {
	if v == nil {
		return def
	}
	return *v
}

func (p *Platform) handlePatchSchedule(w http.ResponseWriter, r *http.Request) {
	id, ok := p.liveWorkspace(w, r, false)
	if !ok {
		return
	}
	var req scheduleRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		writeBadRequest(w, err)
		return
	}
	if err := req.validate(false); err != nil {
		writeBadRequest(w, err)
		return
	}
	patch := store.SchedulePatch{Name: req.Name, CronExpr: req.CronExpr, Timezone: req.Timezone, Prompt: req.Prompt, Enabled: req.Enabled}
	if err := p.store.UpdateSchedule(r.Context(), id, r.PathValue("schedule_id"), patch, p.opts.Clock()); err != nil {
		p.writeStoreError(w, r, "update schedule", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "updated"})
}

func (p *Platform) handleDeleteSchedule(w http.ResponseWriter, r *http.Request) {
	id, ok := p.liveWorkspace(w, r, false)
	if !ok {
		return
	}
	if err := p.store.DeleteSchedule(r.Context(), id, r.PathValue("schedule_id")); err != nil {
		p.writeStoreError(w, r, "delete schedule", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "deleted"})
}

func (p *Platform) handleListMemories(w http.ResponseWriter, r *http.Request) {
	id, ok := p.liveWorkspace(w, r, true)
	if !ok {
		return
	}
	limit := maxMemoriesPerPage
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, http.StatusBadRequest, "invalid limit "+strconv.Quote(v)+": use a positive integer")
			return
		}
		limit = min(n, maxMemoriesPerPage)
	}
	list, err := p.store.Memories(r.Context(), id, limit)
	if err != nil {
		p.writeStoreError(w, r, "list memories", err)
		return
	}
	out := make([]map[string]any, 0, len(list))
	for _, m := range list {
		out = append(out, map[string]any{
			"id": m.ID, "workspace_id": m.WorkspaceID, "content": m.Content, "scope": m.Scope,
			"namespace": m.Namespace, "created_at": timeJSON(m.CreatedAt),
		})
	}
	writeJSON(w, http.StatusOK, out)
}

type memoryRequest struct {
	Content   string `json:"content"`
	Scope     string `json:"scope"`
	Namespace string `json:"namespace"`
}

func (p *Platform) handleCreateMemory(w http.ResponseWriter, r *http.Request) {
	id, ok := p.liveWorkspace(w, r, false)
	if !ok {
		return
	}
	var req memoryRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		writeBadRequest(w, err)
		return
	}
	if strings.TrimSpace(req.Content) == "" {
		writeError(w, http.StatusBadRequest, "missing content: a memory needs non-blank content")
		return
	}
	m := store.Memory{
		ID: uuid.NewString(), WorkspaceID: id, Content: req.Content,
		Scope: orDefault(req.Scope, "workspace"), Namespace: orDefault(req.Namespace, "default"), CreatedAt: p.opts.Clock(),
	}
	if err := p.store.CreateMemory(r.Context(), m); err != nil {
		p.writeStoreError(w, r, "create memory", err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": m.ID, "status": "created"})
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func (p *Platform) handleDeleteMemory(w http.ResponseWriter, r *http.Request) {
	id, ok := p.liveWorkspace(w, r, false)
	if !ok {
		return
	}
	memoryID := r.PathValue("memory_id")
	if err := p.store.DeleteMemory(r.Context(), id, memoryID, guard.CommitAuditTx); err != nil {
		p.writeStoreError(w, r, "delete memory", err)
		return
	}
	p.log.Info("memory deleted", "workspace_id", id, "memory_id", memoryID, "request_id", requestID(r))
	writeJSON(w, http.StatusOK, map[string]string{"status": "deleted"})
}

func (p *Platform) handleListKeyValues(w http.ResponseWriter, r *http.Request) {
	id, ok := p.liveWorkspace(w, r, true)
	if !ok {
		return
	}
	list, err := p.store.KeyValues(r.Context(), id)
	if err != nil {
		p.writeStoreError(w, r, "list key/value memory", err)
		return
	}
	out := make([]map[string]any, 0, len(list))
	for _, kv := range list {
		out = append(out, map[string]any{
			"key": kv.Key, "value": kv.Value, "version": kv.Version,
			"expires_at": utc(kv.ExpiresAt), "updated_at": timeJSON(kv.UpdatedAt),
		})
	}
	writeJSON(w, http.StatusOK, out)
}

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
