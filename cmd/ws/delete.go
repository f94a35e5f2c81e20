package ws

import (
	"context"
	"time"

	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/shared"
	"github.com/wsctl/wsctl/output"
	"github.com/wsctl/wsctl/prompt"
)

// DeleteOptions are the inputs of wsctl ws delete.
type DeleteOptions struct {
	IO       *output.IOStreams
	Client   func() (*client.Client, error)
	Prompter func() prompt.Prompter
	Now      func() time.Time
	Host     func() string
	Changes  *cmdutil.ChangeTracker
	// Blocker is the reason wsctl must not prompt, or "" when it may.
	Blocker string
	JSON    bool

	Workspace string
	Confirm   shared.ConfirmFlags
	Cascade   bool
	DryRun    bool
}

// NewCmdDelete returns wsctl ws delete. runF replaces the run func in tests.
func NewCmdDelete(f *cmdutil.Factory, runF func(*DeleteOptions) error) *cobra.Command {
	opts := &DeleteOptions{IO: f.IOStreams, Prompter: f.Prompter, Now: f.Now, Changes: f.Changes}
	cmd := &cobra.Command{
		Use:   "delete <id|name>",
		Short: "Delete a workspace after showing what it affects and confirming",
		Long: `Delete a workspace.

wsctl first reads what the delete would affect (active tasks, children,
schedules, memories, tokens, with the totals of every descendant) and
shows it on stderr, with a warning when tasks are running or the agent
session looks stuck. On a terminal it then asks you to type the workspace
name and a reason. Without a terminal, or with --no-prompt or CI set,
--confirm-name and --reason are required; a --confirm-name that does not
match stops before anything is sent.

--dry-run stops before the delete. It applies the same checks as a real
run to the --confirm-name and --reason given, and fails the same way, but
the platform's own checks and the destructive budget are not tried.

A workspace with children is deleted only with --cascade. On a platform
with a restore window the workspace can be restored until the time shown.`,
		Example: `  wsctl ws delete incident-bot
  wsctl ws delete incident-bot --dry-run
  wsctl ws delete 3f0c2a36-5b1e-4c7d-9a8f-0e1d2c3b4a59 --confirm-name incident-bot --reason "retired after INC-1234"`,
		Aliases:           []string{"rm"},
		Args:              cmdutil.ExactArgs("<id|name>"),
		ValidArgsFunction: shared.CompleteWorkspaces(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Workspace = args[0]
			opts.Confirm.NameSet = cmd.Flags().Changed("confirm-name")
			opts.Confirm.ReasonSet = cmd.Flags().Changed("reason")
			opts.JSON = f.Flags.JSON()
			opts.Blocker = f.PromptBlocker()
			opts.Client = f.Client
			opts.Host = hostFunc(f)
			if runF != nil {
				return runF(opts)
			}
			return deleteRun(cmd.Context(), opts)
		},
	}
	addConfirmFlags(cmd, &opts.Confirm)
	cmd.Flags().BoolVar(&opts.Cascade, "cascade", false, "Also delete the workspace's children (sends confirm=true)")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "Show what would be deleted and check the --confirm-name and --reason given, then stop without sending the delete")
	return cmd
}

func addConfirmFlags(cmd *cobra.Command, flags *shared.ConfirmFlags) {
	cmd.Flags().StringVar(&flags.Name, "confirm-name", "", "The workspace's exact current name, to confirm without a prompt")
	cmd.Flags().StringVar(&flags.Reason, "reason", "", "Why, recorded in the audit log (8 to 1000 characters)")
}

// hostFunc returns the platform name shown to the operator, resolved only
// when a run needs it.
func hostFunc(f *cmdutil.Factory) func() string {
	return func() string {
		target, err := f.Target()
		if err != nil {
			return "unknown platform"
		}
		return target.Host()
	}
}

func deleteRun(ctx context.Context, opts *DeleteOptions) error {
	c, err := opts.Client()
	if err != nil {
		return err
	}
	now := opts.Now()

	target, err := shared.ResolveLive(ctx, c, opts.Workspace, now)
	if err != nil {
		return err
	}

	for attempt := 1; ; attempt++ {
		impact, err := shared.Preflight(ctx, c, target.ID, now)
		if err != nil {
			return err
		}
		shared.PrintPreflight(opts.IO.ErrOut, opts.Host(), impact)
		shared.PrintUndo(opts.IO.ErrOut, shared.DeleteUndo(impact))
		shared.PrintPreflightWarnings(opts.IO.ErrOut, impact, "delete")
		if err := checkDeletable(impact, opts.Cascade); err != nil {
			return err
		}

		if opts.DryRun {
			return reportDryRun(opts, impact)
		}
		confirmation, err := shared.Confirm(shared.ConfirmRequest{
			Action:   "delete workspace",
			Name:     impact.Name,
			Flags:    opts.Confirm,
			Blocker:  opts.Blocker,
			Prompter: opts.Prompter,
		})
		if err != nil {
			return err
		}

		result, err := sendDelete(ctx, c, opts, impact, confirmation)
		if isConfirmationMismatch(err) {
			err = checkRenamed(ctx, c, impact, err)
		}
		if isChangedSincePreflight(err) && opts.Blocker == "" && attempt < maxDeleteAttempts {
			// The platform rejected the delete, so a Ctrl-C at the next
			// prompt must exit at once instead of cancelling a request.
			opts.Changes.ClearSent()
			printChanged(opts.IO.ErrOut, err)
			opts.Confirm = shared.ConfirmFlags{}
			continue
		}
		if err != nil {
			return deleteError(ctx, c, opts, impact, err)
		}
		return reportDeleted(opts, impact, result)
	}
}

// maxDeleteAttempts bounds how often a terminal session re-reads and asks
// again after the workspace changed between pre-flight and delete.
const maxDeleteAttempts = 3

func sendDelete(ctx context.Context, c *client.Client, opts *DeleteOptions, impact *client.Impact, confirmation *shared.Confirmation) (*client.DeleteResult, error) {
	opts.Changes.MarkSent()
	return c.DeleteWorkspace(ctx, impact.WorkspaceID, client.DeleteOptions{
		ConfirmName: confirmation.Name,
		Reason:      confirmation.Reason,
		IfMatch:     impact.ETag,
		Cascade:     opts.Cascade,
	})
}
