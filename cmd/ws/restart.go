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
	"github.com/wsctl/wsctl/prompt"
)

// DefaultPollInterval is how often restart --wait reads the workspace.
const DefaultPollInterval = 2 * time.Second

// RestartOptions are the inputs of wsctl ws restart.
type RestartOptions struct {
	IO       *output.IOStreams
	Client   func() (*client.Client, error)
	Prompter func() prompt.Prompter
	Now      func() time.Time
	Changes  *cmdutil.ChangeTracker
	Blocker  string
	JSON     bool
	// PollInterval is the pause between reads while waiting; tests shorten it.
	PollInterval time.Duration

	Workspace    string
	ResetSession bool
	// Reason is the checked --reason, or "" when none was given.
	Reason  string
	Yes     bool
	Wait    bool
	Timeout time.Duration
}

// NewCmdRestart returns wsctl ws restart. runF replaces the run func in
// tests.
func NewCmdRestart(f *cmdutil.Factory, runF func(*RestartOptions) error) *cobra.Command {
	opts := &RestartOptions{IO: f.IOStreams, Prompter: f.Prompter, Now: f.Now, Changes: f.Changes, PollInterval: DefaultPollInterval}
	cmd := &cobra.Command{
		Use:   "restart <id|name>",
		Short: "Re-provision a workspace, optionally with a fresh agent session",
		Long: `Restart a workspace. Its configuration and schedules are kept.

A plain restart ends the tasks in flight, which is what clears a stuck
session (the cure the stuck-session warning names). The agent's session,
its conversation state, is kept.

--reset-session also discards the agent's session, so the agent starts
without its conversation state; wsctl asks first, or needs --yes without
a terminal.

--wait polls until the workspace is online or failed.`,
		Example:           `  wsctl ws restart incident-bot --reset-session --wait`,
		Args:              cmdutil.ExactArgs("<id|name>"),
		ValidArgsFunction: shared.CompleteWorkspaces(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Workspace = args[0]
			opts.JSON = f.Flags.JSON()
			opts.Blocker = f.PromptBlocker()
			opts.Client = f.Client
			if cmd.Flags().Changed("reason") {
				reason, err := shared.CheckReasonFlag(opts.Reason)
				if err != nil {
					return err
				}
				opts.Reason = reason
			}
			if opts.Timeout <= 0 {
				return cmdutil.FlagErrorf("invalid --timeout %s: use a positive duration such as 5m", opts.Timeout)
			}
			if runF != nil {
				return runF(opts)
			}
			return restartRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.ResetSession, "reset-session", false, "Also discard the agent's session (conversation state); asks first")
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "Skip the --reset-session question")
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "Why, recorded in the audit log (8 to 1000 characters, optional)")
	cmd.Flags().BoolVar(&opts.Wait, "wait", false, "Wait until the workspace is online or failed")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", 5*time.Minute, "How long --wait waits")
	return cmd
}

func restartRun(ctx context.Context, opts *RestartOptions) error {
	c, err := opts.Client()
	if err != nil {
		return err
	}
	now := opts.Now()

	target, err := shared.ResolveLive(ctx, c, opts.Workspace, now)
	if err != nil {
		return err
	}
	if opts.ResetSession && !opts.Yes {
		if err := confirmResetSession(ctx, c, opts, target); err != nil {
			return err
		}
	}

	opts.Changes.MarkSent()
	result, err := c.RestartWorkspace(ctx, target.ID, client.RestartOptions{Reset: opts.ResetSession, Reason: opts.Reason})
	if err != nil {
		return shared.WorkspaceReadError(err, target.ID, now)
	}
	fmt.Fprintf(opts.IO.ErrOut, "restarting workspace %s: %s\n", target.ID, result.Status)
	if !opts.Wait {
		if opts.JSON {
			return output.JSON(opts.IO.Out, result.Raw)
		}
		return nil
	}

	ws, err := waitForWorkspace(ctx, c, opts, target.ID)
	if err != nil {
		return err
	}
	if opts.JSON {
		return output.JSON(opts.IO.Out, ws.Raw)
	}
	if ws.Status == client.StatusFailed {
		return cmdutil.Errorf(cmdutil.ExitError, "workspace %s failed to start: %s", ws.ID, valueOrNone(ws.LastSampleError))
	}
	fmt.Fprintln(opts.IO.ErrOut, opts.IO.ColorScheme().Success(fmt.Sprintf("workspace %s is online", ws.ID)))
	return nil
}

// confirmResetSession asks before the agent's session is discarded, naming
// the workspace by name and id. A target given by id is read first, only
// when there is a terminal to ask on.
func confirmResetSession(ctx context.Context, c *client.Client, opts *RestartOptions, target *shared.Resolved) error {
	label := target.ID
	if opts.Blocker == "" {
		ws := target.Workspace
		if ws == nil {
			read, err := c.GetWorkspace(ctx, target.ID)
			if err != nil {
				return shared.WorkspaceReadError(err, target.ID, opts.Now())
			}
			ws = read
		}
		label = fmt.Sprintf("%s (%s)", output.QuoteName(ws.Name), ws.ID)
	}
	question := prompt.ConfirmPrompt{
		Title:       fmt.Sprintf("Discard the agent session of workspace %s?", label),
		Description: "The session volume is deleted; configuration and schedules are kept.",
	}
	return shared.AskYesNo(opts.Blocker, opts.Prompter, question, "--yes")
}

// waitForWorkspace polls until the workspace is online or failed, showing a
// spinner on stderr.
func waitForWorkspace(ctx context.Context, c *client.Client, opts *RestartOptions, id string) (*client.Workspace, error) {
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	spinner := output.NewSpinner(opts.IO)
	spinner.Start(fmt.Sprintf("waiting for workspace %s to come online", id))
	defer spinner.Stop()

	ticker := time.NewTicker(opts.PollInterval)
	defer ticker.Stop()
	for {
		ws, err := c.GetWorkspace(ctx, id)
		if err != nil && ctx.Err() == nil {
			return nil, shared.WorkspaceReadError(err, id, opts.Now())
		}
		if err == nil && (ws.Status == client.StatusOnline || ws.Status == client.StatusFailed) {
			return ws, nil
		}

		select {
		case <-ticker.C:
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return nil, cmdutil.Errorf(cmdutil.ExitError, "timed out after %s waiting for workspace %s to come online", opts.Timeout, id).
					WithHint("the restart was sent; check later with: " + cmdutil.Command("ws", "get", id))
			}
			return nil, &cmdutil.InterruptedError{Changed: true, Workspace: id}
		}
	}
}

func valueOrNone(s string) string {
	if s == "" {
		return "no error reported"
	}
	return s
}
