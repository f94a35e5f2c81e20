// Package store keeps the reference platform's workspaces, schedules,
// memories, tokens and tombstones in SQL. SQLite serves one replica; Postgres
// serves several replicas sharing one database. Both implementations run the
// same queries through database/sql, so a caller can write its audit entry on
// the *sql.Tx that carries the change it records.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// AuditFunc writes the audit entry of a change on the transaction that makes
// the change. An error rolls the change back.
type AuditFunc func(ctx context.Context, tx *sql.Tx) error

// TreeAuditFunc writes the audit entries of a change that reaches several
// workspaces, on the transaction that makes the change. affected lists the
// workspace in the request path first, then the others the change reached.
// An error rolls the change back.
type TreeAuditFunc func(ctx context.Context, tx *sql.Tx, affected []ChildRef) error

// PurgeAuditFunc writes the audit entry of one purged workspace.
type PurgeAuditFunc func(ctx context.Context, tx *sql.Tx, t Tombstone) error

// Store is the platform's storage. Every method that changes state commits
// the change and its audit entry in one transaction.
type Store interface {
	// Kind returns "sqlite" or "postgres".
	Kind() string
	DB() *sql.DB
	Dialect() Dialect
	// Rebind rewrites a query written with "?" placeholders for the dialect.
	Rebind(query string) string
	Close() error
	// Empty reports whether the database holds no workspace and no token.
	Empty(ctx context.Context) (bool, error)

	// Setting returns the value stored under key, or "" when there is none.
	Setting(ctx context.Context, key string) (string, error)
	// SetSetting stores value under key, replacing any earlier value.
	SetSetting(ctx context.Context, key, value string) error

	CreateToken(ctx context.Context, t Token) error
	// TokenByHash returns ErrNotFound for an unknown or revoked token.
	TokenByHash(ctx context.Context, hash string) (Token, error)

	CreateWorkspace(ctx context.Context, w Workspace) error
	// Workspace returns a live or removed workspace with its impact counts.
	// A purged id returns a *PurgedError; an unknown id ErrNotFound.
	Workspace(ctx context.Context, id string) (Workspace, error)
	Workspaces(ctx context.Context, showRemoved bool) ([]Workspace, error)
	UpdateWorkspace(ctx context.Context, id string, p Patch, now time.Time, audit AuditFunc) error

	// LiveDescendants returns the live workspaces below id, breadth first, or
	// none when id is removed. Unknown ids return ErrNotFound.
	LiveDescendants(ctx context.Context, id string) ([]ChildRef, error)
	// PurgeDescendants returns the workspaces below id that HardDelete
	// takes along: the live descendants of a live workspace, or the
	// descendants a removed workspace's deletion took along. removed
	// reports which case applies. Unknown ids return ErrNotFound.
	PurgeDescendants(ctx context.Context, id string) (refs []ChildRef, removed bool, err error)
	SoftDelete(ctx context.Context, id string, d Deletion, audit AuditFunc) (DeleteResult, error)
	HardDelete(ctx context.Context, id string, h HardDeletion, audit AuditFunc) (PurgeResult, error)
	// Restore brings back a removed workspace and the children its deletion
	// took along, and passes all of them to audit. It returns a
	// ParentRemovedError, and changes nothing, while the parent is removed.
	Restore(ctx context.Context, id string, now time.Time, audit TreeAuditFunc) (RestoreResult, error)
	// PurgeExpired hard-deletes up to limit removed workspaces whose restore
	// window ended before now. Concurrent callers never purge the same row.
	PurgeExpired(ctx context.Context, now time.Time, limit int, audit PurgeAuditFunc) ([]Tombstone, error)
	DeleteTombstones(ctx context.Context, purgedBefore time.Time) (int, error)

	// Restart sets a live workspace provisioning and clears its active
	// tasks, current task and active-since time, as re-provisioning the
	// agent ends the work in flight. With reset it also sets SessionResetAt,
	// standing in for discarding the agent's session volume.
	Restart(ctx context.Context, id string, now time.Time, reset bool, audit AuditFunc) error
	// SetPaused pauses or resumes a workspace and, with subtree, its live
	// descendants, and returns how many workspaces changed. It passes audit
	// the workspace id names and each descendant whose status changed.
	SetPaused(ctx context.Context, id string, paused, subtree bool, now time.Time, audit TreeAuditFunc) (int, error)
	Heartbeat(ctx context.Context, h Heartbeat, now time.Time) error

	Schedules(ctx context.Context, workspaceID string) ([]Schedule, error)
	CreateSchedule(ctx context.Context, s Schedule) error
	UpdateSchedule(ctx context.Context, workspaceID, id string, p SchedulePatch, now time.Time) error
	DeleteSchedule(ctx context.Context, workspaceID, id string) error

	Memories(ctx context.Context, workspaceID string, limit int) ([]Memory, error)
	CreateMemory(ctx context.Context, m Memory) error
	// DeleteMemory hard-deletes one memory of a live workspace. A non-empty
	// expectName is the workspace name the caller confirmed: a workspace
	// renamed since returns ErrNameChanged and nothing changes.
	DeleteMemory(ctx context.Context, workspaceID, id, expectName string, audit AuditFunc) error

	KeyValues(ctx context.Context, workspaceID string) ([]KeyValue, error)
	PutKeyValue(ctx context.Context, kv KeyValue) error
}

// Errors returned by Store methods. Callers test them with errors.Is or
// errors.As.
var (
	ErrNotFound         = errors.New("not found")
	ErrNotRemoved       = errors.New("workspace is not removed")
	ErrParentNotFound   = errors.New("parent workspace not found")
	ErrScheduleNotFound = errors.New("schedule not found")
	ErrMemoryNotFound   = errors.New("memory not found or not owned by this workspace")
	// ErrTreeChanged means a cascading delete found a different set of
	// descendants from the one the caller listed and charged before it: a
	// workspace was created below, moved in or out, removed or restored.
	ErrTreeChanged = errors.New("workspace descendants changed during the delete")
	// ErrNameChanged means the workspace no longer has the name the caller
	// confirmed, because a rename committed in between.
	ErrNameChanged = errors.New("workspace was renamed after its name was confirmed")
)

// RemovedError is returned for an action that needs a live workspace.
type RemovedError struct {
	RemovedAt       time.Time
	RestorableUntil time.Time
}

func (e *RemovedError) Error() string {
	return fmt.Sprintf("workspace removed at %s, restorable until %s",
		e.RemovedAt.Format(time.RFC3339), e.RestorableUntil.Format(time.RFC3339))
}

// PurgedError is returned for a workspace that was purged, or whose restore
// window has passed even if the purge job has not run yet. HardPurgedAt is
// the purge time, or the end of the window in the second case.
type PurgedError struct {
	HardPurgedAt time.Time
}

func (e *PurgedError) Error() string {
	return "workspace purged at " + e.HardPurgedAt.Format(time.RFC3339)
}

// ParentRemovedError is returned by Restore for a workspace whose parent is
// removed: restoring it would leave a live workspace under a removed one.
type ParentRemovedError struct {
	ParentID string
}

func (e *ParentRemovedError) Error() string {
	return "parent workspace " + e.ParentID + " is removed"
}

// ChildrenError is returned by a delete without cascade when the workspace
// has live children.
type ChildrenError struct {
	Children []ChildRef
}

func (e *ChildrenError) Error() string {
	return fmt.Sprintf("workspace has %d live children", len(e.Children))
}

// ChildRef names a child workspace.
type ChildRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}
