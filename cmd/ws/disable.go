package ws

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/shared"
	"github.com/wsctl/wsctl/output"
	"github.com/wsctl/wsctl/prompt"
)

// DisableOptions are the inputs of wsctl ws disable and wsctl ws enable.
type DisableOptions struct {
	IO       *output.IOStreams
	Client   func() (*client.Client, error)
	Prompter func() prompt.Prompter
	Now      func() time.Time
	Host     func() string
	Changes  *cmdutil.ChangeTracker
	Blocker  string
	JSON     bool

	Workspace string
	Confirm   shared.ConfirmFlags
	// Disable is true for disable and false for enable.
	Disable bool
}

// NewCmdDisable returns wsctl ws disable. runF replaces the run func in
// tests.
func NewCmdDisable(f *cmdutil.Factory, runF func(*DisableOptions) error) *cobra.Command {
	return newCmdSetDisabled(f, runF, true)
}

// NewCmdEnable returns wsctl ws enable. runF replaces the run func in tests.
func NewCmdEnable(f *cmdutil.Factory, runF func(*DisableOptions) error) *cobra.Command {
	return newCmdSetDisabled(f, runF, false)
}

func newCmdSetDisabled(f *cmdutil.Factory, runF func(*DisableOptions) error, disable bool) *cobra.Command {
	opts := &DisableOptions{IO: f.IOStreams, Prompter: f.Prompter, Now: f.Now, Changes: f.Changes, Disable: disable}
	cmd := &cobra.Command{
		Use:               "enable <id|name>",
		Short:             "Enable a disabled workspace",
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
			return setDisabledRun(cmd.Context(), opts)
		},
	}
	if disable {
		cmd.Use = "disable <id|name>"
		cmd.Short = "Disable a workspace after showing what it affects and confirming"
		cmd.Long = `Disable a workspace. Like delete, this shows the pre-flight summary and
needs the workspace name and a reason, typed at the prompt or passed as
--confirm-name and --reason.`
		addConfirmFlags(cmd, &opts.Confirm)
	}
	return cmd
}

func setDisabledRun(ctx context.Context, opts *DisableOptions) error {
	c, err := opts.Client()
	if err != nil {
		return err
	}
	now := opts.Now()

	target, err := shared.ResolveLive(ctx, c, opts.Workspace, now)
	if err != nil {
		return err
	}

	confirm := client.ConfirmOptions{}
	if opts.Disable {
		impact, err := shared.Preflight(ctx, c, target.ID, now)
		if err != nil {
			return err
		}
		shared.PrintPreflight(opts.IO.ErrOut, opts.Host(), impact)
		shared.PrintUndo(opts.IO.ErrOut, cmdutil.Command("ws", "enable", impact.WorkspaceID))
		shared.PrintPreflightWarnings(opts.IO.ErrOut, impact, "disable")
		confirmation, err := shared.Confirm(shared.ConfirmRequest{
			Action: "disable workspace", Name: impact.Name, Flags: opts.Confirm,
			Blocker: opts.Blocker, Prompter: opts.Prompter,
		})
		if err != nil {
			return err
		}
		confirm = client.ConfirmOptions{ConfirmName: confirmation.Name, Reason: confirmation.Reason, IfMatch: impact.ETag}
	}

	opts.Changes.MarkSent()
	result, err := c.SetWorkspaceDisabled(ctx, target.ID, opts.Disable, confirm)
	if err != nil {
		return shared.WorkspaceReadError(err, target.ID, now)
	}
	if opts.JSON {
		return output.JSON(opts.IO.Out, result.Raw)
	}
	verb := "Enabled"
	if opts.Disable {
		verb = "Disabled"
	}
	fmt.Fprintln(opts.IO.ErrOut, opts.IO.ColorScheme().Success(fmt.Sprintf("%s workspace %s on %s", verb, target.ID, opts.Host())))
	return nil
}
