package platform

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/wsctl/wsctl/guard"
	"github.com/wsctl/wsctl/platform/store"
)

// workspaceJSON is the workspace object of the HTTP API. The sensitive
// fields are pointers so that the open GET can leave them out.
type workspaceJSON struct {
	ID                 string          `json:"id"`
	Name               string          `json:"name"`
	Role               *string         `json:"role"`
	Tier               int             `json:"tier"`
	Status             string          `json:"status"`
	URL                string          `json:"url"`
	ParentID           *string         `json:"parent_id"`
	ActiveTasks        int             `json:"active_tasks"`
	MaxConcurrentTasks int             `json:"max_concurrent_tasks"`
	LastErrorRate      float64         `json:"last_error_rate"`
	LastSampleError    *string         `json:"last_sample_error,omitempty"`
	UptimeSeconds      int64           `json:"uptime_seconds"`
	CurrentTask        *string         `json:"current_task,omitempty"`
	Runtime            string          `json:"runtime"`
	WorkspaceDir       *string         `json:"workspace_dir,omitempty"`
	MonthlySpend       *float64        `json:"monthly_spend,omitempty"`
	BudgetLimit        *float64        `json:"budget_limit,omitempty"`
	X                  float64         `json:"x"`
	Y                  float64         `json:"y"`
	Collapsed          bool            `json:"collapsed"`
	AgentCard          json.RawMessage `json:"agent_card"`
	LastOutboundAt     *time.Time      `json:"last_outbound_at,omitempty"`
	RemovedAt          *time.Time      `json:"removed_at,omitempty"`
	RestorableUntil    *time.Time      `json:"restorable_until,omitempty"`
	SessionResetAt     *time.Time      `json:"session_reset_at,omitempty"`
	Warnings           []guard.Warning `json:"warnings,omitempty"`
}

// status returns the status a read reports: a workspace provisioning for
// longer than ProvisionDelay is online. Restart is simulated this way, with
// no goroutine or timer.
func (p *Platform) status(w store.Workspace, now time.Time) string {
	if w.Status == "provisioning" && w.ProvisionStartedAt != nil && now.Sub(*w.ProvisionStartedAt) >= p.opts.ProvisionDelay {
		return "online"
	}
	return w.Status
}

// view builds the API object. full adds the fields that only org tokens see.
func (p *Platform) view(w store.Workspace, now time.Time, full bool) workspaceJSON {
	out := workspaceJSON{
		ID: w.ID, Name: w.Name, Role: w.Role, Tier: w.Tier, Status: p.status(w, now), URL: w.URL,
		ParentID: w.ParentID, ActiveTasks: w.ActiveTasks, MaxConcurrentTasks: w.MaxConcurrentTasks,
		LastErrorRate: w.LastErrorRate, UptimeSeconds: w.UptimeSeconds, Runtime: w.Runtime,
		X: w.X, Y: w.Y, Collapsed: w.Collapsed, AgentCard: w.AgentCard,
		RemovedAt: utc(w.RemovedAt), RestorableUntil: utc(w.RestorableUntil),
	}
	if len(out.AgentCard) == 0 {
		out.AgentCard = json.RawMessage("{}")
	}
	if full {
		out.LastSampleError, out.CurrentTask, out.WorkspaceDir = &w.LastSampleError, &w.CurrentTask, &w.WorkspaceDir
		out.MonthlySpend, out.BudgetLimit = &w.MonthlySpend, &w.BudgetLimit
		out.SessionResetAt = utc(w.SessionResetAt)
	} else {
		out.LastOutboundAt = utc(w.LastOutboundAt)
	}
	if warnings := p.warnings(w, now); len(warnings) > 0 {
		out.Warnings = warnings
	}
	return out
}

// warnings returns the workspace's current warnings as a non-nil slice. It
// contains a session_likely_stuck warning once the active tasks have lasted
// longer than StuckAfter, and nothing for a removed workspace.
func (p *Platform) warnings(w store.Workspace, now time.Time) []guard.Warning {
	if w.ActiveSince == nil || w.ActiveTasks <= 0 || w.Status == "removed" {
		return []guard.Warning{}
	}
	warning, ok := guard.StuckSessionWarning(w.ID, w.ActiveTasks, *w.ActiveSince, now, p.opts.StuckAfter)
	if !ok {
		return []guard.Warning{}
	}
	return []guard.Warning{warning}
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// etag changes whenever the name, the reported status, an impact count or
// a descendant total changes. w must come from Store.Workspace, the only
// read that fills the descendant totals.
func (p *Platform) etag(w store.Workspace, now time.Time) string {
	i, d := w.Impact, w.Impact.Descendants
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%d/%d/%d/%d/%d/%d\x00%d/%d/%d/%d/%d/%d", w.Name, p.status(w, now),
		i.ActiveTasks, i.ChildCount, i.ScheduleCount, i.EnabledScheduleCount, i.MemoryCount, i.TokenCount,
		d.Count, d.ActiveTasks, d.ScheduleCount, d.EnabledScheduleCount, d.MemoryCount, d.TokenCount))
	return `"` + hex.EncodeToString(h[:12]) + `"`
}

// guardImpact converts the store's counts. withDescendants adds the
// descendant totals, for an action that takes the descendants along.
func guardImpact(i store.Impact, withDescendants bool) guard.Impact {
	out := guard.Impact{
		ActiveTasks: i.ActiveTasks, ChildCount: i.ChildCount, ScheduleCount: i.ScheduleCount,
		EnabledScheduleCount: i.EnabledScheduleCount, MemoryCount: i.MemoryCount, TokenCount: i.TokenCount,
	}
	if withDescendants {
		totals := descendantTotals(i.Descendants)
		out.Descendants = &totals
	}
	return out
}

func descendantTotals(d store.ImpactTotals) guard.ImpactTotals {
	return guard.ImpactTotals{
		Count: d.Count, ActiveTasks: d.ActiveTasks, ScheduleCount: d.ScheduleCount,
		EnabledScheduleCount: d.EnabledScheduleCount, MemoryCount: d.MemoryCount, TokenCount: d.TokenCount,
	}
}

func timeJSON(t time.Time) string { return t.UTC().Format(time.RFC3339) }
