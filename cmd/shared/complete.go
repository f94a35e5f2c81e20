package shared

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/text/unicode/norm"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/cmd/cmdutil"
)

// completionScope selects which workspaces a completion func offers.
type completionScope int

const (
	scopeLive completionScope = iota
	scopeRemoved
	scopeAny
)

// CompleteWorkspaces returns a completion func for the first positional
// argument. It offers live workspace ids with their names as descriptions
// and, when the typed text is not the start of any id, the names that start
// with it. It makes one request without retries, bounded by
// cmdutil.CompletionTimeout, never prompts, and on failure offers nothing
// and logs the error through cobra's completion debug log.
func CompleteWorkspaces(f *cmdutil.Factory) cobra.CompletionFunc {
	return positional(completeWorkspaces(f, scopeLive))
}

// CompleteRemovedWorkspaces is CompleteWorkspaces for removed workspaces,
// for restore.
func CompleteRemovedWorkspaces(f *cmdutil.Factory) cobra.CompletionFunc {
	return positional(completeWorkspaces(f, scopeRemoved))
}

// CompleteAnyWorkspace completes a flag value such as audit list
// --workspace with live and removed workspaces.
func CompleteAnyWorkspace(f *cmdutil.Factory) cobra.CompletionFunc {
	return completeWorkspaces(f, scopeAny)
}

// positional limits complete to the first positional argument.
func positional(complete cobra.CompletionFunc) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return complete(cmd, args, toComplete)
	}
}

func completeWorkspaces(f *cmdutil.Factory, scope completionScope) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		c, err := f.CompletionClient()
		if err != nil {
			cobra.CompDebugln(fmt.Sprintf("workspace completion: %v", err), true)
			return nil, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveError
		}

		ctx, cancel := context.WithTimeout(context.Background(), cmdutil.CompletionTimeout)
		defer cancel()
		workspaces, err := c.ListWorkspaces(ctx, client.ListWorkspacesOptions{ShowRemoved: scope != scopeLive})
		if err != nil {
			cobra.CompDebugln(fmt.Sprintf("workspace completion: %v", err), true)
			return nil, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveError
		}
		return workspaceCandidates(inScope(workspaces, scope), toComplete), cobra.ShellCompDirectiveNoFileComp
	}
}

func inScope(workspaces []client.Workspace, scope completionScope) []client.Workspace {
	var kept []client.Workspace
	for _, ws := range workspaces {
		removed := ws.Status == client.StatusRemoved
		if scope == scopeAny || removed == (scope == scopeRemoved) {
			kept = append(kept, ws)
		}
	}
	return kept
}

// workspaceCandidates offers the ids that start with toComplete. When none
// does, it offers the names that start with it instead. A name shared by
// several workspaces is offered once, described as ambiguous, because
// commands reject it and list the ids. Names with a tab or line break cannot
// be typed back through a shell, so they are left out.
func workspaceCandidates(workspaces []client.Workspace, toComplete string) []cobra.Completion {
	var byID []cobra.Completion
	for _, ws := range workspaces {
		if strings.HasPrefix(ws.ID, strings.ToLower(toComplete)) {
			byID = append(byID, cobra.CompletionWithDesc(ws.ID, describeForCompletion(ws)))
		}
	}
	if len(byID) > 0 || toComplete == "" {
		return byID
	}

	prefix := norm.NFC.String(toComplete)
	matches := map[string][]client.Workspace{}
	var order []string
	for _, ws := range workspaces {
		name := norm.NFC.String(ws.Name)
		if !strings.HasPrefix(name, prefix) || strings.ContainsAny(name, "\t\r\n") {
			continue
		}
		if len(matches[name]) == 0 {
			order = append(order, name)
		}
		matches[name] = append(matches[name], ws)
	}

	var byName []cobra.Completion
	for _, name := range order {
		same := matches[name]
		description := same[0].ID + " (" + same[0].Status + ")"
		if len(same) > 1 {
			description = fmt.Sprintf("ambiguous: %d workspaces have this name, pass an id", len(same))
		}
		byName = append(byName, cobra.CompletionWithDesc(name, description))
	}
	return byName
}

// describeForCompletion keeps the name readable in every shell: a tab or
// line break would split the candidate, so they become spaces.
func describeForCompletion(ws client.Workspace) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, ws.Name) + " (" + ws.Status + ")"
}
