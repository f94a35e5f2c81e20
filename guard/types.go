package guard

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"time"
)

// Action names an audited operation. The values are part of the HTTP contract
// and appear in audit entries and in GET /admin/audit filters.
type Action string

// Actions recorded in the audit log.
const (
	ActionWorkspaceDelete  Action = "workspace.delete"
	ActionWorkspaceRestore Action = "workspace.restore"
	ActionWorkspacePurge   Action = "workspace.purge"
	ActionWorkspaceDisable Action = "workspace.disable"
	ActionWorkspaceRestart Action = "workspace.restart"
	ActionMemoryDelete     Action = "memory.delete"
	// ActionWorkspacePause and ActionWorkspaceResume are written by hosts,
	// not by DefaultRules: pausing is not destructive, but it can reach a
	// whole tree of workspaces.
	ActionWorkspacePause  Action = "workspace.pause"
	ActionWorkspaceResume Action = "workspace.resume"
)

// Outcome is the result of an audited attempt.
type Outcome string

// Outcomes of an audited attempt.
const (
	// OutcomeAllowed means every check passed and the host performed the action.
	OutcomeAllowed Outcome = "allowed"
	// OutcomeRefused means guard rejected the request and the host never saw it.
	OutcomeRefused Outcome = "refused"
	// OutcomeFailed means guard let the request through but the host failed
	// (a 5xx status or a panic).
	OutcomeFailed Outcome = "failed"
)

// Actor identifies the credential behind a request. It never contains the
// secret itself: TokenPrefix holds at most the first 8 characters.
type Actor struct {
	// Kind is the credential type, such as "org", "workspace", "admin" or "system".
	Kind string `json:"kind"`
	// TokenPrefix is the first 8 characters of the token, used to tell
	// credentials apart in the audit log and as the budget key.
	TokenPrefix string `json:"token_prefix,omitempty"`
	// Label is a human-readable name for the credential, such as "ci-deploy".
	Label string `json:"label,omitempty"`
}

// Key returns the string that budgets and logs use to identify the actor.
func (a Actor) Key() string {
	return a.Kind + ":" + a.TokenPrefix
}

// Impact counts what a destructive action on a workspace would affect.
type Impact struct {
	ActiveTasks          int `json:"active_tasks"`
	ChildCount           int `json:"child_count"`
	ScheduleCount        int `json:"schedule_count"`
	EnabledScheduleCount int `json:"enabled_schedule_count"`
	MemoryCount          int `json:"memory_count"`
	TokenCount           int `json:"token_count"`
	// Descendants sums the counts of every live workspace below this one,
	// not counting the workspace itself. A host sets it for an action that
	// takes the descendants along, such as a delete with ?confirm=true, and
	// leaves it nil otherwise, so the audit entry shows the whole reach.
	Descendants *ImpactTotals `json:"descendants,omitempty"`
}

// ImpactTotals sums impact counts over several workspaces.
type ImpactTotals struct {
	// Count is the number of workspaces summed.
	Count                int `json:"count"`
	ActiveTasks          int `json:"active_tasks"`
	ScheduleCount        int `json:"schedule_count"`
	EnabledScheduleCount int `json:"enabled_schedule_count"`
	MemoryCount          int `json:"memory_count"`
	TokenCount           int `json:"token_count"`
}

// Target is the workspace a destructive request acts on, as the host's
// Resolver reports it.
type Target struct {
	ID     string
	Name   string
	Status string
	// ETag is compared with the request's If-Match header. It must change
	// whenever the name, status or impact counts change, including
	// Impact.Descendants when the host fills it.
	ETag   string
	Impact Impact
}

// ErrNotFound is returned by a Resolver for an unknown workspace id. Guard
// then passes the request to the host unchanged, so the client receives the
// host's own 404.
var ErrNotFound = errors.New("workspace not found")

// ErrAuditUnavailable means an audit entry could not be written. An allowed
// action whose entry cannot be written must not happen, so hosts respond
// with 503 and error code "audit_unavailable".
var ErrAuditUnavailable = errors.New("audit log unavailable")

// Resolver looks up the workspace a destructive request targets.
type Resolver interface {
	// ResolveWorkspace returns the workspace with the given id, or an error
	// wrapping ErrNotFound when there is none. Return ErrNotFound also for an
	// id the host rejects as malformed, so that the host's own 400 reaches the
	// client. Any other error makes guard respond with 503
	// resolver_unavailable.
	ResolveWorkspace(ctx context.Context, id string) (Target, error)
}

// ResolverFunc adapts a function to the Resolver interface.
type ResolverFunc func(ctx context.Context, id string) (Target, error)

// ResolveWorkspace calls f.
func (f ResolverFunc) ResolveWorkspace(ctx context.Context, id string) (Target, error) {
	return f(ctx, id)
}

// ActorFunc identifies the caller of a request. The host's authentication
// middleware runs before guard, so the function usually reads the actor from
// the request context. ok is false when the request carries no credential.
type ActorFunc func(r *http.Request) (actor Actor, ok bool)

// AuthorizeFunc reports whether the actor may perform the destructive action
// at all. Returning false yields a 403 refusal.
type AuthorizeFunc func(ctx context.Context, actor Actor, action Action) bool

// Entry is one audit log record. Reason is stored as sent (after trimming);
// no field ever holds a token.
type Entry struct {
	ID            string    `json:"id"`
	Time          time.Time `json:"time"`
	Action        Action    `json:"action"`
	Outcome       Outcome   `json:"outcome"`
	Error         string    `json:"error,omitempty"`
	Actor         Actor     `json:"actor"`
	WorkspaceID   string    `json:"workspace_id,omitempty"`
	WorkspaceName string    `json:"workspace_name,omitempty"`
	// ResourceID is the path segment of the rule's first wildcard other
	// than {id}, such as the memory id of a memory delete, and empty for a
	// rule without one.
	ResourceID string  `json:"resource_id,omitempty"`
	Reason     string  `json:"reason,omitempty"`
	RequestID  string  `json:"request_id,omitempty"`
	RemoteAddr string  `json:"remote_addr,omitempty"`
	UserAgent  string  `json:"user_agent,omitempty"`
	Impact     *Impact `json:"impact,omitempty"`
}

// AuditFilter selects audit entries. Zero fields do not filter. Entries are
// returned newest first.
type AuditFilter struct {
	WorkspaceID string
	Action      Action
	// Actor matches an entry whose actor token prefix or label equals it.
	Actor   string
	Outcome Outcome
	// Since and Until bound the entry time: Since inclusive, Until exclusive.
	Since time.Time
	Until time.Time
	// Limit is the page size; implementations cap it and apply a default
	// when it is zero.
	Limit int
	// Cursor is the NextCursor of the previous page, or empty for the first.
	Cursor string
}

// AuditPage is one page of a query, newest first. NextCursor is empty on the
// last page.
type AuditPage struct {
	Entries    []Entry `json:"entries"`
	NextCursor string  `json:"next_cursor"`
}

// ErrInvalidCursor is returned by AuditLog.Query for a cursor it did not issue.
var ErrInvalidCursor = errors.New("invalid audit cursor")

// AuditLog stores audit entries.
type AuditLog interface {
	// Append writes one entry on its own.
	Append(ctx context.Context, e Entry) error
	// Query returns one page of entries matching the filter.
	Query(ctx context.Context, f AuditFilter) (AuditPage, error)
}

// TxAppender is implemented by audit logs stored in a SQL database, so that a
// host can write the entry in the same transaction as the action it records.
type TxAppender interface {
	AppendTx(ctx context.Context, tx *sql.Tx, e Entry) error
}

// BudgetState describes an actor's destructive budget after a check.
type BudgetState struct {
	Limit     int
	Remaining int
	// Reset is when the oldest counted action leaves the rolling window, so
	// that at least one more action is allowed.
	Reset time.Time
}

// Budget limits destructive actions per actor over a rolling window.
type Budget interface {
	// Peek returns the current state without consuming anything.
	Peek(ctx context.Context, key string, now time.Time) (BudgetState, error)
	// Take consumes one action if any remain. It reports false, without
	// consuming, when the budget is used up. Take must be atomic: of N
	// concurrent calls with R remaining, exactly R succeed.
	Take(ctx context.Context, key string, now time.Time) (state BudgetState, ok bool, err error)
}
