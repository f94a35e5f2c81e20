package ws

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/output"
)

// TrashOptions are the inputs of wsctl ws trash.
type TrashOptions struct {
	IO     *output.IOStreams
	Client func() (*client.Client, error)
	Now    func() time.Time
	JSON   bool
}

// NewCmdTrash returns wsctl ws trash. runF replaces the run func in tests.
func NewCmdTrash(f *cmdutil.Factory, runF func(*TrashOptions) error) *cobra.Command {
	opts := &TrashOptions{IO: f.IOStreams, Now: f.Now}
	return &cobra.Command{
		Use:   "trash",
		Short: "List removed workspaces, soonest purge first",
		Long: `List removed workspaces that can still be restored, soonest purge first.

When standard output is not a terminal, the table has no header row and
prints nothing when the trash is empty. Each row is tab-separated in this
order: id, name, removed, restorable until, purge in.`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.JSON = f.Flags.JSON()
			opts.Client = f.Client
			if runF != nil {
				return runF(opts)
			}
			return trashRun(cmd.Context(), opts)
		},
	}
}

func trashRun(ctx context.Context, opts *TrashOptions) error {
	c, err := opts.Client()
	if err != nil {
		return err
	}

	workspaces, err := c.ListWorkspaces(ctx, client.ListWorkspacesOptions{ShowRemoved: true})
	if err != nil {
		return fmt.Errorf("list removed workspaces: %w", err)
	}
	removed := removedSoonestFirst(workspaces)

	if opts.JSON {
		return output.JSON(opts.IO.Out, rawWorkspaces(removed))
	}
	if len(removed) == 0 {
		if opts.IO.IsStderrTTY() {
			fmt.Fprintln(opts.IO.ErrOut, "the trash is empty: no removed workspace can be restored")
		}
		return nil
	}

	now := opts.Now()
	table := output.NewTable(opts.IO, "id", "name", "removed", "restorable until", "purge in")
	for _, ws := range removed {
		table.Append(ws.ID, displayName(opts.IO, ws.Name), formatOptionalTime(ws.RemovedAt),
			formatOptionalTime(ws.RestorableUntil), countdown(ws.RestorableUntil, now))
	}
	return table.Render()
}

// removedSoonestFirst keeps removed workspaces and sorts them by restore
// deadline; those without one (a base platform) go last.
func removedSoonestFirst(workspaces []client.Workspace) []client.Workspace {
	var removed []client.Workspace
	for _, ws := range workspaces {
		if ws.Status == client.StatusRemoved {
			removed = append(removed, ws)
		}
	}
	sort.SliceStable(removed, func(i, j int) bool {
		a, b := removed[i].RestorableUntil, removed[j].RestorableUntil
		switch {
		case a == nil:
			return false
		case b == nil:
			return true
		}
		return a.Before(*b)
	})
	return removed
}

func formatOptionalTime(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return output.FormatTime(*t)
}

func countdown(deadline *time.Time, now time.Time) string {
	if deadline == nil {
		return "-"
	}
	return output.FormatCountdown(*deadline, now)
}
