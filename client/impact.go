package client

import (
	"context"
	"errors"
	"net/http"
	"sync"
)

// Impact sources.
const (
	// ImpactFromServer means the platform counted in one request.
	ImpactFromServer = "server"
	// ImpactComputed means the client counted from the base list endpoints.
	ImpactComputed = "computed"
)

// TokenCountUnknown is Impact.TokenCount when the platform cannot report how
// many workspace tokens exist, as with the base API.
const TokenCountUnknown = -1

// Impact counts what a destructive action on a workspace would affect, for
// the preflight an operator sees before confirming.
type Impact struct {
	WorkspaceID string `json:"workspace_id"`
	Name        string `json:"name"`
	Status      string `json:"status"`
	ActiveTasks int    `json:"active_tasks"`
	// ChildCount counts live direct children, as the platform does. A
	// cascading delete also removes their descendants.
	ChildCount int `json:"child_count"`
	// Children lists the live direct children by name. Only computed
	// impacts fill it, because the server sends counts only.
	Children             []WorkspaceRef `json:"children,omitempty"`
	ScheduleCount        int            `json:"schedule_count"`
	EnabledScheduleCount int            `json:"enabled_schedule_count"`
	MemoryCount          int            `json:"memory_count"`
	// MemoryCountAtLeast marks MemoryCount as a lower bound: the base API
	// lists at most BaseMemoryListLimit memories, so show "50+", not "50".
	MemoryCountAtLeast bool `json:"memory_count_at_least,omitempty"`
	// TokenCount is TokenCountUnknown when the impact was computed.
	TokenCount int `json:"token_count"`
	// Descendants sums the impact of every live descendant, or is nil when
	// the workspace has none or the platform does not report them. A
	// computed impact fills only Count and ActiveTasks, because the base
	// API would need three requests per descendant for the rest.
	Descendants *DescendantTotals `json:"descendants,omitempty"`
	ETag        string            `json:"etag,omitempty"`
	// Warnings are the workspace's current warnings, such as
	// WarningSessionLikelyStuck, with the shape GET /workspaces/{id} gives
	// them. They come from the impact response when the platform sends
	// them there, and otherwise from GET /workspaces/{id}.
	Warnings []Warning `json:"warnings,omitempty"`
	// Budget is the credential's destructive budget as the platform
	// reported it on the pre-flight reads, or nil when it sent none.
	Budget *Budget `json:"-"`
	// RestoreWindowSeconds is how long after a delete the workspace can be
	// restored, in seconds, or nil when the platform does not report it.
	RestoreWindowSeconds *int64 `json:"restore_window_seconds,omitempty"`
	// Source is ImpactFromServer or ImpactComputed.
	Source string `json:"source"`
}

// DescendantTotals sums what a cascading delete would also affect: every
// live workspace below the target, at any depth.
type DescendantTotals struct {
	Count                int `json:"count"`
	ActiveTasks          int `json:"active_tasks"`
	ScheduleCount        int `json:"schedule_count"`
	EnabledScheduleCount int `json:"enabled_schedule_count"`
	MemoryCount          int `json:"memory_count"`
	TokenCount           int `json:"token_count"`
}

// WorkspaceImpact returns the impact counts and warnings of a workspace from
// GET /workspaces/{id}/impact, in one request when the response carries a
// "warnings" field, as the reference platform's does. A platform that omits
// the field costs a second request, GET /workspaces/{id}, but only when the
// workspace has active tasks, because only a busy workspace can have a
// stuck session. When the platform lacks the impact endpoint it fetches the
// workspace, its schedules, its memories and the workspace list in parallel
// and computes the same counts, with Source ImpactComputed.
func (c *Client) WorkspaceImpact(ctx context.Context, id string) (*Impact, error) {
	if err := c.checkWorkspaceID(id); err != nil {
		return nil, err
	}
	req := call{method: http.MethodGet, path: workspacePath(id, "impact")}
	resp, err := c.do(ctx, req)
	if errors.Is(err, ErrNotSupported) {
		return c.computeImpact(ctx, id)
	}
	if err != nil {
		return nil, err
	}

	// The outer Warnings field takes the "warnings" key. It stays nil when
	// the field is missing and points to an empty slice for "[]".
	var body struct {
		Impact
		Warnings *[]Warning `json:"warnings"`
	}
	body.TokenCount = TokenCountUnknown
	if err := decodeJSON(req, resp, &body); err != nil {
		return nil, err
	}
	impact := body.Impact
	if impact.ETag == "" {
		impact.ETag = resp.Header().Get("ETag")
	}
	impact.Budget = parseBudget(resp)
	if impact.Descendants != nil && impact.Descendants.Count == 0 {
		impact.Descendants = nil
	}
	impact.Source = ImpactFromServer

	if body.Warnings != nil {
		if len(*body.Warnings) > 0 {
			impact.Warnings = *body.Warnings
		}
		return &impact, nil
	}
	if impact.ActiveTasks > 0 {
		ws, err := c.GetWorkspace(ctx, id)
		if err != nil {
			return nil, err
		}
		impact.Warnings = ws.Warnings
		if impact.Budget == nil {
			impact.Budget = ws.Budget
		}
	}
	return &impact, nil
}

// computeImpact runs the four base API reads concurrently and cancels the
// rest as soon as one fails.
func (c *Client) computeImpact(ctx context.Context, id string) (*Impact, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		ws         *Workspace
		schedules  []Schedule
		memories   []Memory
		workspaces []Workspace
	)
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	run := func(fetch func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fetch(); err != nil {
				once.Do(func() { firstErr = err; cancel() })
			}
		}()
	}
	run(func() (err error) { ws, err = c.GetWorkspace(ctx, id); return err })
	run(func() (err error) { schedules, err = c.ListSchedules(ctx, id); return err })
	run(func() (err error) { memories, err = c.ListMemories(ctx, id); return err })
	run(func() (err error) { workspaces, err = c.ListWorkspaces(ctx, ListWorkspacesOptions{}); return err })
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}

	children := directChildren(id, workspaces)
	impact := &Impact{
		WorkspaceID:        ws.ID,
		Name:               ws.Name,
		Status:             ws.Status,
		ActiveTasks:        ws.ActiveTasks,
		ChildCount:         len(children),
		Children:           children,
		ScheduleCount:      len(schedules),
		MemoryCount:        len(memories),
		MemoryCountAtLeast: len(memories) >= BaseMemoryListLimit,
		TokenCount:         TokenCountUnknown,
		Descendants:        descendantTotals(id, workspaces),
		ETag:               ws.ETag,
		Warnings:           ws.Warnings,
		Budget:             ws.Budget,
		Source:             ImpactComputed,
	}
	for _, s := range schedules {
		if s.Enabled {
			impact.EnabledScheduleCount++
		}
	}
	return impact, nil
}

// descendantTotals counts the live workspaces below id and their active
// tasks from the workspace list, or returns nil when there are none. The
// visited set stops a parent cycle in bad data from looping.
func descendantTotals(id string, workspaces []Workspace) *DescendantTotals {
	byParent := map[string][]Workspace{}
	for _, w := range workspaces {
		if w.ParentID != nil && w.Status != StatusRemoved {
			byParent[*w.ParentID] = append(byParent[*w.ParentID], w)
		}
	}
	totals := &DescendantTotals{}
	visited := map[string]bool{id: true}
	queue := []string{id}
	for len(queue) > 0 {
		parent := queue[0]
		queue = queue[1:]
		for _, child := range byParent[parent] {
			if visited[child.ID] {
				continue
			}
			visited[child.ID] = true
			totals.Count++
			totals.ActiveTasks += child.ActiveTasks
			queue = append(queue, child.ID)
		}
	}
	if totals.Count == 0 {
		return nil
	}
	return totals
}

// directChildren returns the live workspaces whose parent is id, in list
// order. The base list omits removed workspaces, so every one is live.
func directChildren(id string, workspaces []Workspace) []WorkspaceRef {
	var children []WorkspaceRef
	for _, w := range workspaces {
		if w.ParentID != nil && *w.ParentID == id && w.ID != id {
			children = append(children, WorkspaceRef{ID: w.ID, Name: w.Name})
		}
	}
	return children
}
