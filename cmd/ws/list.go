package ws

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/output"
)

// ListOptions are the inputs of wsctl ws list.
type ListOptions struct {
	IO     *output.IOStreams
	Client func() (*client.Client, error)
	Now    func() time.Time
	JSON   bool

	Status      string
	ShowRemoved bool
}

// NewCmdList returns wsctl ws list. runF replaces the run func in tests.
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{IO: f.IOStreams, Client: f.Client, Now: f.Now}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List workspaces",
		Long: `List workspaces, marking those whose agent session looks stuck.

Removed workspaces are hidden unless --show-removed is given; they are
listed with the time left to restore them.

When standard output is not a terminal, the table has no header row and
prints nothing when no workspace matches. Each row is tab-separated in this
order: id, name, status, tasks, note.`,
		Example: `  wsctl ws list
  wsctl ws list --status online -o json`,
		Aliases: []string{"ls"},
		Args:    cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Status != "" {
				status, err := checkStatus(opts.Status)
				if err != nil {
					return err
				}
				opts.Status = status
				// Removed workspaces are listed only on request, so asking
				// for them by status is that request.
				opts.ShowRemoved = opts.ShowRemoved || status == client.StatusRemoved
			}
			opts.JSON = f.Flags.JSON()
			if runF != nil {
				return runF(opts)
			}
			return listRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Status, "status", "", "Show only workspaces with this status: "+strings.Join(knownStatuses, ", "))
	_ = cmd.RegisterFlagCompletionFunc("status", cobra.FixedCompletions(knownStatuses, cobra.ShellCompDirectiveNoFileComp))
	cmd.Flags().BoolVar(&opts.ShowRemoved, "show-removed", false, "Include removed workspaces that can still be restored")
	return cmd
}

func listRun(ctx context.Context, opts *ListOptions) error {
	c, err := opts.Client()
	if err != nil {
		return err
	}

	workspaces, err := c.ListWorkspaces(ctx, client.ListWorkspacesOptions{ShowRemoved: opts.ShowRemoved})
	if err != nil {
		return fmt.Errorf("list workspaces: %w", err)
	}
	workspaces = filterWorkspaces(workspaces, opts.Status, opts.ShowRemoved)

	if opts.JSON {
		return output.JSON(opts.IO.Out, rawWorkspaces(workspaces))
	}
	if len(workspaces) == 0 {
		if opts.IO.IsStderrTTY() {
			fmt.Fprintln(opts.IO.ErrOut, noWorkspacesMessage(opts.Status))
		}
		return nil
	}

	now := opts.Now()
	table := output.NewTable(opts.IO, "id", "name", "status", "tasks", "note")
	for i := range workspaces {
		ws := &workspaces[i]
		table.Append(ws.ID, displayName(opts.IO, ws.Name), ws.Status, fmt.Sprint(ws.ActiveTasks), listNote(ws, now))
	}
	return table.Render()
}

// knownStatuses are the workspace statuses the platform documents, in its
// lifecycle order.
var knownStatuses = []string{
	client.StatusProvisioning, client.StatusOnline, client.StatusOffline, client.StatusDegraded,
	client.StatusFailed, client.StatusRemoved, client.StatusPaused, client.StatusHibernated,
}

// checkStatus returns the known status that value names in any letter case.
// An unknown value is a usage error, because filtering on it would print an
// empty list that looks like "no workspaces".
func checkStatus(value string) (string, error) {
	for _, status := range knownStatuses {
		if strings.EqualFold(value, status) {
			return status, nil
		}
	}
	return "", cmdutil.FlagErrorf("invalid --status %q: use one of %s", value, strings.Join(knownStatuses, ", "))
}

func noWorkspacesMessage(status string) string {
	if status != "" {
		return "no workspaces with status " + status
	}
	return "no workspaces found"
}

// filterWorkspaces applies --status, and hides removed workspaces that a
// base platform may list anyway unless --show-removed asked for them.
func filterWorkspaces(workspaces []client.Workspace, status string, showRemoved bool) []client.Workspace {
	kept := workspaces[:0:0]
	for _, ws := range workspaces {
		if status != "" && !strings.EqualFold(ws.Status, status) {
			continue
		}
		if !showRemoved && ws.Status == client.StatusRemoved {
			continue
		}
		kept = append(kept, ws)
	}
	return kept
}

func listNote(ws *client.Workspace, now time.Time) string {
	if warning := stuckWarning(ws); warning != nil {
		return fmt.Sprintf("session stuck for %s: %s",
			output.FormatDuration(time.Duration(warning.DurationSeconds)*time.Second), cmdutil.Command("ws", "restart", ws.ID))
	}
	if ws.Status == client.StatusRemoved && ws.RestorableUntil != nil {
		return "restorable for " + output.FormatCountdown(*ws.RestorableUntil, now)
	}
	return ""
}

// displayName quotes a name on a terminal, where spaces at either end would
// not show, and leaves it as it is for scripts reading tab-separated rows.
func displayName(ios *output.IOStreams, name string) string {
	if ios.IsStdoutTTY() {
		return output.QuoteName(name)
	}
	return name
}
