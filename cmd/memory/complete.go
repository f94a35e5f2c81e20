package memory

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/shared"
)

// completeDelete completes memory delete: the workspace first, then the
// ids of that workspace's memories not already given, each described by
// the first line of its content. Like workspace completion it never
// prompts, makes no retries, and offers nothing when a request fails.
func completeDelete(f *cmdutil.Factory) cobra.CompletionFunc {
	completeWorkspace := shared.CompleteWorkspaces(f)
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) == 0 {
			return completeWorkspace(cmd, args, toComplete)
		}
		const failed = cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveError
		c, err := f.CompletionClient()
		if err != nil {
			cobra.CompDebugln(fmt.Sprintf("memory completion: %v", err), true)
			return nil, failed
		}

		ctx, cancel := context.WithTimeout(context.Background(), cmdutil.CompletionTimeout)
		defer cancel()
		target, err := shared.ResolveLive(ctx, c, args[0], time.Now())
		if err != nil {
			cobra.CompDebugln(fmt.Sprintf("memory completion: %v", err), true)
			return nil, failed
		}
		memories, err := c.ListMemories(ctx, target.ID)
		if err != nil {
			cobra.CompDebugln(fmt.Sprintf("memory completion: %v", err), true)
			return nil, failed
		}

		given := map[string]bool{}
		for _, id := range args[1:] {
			given[id] = true
		}
		var candidates []cobra.Completion
		for _, m := range memories {
			if !given[m.ID] {
				candidates = append(candidates, cobra.CompletionWithDesc(m.ID, strings.ReplaceAll(oneLine(m.Content, 60), "\r", " ")))
			}
		}
		return candidates, cobra.ShellCompDirectiveNoFileComp
	}
}
