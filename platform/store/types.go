package store

import (
	"encoding/json"
	"time"
)

// Workspace is one row of the workspaces table plus its impact counts.
// Status is the stored status: "provisioning" turns into "online" only in
// what the HTTP layer reports, once the provision delay has passed.
type Workspace struct {
	ID                  string
	Name                string
	Role                *string
	Tier                int
	Status              string
	URL                 string
	ParentID            *string
	ActiveTasks         int
	ActiveSince         *time.Time
	MaxConcurrentTasks  int
	LastErrorRate       float64
	LastSampleError     string
	UptimeSeconds       int64
	CurrentTask         string
	Runtime             string
	WorkspaceDir        string
	MonthlySpend        float64
	BudgetLimit         float64
	X, Y                float64
	Collapsed           bool
	Disabled            bool
	AgentCard           json.RawMessage
	LastOutboundAt      *time.Time
	ProvisionStartedAt  *time.Time
	StatusBeforeRemoval string
	RemovedAt           *time.Time
	RestorableUntil     *time.Time
	DeletionID          string
	// SessionResetAt is when a restart with reset last discarded the
	// agent's session volume, or nil.
	SessionResetAt *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time

	Impact Impact
}

// Impact counts what a destructive action on a workspace affects.
// ChildCount counts live direct children.
type Impact struct {
	ActiveTasks          int
	ChildCount           int
	ScheduleCount        int
	EnabledScheduleCount int
	MemoryCount          int
	TokenCount           int
	// Descendants sums the same counts over every live workspace below
	// this one. Only Store.Workspace fills it.
	Descendants ImpactTotals
}

// ImpactTotals sums impact counts over several workspaces. Count is the
// number of workspaces.
type ImpactTotals struct {
	Count                int
	ActiveTasks          int
	ScheduleCount        int
	EnabledScheduleCount int
	MemoryCount          int
	TokenCount           int
}

// Patch lists the workspace fields a PATCH request changes; nil leaves a
// field as it is. ClearRole and ClearParent set the column to NULL.
type Patch struct {
	Name         *string
	Role         *string
	ClearRole    bool
	Tier         *int
	ParentID     *string
	ClearParent  bool
	Runtime      *string
	WorkspaceDir *string
	Collapsed    *bool
	X, Y         *float64
	Disabled     *bool
	// ExpectName, when set, is the name the caller confirmed. A workspace
	// renamed since returns ErrNameChanged and nothing changes.
	ExpectName string
}

// Deletion describes a soft delete. ID marks every row the delete touches so
// that a restore brings back exactly those rows.
type Deletion struct {
	ID      string
	Now     time.Time
	Window  time.Duration
	Cascade bool
	// CascadeIDs are the live descendants the caller listed, charged to the
	// budget and audits. A delete that finds any other set of live
	// descendants returns ErrTreeChanged and changes nothing.
	CascadeIDs []string
	// ExpectName is as in Patch.
	ExpectName string
}

// DeleteResult reports a soft delete.
type DeleteResult struct {
	CascadeDeleted    int
	SchedulesDisabled int
	TokensRevoked     int
	RemovedAt         time.Time
	RestorableUntil   time.Time
}

// HardDeletion describes an immediate purge. OnlyRemoved refuses a live
// workspace with ErrNotRemoved; otherwise a live workspace with live
// children needs Cascade.
type HardDeletion struct {
	Now         time.Time
	Cascade     bool
	OnlyRemoved bool
	// CascadeIDs lists what PurgeDescendants returned: the live
	// descendants of a live workspace, or the children a removed
	// workspace's deletion took along. A purge that finds any other set
	// returns ErrTreeChanged and changes nothing.
	CascadeIDs []string
	// ExpectName is as in Patch.
	ExpectName string
}

// PurgeResult reports an immediate purge.
type PurgeResult struct {
	Purged       []Tombstone
	HardPurgedAt time.Time
}

// RestoreResult reports a restore.
type RestoreResult struct {
	Status    string
	Schedules int
	Tokens    int
	Children  int
}

// Tombstone is the record kept of a purged workspace.
type Tombstone struct {
	ID           string
	Name         string
	RemovedAt    *time.Time
	HardPurgedAt time.Time
}

// Token is an org or workspace credential. Only its sha256 and an
// 8-character prefix are stored.
type Token struct {
	ID          string
	Kind        string // "org" or "workspace"
	WorkspaceID string // empty for org tokens
	Prefix      string
	Hash        string
	Label       string
	CreatedAt   time.Time
}

// Heartbeat carries an agent's report.
type Heartbeat struct {
	WorkspaceID   string
	ActiveTasks   int
	CurrentTask   string
	UptimeSeconds int64
	ErrorRate     float64
	SampleError   string
}

// Schedule is a cron job of a workspace.
type Schedule struct {
	ID          string
	WorkspaceID string
	Name        string
	CronExpr    string
	Timezone    string
	Prompt      string
	Enabled     bool
	LastRunAt   *time.Time
	NextRunAt   *time.Time
	RunCount    int
	LastStatus  string
	LastError   string
	Source      string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// SchedulePatch lists the schedule fields a PATCH changes.
type SchedulePatch struct {
	Name     *string
	CronExpr *string
	Timezone *string
	Prompt   *string
	Enabled  *bool
}

// Memory is one stored agent memory.
type Memory struct {
	ID          string
	WorkspaceID string
	Content     string
	Scope       string
	Namespace   string
	CreatedAt   time.Time
}

// KeyValue is one entry of a workspace's key/value memory.
type KeyValue struct {
	WorkspaceID string
	Key         string
	Value       json.RawMessage
	Version     int
	ExpiresAt   *time.Time
	UpdatedAt   time.Time
}
