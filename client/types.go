package client

import (
	"encoding/json"
	"time"
)

// Workspace statuses the platform documents. Status is an open set: a value
// not listed here is kept as an opaque string, never rejected.
const (
	StatusProvisioning = "provisioning"
	StatusOnline       = "online"
	StatusOffline      = "offline"
	StatusDegraded     = "degraded"
	StatusFailed       = "failed"
	StatusRemoved      = "removed"
	StatusPaused       = "paused"
	StatusHibernated   = "hibernated"
)

// Workspace is one agent workspace as GET /workspaces and GET
// /workspaces/{id} return it. The single-workspace form omits the sensitive
// fields and adds LastOutboundAt. RemovedAt and RestorableUntil are set only
// for removed workspaces on a guarded platform.
type Workspace struct {
	ID                 string          `json:"id"`
	Name               string          `json:"name"`
	Role               *string         `json:"role"`
	Tier               int             `json:"tier"`
	Status             string          `json:"status"`
	URL                string          `json:"url,omitempty"`
	ParentID           *string         `json:"parent_id"`
	ActiveTasks        int             `json:"active_tasks"`
	MaxConcurrentTasks int             `json:"max_concurrent_tasks,omitempty"`
	LastErrorRate      float64         `json:"last_error_rate,omitempty"`
	LastSampleError    string          `json:"last_sample_error,omitempty"`
	UptimeSeconds      int64           `json:"uptime_seconds,omitempty"`
	CurrentTask        string          `json:"current_task,omitempty"`
	Runtime            string          `json:"runtime,omitempty"`
	WorkspaceDir       string          `json:"workspace_dir,omitempty"`
	MonthlySpend       float64         `json:"monthly_spend,omitempty"`
	BudgetLimit        *float64        `json:"budget_limit,omitempty"`
	X                  float64         `json:"x,omitempty"`
	Y                  float64         `json:"y,omitempty"`
	Collapsed          bool            `json:"collapsed,omitempty"`
	AgentCard          json.RawMessage `json:"agent_card,omitempty"`
	LastOutboundAt     *time.Time      `json:"last_outbound_at,omitempty"`
	Warnings           []Warning       `json:"warnings,omitempty"`
	RemovedAt          *time.Time      `json:"removed_at,omitempty"`
	RestorableUntil    *time.Time      `json:"restorable_until,omitempty"`

	// ETag is the response's ETag header from GetWorkspace, for If-Match on a
	// later destructive request. It is empty in list items and on platforms
	// that send no ETag.
	ETag string `json:"-"`
	// Budget is the destructive budget from the X-Destructive-Budget-*
	// headers of GetWorkspace, or nil when the platform sent none.
	Budget *Budget `json:"-"`
	// Raw is the workspace object exactly as the server sent it, including
	// fields this type does not model.
	Raw json.RawMessage `json:"-"`
}

// Warning is a condition the server observed on a workspace, such as an
// agent session that has reported active tasks for too long.
type Warning struct {
	// Code identifies the warning, for example WarningSessionLikelyStuck.
	Code string `json:"code"`
	// Severity is "warn" or another server-defined level.
	Severity        string         `json:"severity"`
	FirstObservedAt time.Time      `json:"first_observed_at"`
	DurationSeconds int64          `json:"duration_seconds"`
	Hint            string         `json:"hint,omitempty"`
	Action          *WarningAction `json:"action,omitempty"`
}

// WarningSessionLikelyStuck is the warning code for a workspace whose
// active_tasks stayed above zero longer than the server's threshold.
// Restarting the workspace resets the agent session.
const WarningSessionLikelyStuck = "session_likely_stuck"

// WarningAction is the request the server suggests to clear a warning.
type WarningAction struct {
	Method string `json:"method"`
	Path   string `json:"path"`
}

// WorkspaceRef names a workspace by id and name, as the base platform's 409
// on a cascading delete lists children.
type WorkspaceRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Schedule is a cron schedule of a workspace. Listings include disabled
// schedules, with Enabled false.
type Schedule struct {
	ID          string     `json:"id"`
	WorkspaceID string     `json:"workspace_id"`
	Name        string     `json:"name"`
	CronExpr    string     `json:"cron_expr"`
	Timezone    string     `json:"timezone,omitempty"`
	Prompt      string     `json:"prompt,omitempty"`
	Enabled     bool       `json:"enabled"`
	LastRunAt   *time.Time `json:"last_run_at,omitempty"`
	NextRunAt   *time.Time `json:"next_run_at,omitempty"`
	RunCount    int        `json:"run_count"`
	LastStatus  string     `json:"last_status,omitempty"`
	LastError   string     `json:"last_error,omitempty"`
	Source      string     `json:"source,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// Memory is one stored agent memory of a workspace.
type Memory struct {
	ID          string    `json:"id"`
	WorkspaceID string    `json:"workspace_id"`
	Content     string    `json:"content"`
	Scope       string    `json:"scope,omitempty"`
	Namespace   string    `json:"namespace,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// BaseMemoryListLimit is the maximum number of rows GET
// /workspaces/{id}/memories returns on the base platform, whatever limit the
// request sets. A list of this length may be truncated.
const BaseMemoryListLimit = 50

// Budget is the destructive-action budget a guarded platform reports in the
// X-Destructive-Budget-* headers. Reset is passed through as the server
// wrote it.
type Budget struct {
	Limit     int
	Remaining int
	Reset     string
}
