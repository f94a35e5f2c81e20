// Package memory holds the wsctl memory commands.
package memory

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/shared"
	"github.com/wsctl/wsctl/output"
)

// NewCmdMemory returns the memory command group.
func NewCmdMemory(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "memory <command>",
		Short:   "List and delete the stored memories of a workspace",
		Aliases: []string{"memories"},
		Args:    cobra.ArbitraryArgs,
		RunE:    shared.GroupRunE,
	}
	cmd.AddCommand(NewCmdList(f, nil))
	cmd.AddCommand(NewCmdDelete(f, nil))
	return cmd
}

// ListOptions are the inputs of wsctl memory list.
type ListOptions struct {
	IO     *output.IOStreams
	Client func() (*client.Client, error)
	Now    func() time.Time
	JSON   bool

	Workspace string
}

// NewCmdList returns wsctl memory list. runF replaces the run func in tests.
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{IO: f.IOStreams, Now: f.Now}
	return &cobra.Command{
		Use:   "list <workspace>",
		Short: "List the memories of a workspace",
		Long: `List the memories of a workspace. The platform returns at most 50, so a
list of 50 may be incomplete.

When standard output is not a terminal, the table has no header row and
prints nothing when there are no memories. Each row is tab-separated in
this order: id, scope, namespace, created, content.`,
		Args:              cmdutil.ExactArgs("<workspace>"),
		ValidArgsFunction: shared.CompleteWorkspaces(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Workspace = args[0]
			opts.JSON = f.Flags.JSON()
			opts.Client = f.Client
			if runF != nil {
				return runF(opts)
			}
			return listRun(cmd.Context(), opts)
		},
	}
}

func listRun(ctx context.Context, opts *ListOptions) error {
	c, err := opts.Client()
	if err != nil {
		return err
	}
	now := opts.Now()

	target, err := shared.ResolveLive(ctx, c, opts.Workspace, now)
	if err != nil {
		return err
	}
	memories, err := c.ListMemories(ctx, target.ID)
	if err != nil {
		return shared.WorkspaceReadError(err, target.ID, now)
	}

	if opts.JSON {
		return output.JSON(opts.IO.Out, memories)
	}
	if len(memories) == 0 {
		if opts.IO.IsStderrTTY() {
			fmt.Fprintf(opts.IO.ErrOut, "no memories in workspace %s\n", target.ID)
		}
		return nil
	}
	table := output.NewTable(opts.IO, "id", "scope", "namespace", "created", "content")
	for _, m := range memories {
		table.Append(m.ID, m.Scope, m.Namespace, output.FormatTime(m.CreatedAt), truncate(m.Content, 60))
	}
	if err := table.Render(); err != nil {
		return err
	}
	if len(memories) >= client.BaseMemoryListLimit {
		fmt.Fprintf(opts.IO.ErrOut, "note: the platform lists at most %d memories, so there may be more\n", client.BaseMemoryListLimit)
	}
	return nil
}

func truncate(s string, max int) string {
	runes := []rune(s)
	if len(runes) <= max {
		return s
	}
	return string(runes[:max-1]) + "…"
}
