package client

import (
	"context"
	"errors"
	"net/http"
)

// ListSchedules returns every schedule of a workspace, disabled ones
// included.
func (c *Client) ListSchedules(ctx context.Context, workspaceID string) ([]Schedule, error) {
	if err := c.checkWorkspaceID(workspaceID); err != nil {
		return nil, err
	}
	req := call{method: http.MethodGet, path: workspacePath(workspaceID, "schedules")}
	resp, err := c.do(ctx, req)
	if err != nil {
		return nil, err
	}

	var schedules []Schedule
	if err := decodeJSON(req, resp, &schedules); err != nil {
		return nil, err
	}
	return schedules, nil
}

// ListMemories returns the memories of a workspace. The base platform
// returns at most BaseMemoryListLimit of them, so a result of that length
// may be incomplete.
func (c *Client) ListMemories(ctx context.Context, workspaceID string) ([]Memory, error) {
	if err := c.checkWorkspaceID(workspaceID); err != nil {
		return nil, err
	}
	req := call{method: http.MethodGet, path: workspacePath(workspaceID, "memories")}
	resp, err := c.do(ctx, req)
	if err != nil {
		return nil, err
	}

	var memories []Memory
	if err := decodeJSON(req, resp, &memories); err != nil {
		return nil, err
	}
	return memories, nil
}

// DeleteMemory hard-deletes one memory of a workspace. Like every
// destructive call it requires the workspace's name and a reason. It is never
// retried.
func (c *Client) DeleteMemory(ctx context.Context, workspaceID, memoryID string, opts ConfirmOptions) (*ActionResult, error) {
	if err := c.checkDestructive(workspaceID, opts); err != nil {
		return nil, err
	}
	if memoryID == "" {
		return nil, errors.New("missing memory ID")
	}
	req := destructiveCall(http.MethodDelete, workspacePath(workspaceID, "memories", memoryID), opts)

	var result ActionResult
	if err := c.doAction(ctx, req, &result); err != nil {
		return nil, err
	}
	return &result, nil
}
