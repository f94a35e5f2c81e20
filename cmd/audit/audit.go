// Package audit holds the wsctl audit commands.
package audit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/shared"
	"github.com/wsctl/wsctl/output"
)

// NewCmdAudit returns the audit command group.
func NewCmdAudit(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit <command>",
		Short: "Read the platform's audit log of destructive actions",
		Args:  cobra.ArbitraryArgs,
		RunE:  shared.GroupRunE,
	}
	cmd.AddCommand(NewCmdList(f, nil))
	return cmd
}

// ListOptions are the inputs of wsctl audit list.
type ListOptions struct {
	IO     *output.IOStreams
	Client func() (*client.Client, error)
	JSON   bool

	Query client.AuditQuery
	// Workspace is the --workspace value. An id goes straight into
	// Query.WorkspaceID; a name is resolved by the run func.
	Workspace string
	// All follows next_cursor until the last page.
	All bool
}

// Actions are the audited actions --action accepts.
var Actions = []string{
	"workspace.delete", "workspace.restore", "workspace.purge", "workspace.disable",
	"workspace.restart", "workspace.pause", "workspace.resume", "memory.delete",
}

// Outcomes are the audit outcomes --outcome accepts.
var Outcomes = []string{"allowed", "refused", "failed"}

// maxLimit is the largest page size --limit accepts.
const maxLimit = 1000

// NewCmdList returns wsctl audit list. runF replaces the run func in tests.
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{IO: f.IOStreams}
	var since, until string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List audit entries, newest first",
		Long: `List the platform's audit entries of destructive actions, newest first.

--workspace takes an id, or the exact name of a live or removed workspace.

When standard output is not a terminal, the table has no header row and
prints nothing when no entry matches. Each row is tab-separated in this
order: time, action, outcome, actor, workspace, reason, error.`,
		Example: `  wsctl audit list --since 30d --action workspace.delete
  wsctl audit list --workspace 3f0c2a36-5b1e-4c7d-9a8f-0e1d2c3b4a59 --all -o json`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := parseListFlags(opts, since, until, cmd.Flags().Changed("limit"), f.Now()); err != nil {
				return err
			}
			opts.JSON = f.Flags.JSON()
			opts.Client = f.Client
			if runF != nil {
				return runF(opts)
			}
			return listRun(cmd.Context(), opts)
		},
	}
	flags := cmd.Flags()
	flags.StringVar(&opts.Workspace, "workspace", "", "Only entries for this workspace: an id, or the exact name of a live or removed workspace")
	flags.StringVar(&opts.Query.Action, "action", "", "Only this action: "+strings.Join(Actions, ", "))
	flags.StringVar(&opts.Query.Actor, "actor", "", "Only this actor: a token prefix or a credential label")
	flags.StringVar(&opts.Query.Outcome, "outcome", "", "Only this outcome: allowed, refused or failed")
	flags.StringVar(&since, "since", "", "Entries at or after this time: an age such as 30d or 12h, or an RFC 3339 time")
	flags.StringVar(&until, "until", "", "Entries before this time: an age such as 1h, or an RFC 3339 time")
	flags.IntVar(&opts.Query.Limit, "limit", 0, "Entries per page, 1 to 1000 (the platform's default when not given)")
	flags.BoolVar(&opts.All, "all", false, "Fetch every page, not just the first")
	_ = cmd.RegisterFlagCompletionFunc("outcome", cobra.FixedCompletions(Outcomes, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("action", cobra.FixedCompletions(Actions, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("workspace", shared.CompleteAnyWorkspace(f))
	return cmd
}

// parseListFlags checks every filter before anything is sent, so a typo is
// a usage error naming the value instead of a platform error.
func parseListFlags(opts *ListOptions, since, until string, limitSet bool, now time.Time) error {
	var err error
	if since != "" {
		if opts.Query.Since, err = cmdutil.ParseTimeFlag("since", since, now); err != nil {
			return err
		}
	}
	if until != "" {
		if opts.Query.Until, err = cmdutil.ParseTimeFlag("until", until, now); err != nil {
			return err
		}
	}
	if !opts.Query.Since.IsZero() && !opts.Query.Until.IsZero() && !opts.Query.Since.Before(opts.Query.Until) {
		return cmdutil.FlagErrorf("invalid --since %q and --until %q: --since must be before --until (since %s, until %s)",
			since, until, output.FormatTime(opts.Query.Since), output.FormatTime(opts.Query.Until))
	}
	if opts.Query.Action != "" {
		if err := cmdutil.OneOf("action", opts.Query.Action, Actions...); err != nil {
			return err
		}
	}
	if opts.Query.Outcome != "" {
		if err := cmdutil.OneOf("outcome", opts.Query.Outcome, Outcomes...); err != nil {
			return err
		}
	}
	if limitSet && (opts.Query.Limit < 1 || opts.Query.Limit > maxLimit) {
		return cmdutil.FlagErrorf("invalid --limit %d: use a number from 1 to %d", opts.Query.Limit, maxLimit)
	}
	if shared.IsID(opts.Workspace) {
		opts.Query.WorkspaceID = strings.ToLower(opts.Workspace)
	}
	return nil
}

func listRun(ctx context.Context, opts *ListOptions) error {
	c, err := opts.Client()
	if err != nil {
		return err
	}
	if opts.Workspace != "" && opts.Query.WorkspaceID == "" {
		target, err := shared.ResolveAny(ctx, c, opts.Workspace)
		if err != nil {
			return err
		}
		opts.Query.WorkspaceID = target.ID
	}

	// An empty log is printed as "entries": [] in JSON, as the platform sends it.
	entries := []client.AuditEntry{}
	query := opts.Query
	next := ""
	for {
		page, err := c.ListAudit(ctx, query)
		if errors.Is(err, client.ErrNotSupported) {
			return cmdutil.Errorf(cmdutil.ExitError, "this platform keeps no audit log: %w", err)
		}
		if err != nil {
			return fmt.Errorf("list audit entries: %w", err)
		}
		entries = append(entries, page.Entries...)
		next = page.NextCursor
		if !opts.All || next == "" {
			break
		}
		query.Cursor = next
	}

	if opts.JSON {
		return output.JSON(opts.IO.Out, client.AuditPage{Entries: entries, NextCursor: next})
	}
	table := output.NewTable(opts.IO, "time", "action", "outcome", "actor", "workspace", "resource", "reason", "error")
	table.ShrinkColumn("reason")
	for _, e := range entries {
		table.Append(output.FormatTime(e.Time), e.Action, e.Outcome, actorLabel(e.Actor),
			workspaceLabel(e), e.ResourceID, e.Reason, e.Error)
	}
	if err := table.Render(); err != nil {
		return err
	}
	if next != "" {
		fmt.Fprintln(opts.IO.ErrOut, "more entries exist: pass --all to fetch every page")
	}
	return nil
}

func actorLabel(a client.AuditActor) string {
	if a.Label != "" {
		return a.Kind + ":" + a.Label
	}
	return a.Kind + ":" + a.TokenPrefix
}

func workspaceLabel(e client.AuditEntry) string {
	if e.WorkspaceName == "" {
		return e.WorkspaceID
	}
	return e.WorkspaceID + " " + output.QuoteName(e.WorkspaceName)
}
