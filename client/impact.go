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
	TokenCount int    `json:"token_count"`
	ETag       string `json:"etag,omitempty"`
	// Source is ImpactFromServer or ImpactComputed.
	Source string `json:"source"`
}

// WorkspaceImpact returns the impact counts of a workspace from GET
// /workspaces/{id}/impact. When the platform lacks that endpoint it fetches
// the workspace, its schedules, its memories and the workspace list in
// parallel and computes the same counts, with Source ImpactComputed.
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

	impact := Impact{TokenCount: TokenCountUnknown}
	if err := decodeJSON(req, resp, &impact); err != nil {
		return nil, err
	}
	if impact.ETag == "" {
		impact.ETag = resp.Header().Get("ETag")
	}
	impact.Source = ImpactFromServer
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
		ETag:               ws.ETag,
		Source:             ImpactComputed,
	}
	for _, s := range schedules {
		if s.Enabled {
			impact.EnabledScheduleCount++
		}
	}
	return impact, nil
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
