package ws

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/shared"
	"github.com/wsctl/wsctl/output"
)

// RestoreOptions are the inputs of wsctl ws restore.
type RestoreOptions struct {
	IO     *output.IOStreams
	Client func() (*client.Client, error)
	Now    func() time.Time
	JSON   bool

	Workspace string
	Reason    string
}

// NewCmdRestore returns wsctl ws restore. runF replaces the run func in
// tests.
func NewCmdRestore(f *cmdutil.Factory, runF func(*RestoreOptions) error) *cobra.Command {
	opts := &RestoreOptions{IO: f.IOStreams, Now: f.Now}
	cmd := &cobra.Command{
		Use:   "restore <id|name>",
		Short: "Bring back a removed workspace within its restore window",
		Long: `Restore a removed workspace, together with the schedules its delete
disabled, the tokens it revoked and the children it removed.

A name is looked up among removed workspaces. A purged workspace, or one
whose restore window has passed, cannot be restored.

--reason is optional: when given, it is recorded in the audit log.`,
		Example:           `  wsctl ws restore incident-bot --reason "deleted by mistake"`,
		Args:              cmdutil.ExactArgs("<id|name>"),
		ValidArgsFunction: shared.CompleteRemovedWorkspaces(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Workspace = args[0]
			opts.JSON = f.Flags.JSON()
			opts.Client = f.Client
			if cmd.Flags().Changed("reason") {
				reason, err := shared.CheckReasonFlag(opts.Reason)
				if err != nil {
					return err
				}
				opts.Reason = reason
			}
			if runF != nil {
				return runF(opts)
			}
			return restoreRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "Why, recorded in the audit log (8 to 1000 characters, optional)")
	return cmd
}

func restoreRun(ctx context.Context, opts *RestoreOptions) error {
	c, err := opts.Client()
	if err != nil {
		return err
	}
	now := opts.Now()

	target, err := shared.ResolveRemoved(ctx, c, opts.Workspace)
	if err != nil {
		return err
	}
	if target.Workspace != nil && target.Workspace.RestorableUntil != nil {
		until := *target.Workspace.RestorableUntil
		fmt.Fprintf(opts.IO.ErrOut, "workspace %s %s is restorable until %s (%s left)\n",
			target.ID, output.QuoteName(target.Workspace.Name), output.FormatTime(until), output.FormatCountdown(until, now))
	}

	result, err := c.RestoreWorkspace(ctx, target.ID, opts.Reason)
	if err != nil {
		return restoreError(err, target.ID)
	}

	if opts.JSON {
		return output.JSON(opts.IO.Out, result.Raw)
	}
	cs := opts.IO.ColorScheme()
	fmt.Fprintln(opts.IO.ErrOut, cs.Success(fmt.Sprintf("Restored workspace %s: status %s", target.ID, result.Status)))
	fmt.Fprintf(opts.IO.ErrOut, "  brought back %s, %s and %s\n",
		shared.Plural(result.Restored.Schedules, "schedule", "schedules"),
		shared.Plural(result.Restored.Tokens, "token", "tokens"),
		shared.Plural(result.Restored.Children, "child", "children"))
	return nil
}

func restoreError(err error, id string) error {
	var apiErr *client.APIError
	errors.As(err, &apiErr)
	switch {
	case errors.Is(err, client.ErrNotSupported):
		return cmdutil.Errorf(cmdutil.ExitError, "this platform has no restore endpoint, so wsctl cannot restore workspace %s: %w", id, err).
			WithHint("the base platform keeps no restore window; a removed workspace there cannot be brought back with wsctl")
	case client.IsGone(err):
		var purgedAt time.Time
		if apiErr != nil && apiErr.Field("hard_purged_at", &purgedAt) {
			return cmdutil.Errorf(cmdutil.ExitGone, "workspace %s was purged at %s and cannot be restored", id, output.FormatTime(purgedAt))
		}
		return cmdutil.Errorf(cmdutil.ExitGone, "workspace %s was purged and cannot be restored: %w", id, err)
	case client.IsConflict(err):
		return cmdutil.Errorf(cmdutil.ExitConflict, "workspace %s is not removed: there is nothing to restore", id)
	case client.IsNotFound(err):
		return cmdutil.Errorf(cmdutil.ExitNotFound, "workspace %s not found: %w", id, err)
	}
	return err
}
