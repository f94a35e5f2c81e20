// Package shared holds what several verb groups use: resolving a workspace
// argument, the pre-flight summary, the destructive confirmation flow and
// shell completion of workspace ids.
package shared

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"golang.org/x/text/unicode/norm"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/output"
)

// Lister is the client call that name resolution needs.
type Lister interface {
	ListWorkspaces(ctx context.Context, opts client.ListWorkspacesOptions) ([]client.Workspace, error)
}

// Resolved is the workspace an <id|name> argument names.
type Resolved struct {
	ID string
	// Workspace is the list item that matched a name, or nil when the
	// argument was an id and no request was made.
	Workspace *client.Workspace
}

// IsID reports whether arg is a workspace id (a UUID in its canonical form).
func IsID(arg string) bool {
	_, err := uuid.Parse(arg)
	return err == nil && len(arg) == 36
}

// ResolveLive turns an id or an exact name into a live workspace. An id is
// returned without a request. A name must match exactly one live workspace
// after NFC normalisation. A name that matches only removed workspaces is
// reported as gone, with the restore command.
func ResolveLive(ctx context.Context, c Lister, arg string, now time.Time) (*Resolved, error) {
	if IsID(arg) {
		return &Resolved{ID: strings.ToLower(arg)}, nil
	}
	workspaces, live, removed, err := lookupName(ctx, c, arg)
	if err != nil {
		return nil, err
	}

	switch {
	case len(live) == 1:
		return &Resolved{ID: live[0].ID, Workspace: &live[0]}, nil
	case len(live) > 1:
		return nil, ambiguousError(arg, live)
	case len(removed) > 0:
		return nil, removedError(removed[0], now)
	}
	return nil, notFoundError(arg, workspaces)
}

// ResolveRemoved turns an id or an exact name into a removed workspace, for
// restore. A name that matches only live workspaces is a conflict.
func ResolveRemoved(ctx context.Context, c Lister, arg string) (*Resolved, error) {
	if IsID(arg) {
		return &Resolved{ID: strings.ToLower(arg)}, nil
	}
	_, live, removed, err := lookupName(ctx, c, arg)
	if err != nil {
		return nil, err
	}

	switch {
	case len(removed) == 1:
		return &Resolved{ID: removed[0].ID, Workspace: &removed[0]}, nil
	case len(removed) > 1:
		return nil, ambiguousError(arg, removed)
	case len(live) > 0:
		return nil, cmdutil.Errorf(cmdutil.ExitConflict, "workspace %s (%s) is not removed: there is nothing to restore",
			output.QuoteName(arg), live[0].ID)
	}
	return nil, cmdutil.Errorf(cmdutil.ExitNotFound, "no removed workspace named %s", output.QuoteName(arg)).
		WithHint("list the removed workspaces that can still be restored with: "+cmdutil.Command("ws", "trash"),
			"a purged workspace can no longer be restored, and its name is no longer listed")
}

// ResolveAny turns an id or an exact name into a workspace of any status,
// for reading its history. A name must match exactly one workspace, live or
// removed, after NFC normalisation.
func ResolveAny(ctx context.Context, c Lister, arg string) (*Resolved, error) {
	if IsID(arg) {
		return &Resolved{ID: strings.ToLower(arg)}, nil
	}
	workspaces, live, removed, err := lookupName(ctx, c, arg)
	if err != nil {
		return nil, err
	}
	matches := append(live, removed...)

	switch {
	case len(matches) == 1:
		return &Resolved{ID: matches[0].ID, Workspace: &matches[0]}, nil
	case len(matches) > 1:
		return nil, ambiguousError(arg, matches)
	}
	return nil, notFoundError(arg, workspaces).WithHint("a purged workspace is no longer listed by name: pass its id")
}

// lookupName lists every workspace, removed ones included, and splits those
// named arg (after NFC normalisation) into live and removed matches.
func lookupName(ctx context.Context, c Lister, arg string) (workspaces, live, removed []client.Workspace, err error) {
	if err := checkNameArg(arg); err != nil {
		return nil, nil, nil, err
	}
	workspaces, err = c.ListWorkspaces(ctx, client.ListWorkspacesOptions{ShowRemoved: true})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("look up workspace %s: %w", output.QuoteName(arg), err)
	}
	live, removed = matchName(workspaces, arg)
	return workspaces, live, removed, nil
}

func checkNameArg(arg string) error {
	if arg == "" {
		return cmdutil.FlagErrorf("empty workspace argument: pass a workspace id or its exact name")
	}
	return nil
}

func matchName(workspaces []client.Workspace, name string) (live, removed []client.Workspace) {
	want := norm.NFC.String(name)
	for _, ws := range workspaces {
		if norm.NFC.String(ws.Name) != want {
			continue
		}
		if ws.Status == client.StatusRemoved {
			removed = append(removed, ws)
		} else {
			live = append(live, ws)
		}
	}
	return live, removed
}

func ambiguousError(name string, matches []client.Workspace) *cmdutil.Error {
	err := cmdutil.Errorf(cmdutil.ExitUsage, "name %s matches %d workspaces: pass the id instead", output.QuoteName(name), len(matches))
	for _, ws := range matches {
		err.WithHint(fmt.Sprintf("  %s  %s  %s", ws.ID, output.QuoteName(ws.Name), ws.Status))
	}
	return err
}

func removedError(ws client.Workspace, now time.Time) *cmdutil.Error {
	err := cmdutil.Errorf(cmdutil.ExitGone, "workspace %s (%s) is removed", output.QuoteName(ws.Name), ws.ID)
	if ws.RestorableUntil != nil {
		err.WithHint(fmt.Sprintf("it can be restored until %s (%s): %s",
			output.FormatTime(*ws.RestorableUntil), output.FormatRelative(*ws.RestorableUntil, now), cmdutil.Command("ws", "restore", ws.ID)))
	} else {
		err.WithHint(cmdutil.Command("ws", "restore", ws.ID))
	}
	return err
}

// notFoundError reports that no workspace has exactly the given name. It
// suggests names that differ only in letter case but never acts on them,
// because names are case-sensitive and a guess could target the wrong
// workspace.
func notFoundError(name string, workspaces []client.Workspace) *cmdutil.Error {
	err := cmdutil.Errorf(cmdutil.ExitNotFound, "no workspace named %s", output.QuoteName(name))
	if similar := sameNameIgnoringCase(name, workspaces); len(similar) > 0 {
		err.WithHint(fmt.Sprintf("did you mean %s? names are case-sensitive", strings.Join(similar, " or ")))
	}
	return err.WithHint("list workspaces with: " + cmdutil.Command("ws", "list"))
}

// sameNameIgnoringCase returns the quoted names of workspaces that match
// name when letter case is ignored, each once, in list order.
func sameNameIgnoringCase(name string, workspaces []client.Workspace) []string {
	want := norm.NFC.String(name)
	seen := map[string]bool{}
	var similar []string
	for _, ws := range workspaces {
		candidate := norm.NFC.String(ws.Name)
		if !strings.EqualFold(candidate, want) || seen[candidate] {
			continue
		}
		seen[candidate] = true
		similar = append(similar, output.QuoteName(candidate))
	}
	return similar
}
