package shared

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/cmd/cmdutil"
)

// CompleteWorkspaces returns a completion func offering live workspace ids
// with their names as descriptions, for the first positional argument only.
// It makes one request without retries, bounded by
// cmdutil.CompletionTimeout, never prompts, and on failure offers nothing
// and logs the error through cobra's completion debug log.
func CompleteWorkspaces(f *cmdutil.Factory) cobra.CompletionFunc {
	return completeWorkspaces(f, false)
}

// CompleteRemovedWorkspaces is CompleteWorkspaces for removed workspaces,
// for restore.
func CompleteRemovedWorkspaces(f *cmdutil.Factory) cobra.CompletionFunc {
	return completeWorkspaces(f, true)
}

func completeWorkspaces(f *cmdutil.Factory, removed bool) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		c, err := f.CompletionClient()
		if err != nil {
			cobra.CompDebugln(fmt.Sprintf("workspace completion: %v", err), true)
			return nil, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveError
		}

		ctx, cancel := context.WithTimeout(context.Background(), cmdutil.CompletionTimeout)
		defer cancel()
		workspaces, err := c.ListWorkspaces(ctx, client.ListWorkspacesOptions{ShowRemoved: removed})
		if err != nil {
			cobra.CompDebugln(fmt.Sprintf("workspace completion: %v", err), true)
			return nil, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveError
		}

		var completions []cobra.Completion
		for _, ws := range workspaces {
			if (ws.Status == client.StatusRemoved) != removed || !strings.HasPrefix(ws.ID, toComplete) {
				continue
			}
			completions = append(completions, cobra.CompletionWithDesc(ws.ID, describeForCompletion(ws)))
		}
		return completions, cobra.ShellCompDirectiveNoFileComp
	}
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
