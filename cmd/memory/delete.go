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
	"github.com/wsctl/wsctl/prompt"
)

// DeleteOptions are the inputs of wsctl memory delete.
type DeleteOptions struct {
	IO       *output.IOStreams
	Client   func() (*client.Client, error)
	Prompter func() prompt.Prompter
	Now      func() time.Time
	Changes  *cmdutil.ChangeTracker
	Blocker  string
	JSON     bool

	Workspace string
	MemoryIDs []string
	Confirm   shared.ConfirmFlags
	// IgnoreMissing drops ids that a complete listing lacks instead of
	// refusing the batch.
	IgnoreMissing bool
	DryRun        bool
}

// NewCmdDelete returns wsctl memory delete. runF replaces the run func in
// tests.
func NewCmdDelete(f *cmdutil.Factory, runF func(*DeleteOptions) error) *cobra.Command {
	opts := &DeleteOptions{IO: f.IOStreams, Prompter: f.Prompter, Now: f.Now, Changes: f.Changes}
	cmd := &cobra.Command{
		Use:   "delete <workspace> <memory-id>...",
		Short: "Delete memories of a workspace, with one confirmation for the batch",
		Long: `Delete one or more memories of a workspace. This cannot be undone.

wsctl first lists the memories that will be deleted (id, scope, creation
time and the first line of the content). An id that the workspace's
listing lacks stops the batch before anything is sent (exit 5), unless
--ignore-missing drops it. The platform lists at most 50 memories, so
when the listing is full an unlisted id is reported as "not among the
first 50 listed" and still sent.

One confirmation (the workspace name and a reason) covers the whole batch.
Each memory gets a result line, and the command exits non-zero if any
delete failed. --dry-run stops before the confirmation is sent, after
checking the --confirm-name and --reason given.`,
		Example:           `  wsctl memory delete incident-bot 9b1e... 4c2d... --confirm-name incident-bot --reason "leaked credentials"`,
		Args:              cmdutil.MinimumArgs("<workspace>", "<memory-id>"),
		ValidArgsFunction: completeDelete(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Workspace = args[0]
			opts.MemoryIDs = args[1:]
			opts.Confirm.NameSet = cmd.Flags().Changed("confirm-name")
			opts.Confirm.ReasonSet = cmd.Flags().Changed("reason")
			opts.JSON = f.Flags.JSON()
			opts.Blocker = f.PromptBlocker()
			opts.Client = f.Client
			if runF != nil {
				return runF(opts)
			}
			return deleteRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Confirm.Name, "confirm-name", "", "The workspace's exact current name, to confirm without a prompt")
	cmd.Flags().StringVar(&opts.Confirm.Reason, "reason", "", "Why, recorded in the audit log (8 to 1000 characters)")
	cmd.Flags().BoolVar(&opts.IgnoreMissing, "ignore-missing", false, "Skip memory ids that the workspace does not have instead of refusing the batch")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "Show what would be deleted and check the --confirm-name and --reason given, then stop")
	return cmd
}

// deleteResult is one memory's line of -o json output.
type deleteResult struct {
	MemoryID string `json:"memory_id"`
	Status   string `json:"status"`
	Error    string `json:"error,omitempty"`
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
	ws, err := c.GetWorkspace(ctx, target.ID)
	if err != nil {
		return shared.WorkspaceReadError(err, target.ID, now)
	}
	listed, err := c.ListMemories(ctx, ws.ID)
	if err != nil {
		return shared.WorkspaceReadError(err, ws.ID, now)
	}
	opts.MemoryIDs = uniqueIDs(opts.IO.ErrOut, opts.MemoryIDs)
	sel := selectMemories(listed, opts.MemoryIDs)
	printPreview(opts.IO.ErrOut, ws, sel)
	if err := checkMissing(ws, sel, opts.IgnoreMissing); err != nil {
		return err
	}
	memoryIDs := toDelete(opts.MemoryIDs, sel)
	if len(memoryIDs) == 0 {
		return cmdutil.Errorf(cmdutil.ExitNotFound, "none of the memories was found in workspace %s: nothing was changed", output.QuoteName(ws.Name))
	}
	if opts.DryRun {
		return reportDryRun(opts, ws, sel, memoryIDs)
	}

	confirmation, err := shared.Confirm(shared.ConfirmRequest{
		Action: "delete memories of workspace", Name: ws.Name, Flags: opts.Confirm,
		Blocker: opts.Blocker, Prompter: opts.Prompter,
	})
	if err != nil {
		return err
	}

	opts.Changes.MarkSent()
	var results []deleteResult
	var firstErr error
	for _, memoryID := range memoryIDs {
		_, err := c.DeleteMemory(ctx, ws.ID, memoryID, client.ConfirmOptions{
			ConfirmName: confirmation.Name, Reason: confirmation.Reason,
		})
		results = append(results, reportMemory(opts, memoryID, err))
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}

	if opts.JSON {
		if err := output.JSON(opts.IO.Out, results); err != nil {
			return err
		}
	}
	if firstErr != nil {
		failed := 0
		for _, r := range results {
			if r.Error != "" {
				failed++
			}
		}
		return &cmdutil.Error{Code: cmdutil.ExitCodeOf(firstErr), Err: fmt.Errorf("%d of %d memory deletes failed", failed, len(results))}
	}
	return nil
}

// reportDryRun applies the real run's local checks to the confirmation
// flags given, prints the pre-flight as JSON with -o json, and reports what
// was and was not checked, as ws delete --dry-run does.
func reportDryRun(opts *DeleteOptions, ws *client.Workspace, sel selection, memoryIDs []string) error {
	if _, err := shared.CheckConfirmFlags(opts.Confirm, ws.Name); err != nil {
		return err
	}
	if opts.JSON {
		missing := sel.missing
		if missing == nil {
			missing = []string{}
		}
		err := output.JSON(opts.IO.Out, map[string]any{
			"dry_run":      true,
			"workspace_id": ws.ID,
			"name":         ws.Name,
			"checked":      map[string]bool{"name": opts.Confirm.NameSet, "reason": opts.Confirm.ReasonSet},
			"to_delete":    memoryIDs,
			"memories":     sel.found,
			"missing":      missing,
			"restorable":   false,
		})
		if err != nil {
			return err
		}
	}
	shared.PrintDryRun(opts.IO.ErrOut, opts.Confirm, opts.Blocker)
	return nil
}

// reportMemory writes one result line per memory. The word "deleted" or
// "failed" carries the outcome, because the icons show only on a terminal.
func reportMemory(opts *DeleteOptions, memoryID string, err error) deleteResult {
	cs := opts.IO.ColorScheme()
	if err != nil {
		fmt.Fprintln(opts.IO.ErrOut, withIcon(cs.FailureIcon(), fmt.Sprintf("%s: failed: %v", memoryID, err)))
		return deleteResult{MemoryID: memoryID, Status: "failed", Error: err.Error()}
	}
	fmt.Fprintln(opts.IO.ErrOut, withIcon(cs.SuccessIcon(), memoryID+": deleted"))
	return deleteResult{MemoryID: memoryID, Status: "deleted"}
}

func withIcon(icon, line string) string {
	if icon == "" {
		return line
	}
	return icon + " " + line
}
