package shared

import (
	"context"
	"fmt"
	"time"

	"github.com/wsctl/wsctl/client"
)

// ImpactReader is the client surface a pre-flight read needs.
type ImpactReader interface {
	Lister
	WorkspaceImpact(ctx context.Context, id string) (*client.Impact, error)
}

// Preflight reads what a destructive action on workspace id would affect:
// one request to a guarded platform whose impact response carries the
// warnings, as the reference platform's does, or the client's parallel
// reads against the base API. When the platform reports only a child
// count, one more list request names the children so the operator sees
// what a cascade removes.
func Preflight(ctx context.Context, c ImpactReader, id string, now time.Time) (*client.Impact, error) {
	impact, err := c.WorkspaceImpact(ctx, id)
	if err != nil {
		return nil, WorkspaceReadError(err, id, now)
	}
	if impact.ChildCount == 0 || len(impact.Children) > 0 {
		return impact, nil
	}

	workspaces, err := c.ListWorkspaces(ctx, client.ListWorkspacesOptions{})
	if err != nil {
		return nil, fmt.Errorf("list the children of workspace %s: %w", id, err)
	}
	impact.Children = descendants(id, workspaces)
	return impact, nil
}

// descendants returns the live workspaces below id, nearest first. The
// visited set stops a parent cycle in bad data from looping.
func descendants(id string, workspaces []client.Workspace) []client.WorkspaceRef {
	byParent := map[string][]client.Workspace{}
	for _, ws := range workspaces {
		if ws.ParentID != nil && ws.Status != client.StatusRemoved {
			byParent[*ws.ParentID] = append(byParent[*ws.ParentID], ws)
		}
	}

	var found []client.WorkspaceRef
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
			found = append(found, client.WorkspaceRef{ID: child.ID, Name: child.Name})
			queue = append(queue, child.ID)
		}
	}
	return found
}
