package platform

import (
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/wsctl/wsctl/platform/store"
)

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
	scheduleID, ok := subresourceID(w, r, "schedule_id", store.ErrScheduleNotFound)
	if !ok {
		return
	}
	patch := store.SchedulePatch{Name: req.Name, CronExpr: req.CronExpr, Timezone: req.Timezone, Prompt: req.Prompt, Enabled: req.Enabled}
	if err := p.store.UpdateSchedule(r.Context(), id, scheduleID, patch, p.opts.Clock()); err != nil {
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
	scheduleID, ok := subresourceID(w, r, "schedule_id", store.ErrScheduleNotFound)
	if !ok {
		return
	}
	if err := p.store.DeleteSchedule(r.Context(), id, scheduleID); err != nil {
		p.writeStoreError(w, r, "delete schedule", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "deleted"})
}
