package ws

import (
	"context"

	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/shared"
	"github.com/wsctl/wsctl/output"
)

// GetOptions are the inputs of wsctl ws get.
type GetOptions struct {
	IO     *output.IOStreams
	Client func() (*client.Client, error)
	Now    func() time.Time
	JSON   bool

	Workspace string
}

// NewCmdGet returns wsctl ws get. runF replaces the run func in tests.
func NewCmdGet(f *cmdutil.Factory, runF func(*GetOptions) error) *cobra.Command {
	opts := &GetOptions{IO: f.IOStreams, Client: f.Client, Now: f.Now}
	cmd := &cobra.Command{
		Use:   "get <id|name>",
		Short: "Show one workspace and its warnings",
		Long: `Show one workspace. A warning such as a stuck agent session is shown
with the command that clears it.`,
		Example:           `  wsctl ws get incident-bot`,
		Args:              cmdutil.ExactArgs("<id|name>"),
		ValidArgsFunction: shared.CompleteWorkspaces(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Workspace = args[0]
			opts.JSON = f.Flags.JSON()
			if runF != nil {
				return runF(opts)
			}
			return getRun(cmd.Context(), opts)
		},
	}
	return cmd
}

func getRun(ctx context.Context, opts *GetOptions) error {
	c, err := opts.Client()
	if err != nil {
		return err
	}
	now := opts.Now()

	target, err := shared.ResolveLive(ctx, c, opts.Workspace, now)
	if err != nil {
		return err
	}
	ws, err := c.GetWorkspace(ctx, target.ID)
	if err != nil {
		return shared.WorkspaceReadError(err, target.ID, now)
	}

	if opts.JSON {
		return output.JSON(opts.IO.Out, ws.Raw)
	}
	printWorkspace(opts.IO.Out, ws, now)
	return nil
}

func printWorkspace(w io.Writer, ws *client.Workspace, now time.Time) {
	fmt.Fprintf(w, "id:            %s\n", ws.ID)
	fmt.Fprintf(w, "name:          %s\n", output.QuoteName(ws.Name))
	fmt.Fprintf(w, "status:        %s\n", ws.Status)
	fmt.Fprintf(w, "active tasks:  %d\n", ws.ActiveTasks)
	if ws.CurrentTask != "" {
		fmt.Fprintf(w, "current task:  %s\n", ws.CurrentTask)
	}
	if ws.ParentID != nil {
		fmt.Fprintf(w, "parent:        %s\n", *ws.ParentID)
	}
	if ws.Runtime != "" {
		fmt.Fprintf(w, "runtime:       %s\n", ws.Runtime)
	}
	if ws.LastOutboundAt != nil {
		fmt.Fprintf(w, "last outbound: %s (%s)\n", output.FormatTime(*ws.LastOutboundAt), output.FormatRelative(*ws.LastOutboundAt, now))
	}
	if ws.Status == client.StatusRemoved {
		fmt.Fprintln(w, "note:          removed; this platform keeps no restore window, so wsctl cannot restore it")
	}

	for _, warning := range ws.Warnings {
		fmt.Fprintf(w, "\nWARNING %s: %s\n", warning.Code, describeWarning(warning, now))
		if warning.Code == client.WarningSessionLikelyStuck {
			fmt.Fprintf(w, "  a restart ends the stuck tasks and keeps the configuration and schedules:\n  %s\n", cmdutil.Command("ws", "restart", ws.ID))
		} else if warning.Hint != "" {
			fmt.Fprintf(w, "  %s\n", warning.Hint)
		}
	}
}

func describeWarning(warning client.Warning, now time.Time) string {
	if warning.Code == client.WarningSessionLikelyStuck {
		return fmt.Sprintf("the agent has reported active tasks for %s (since %s), so its session is likely stuck",
			output.FormatDuration(time.Duration(warning.DurationSeconds)*time.Second), output.FormatTime(warning.FirstObservedAt))
	}
	if !warning.FirstObservedAt.IsZero() {
		return "observed " + output.FormatRelative(warning.FirstObservedAt, now)
	}
	return warning.Severity
}
