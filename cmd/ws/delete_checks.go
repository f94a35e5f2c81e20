package ws

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/shared"
	"github.com/wsctl/wsctl/output"
)

// reportDryRun applies the real run's local checks to the confirmation
// flags that were given, so a dry run fails where the real run would, and
// then reports exactly what was and was not checked.
func reportDryRun(opts *DeleteOptions, impact *client.Impact) error {
	if _, err := shared.CheckConfirmFlags(opts.Confirm, impact.Name); err != nil {
		return err
	}

	if opts.JSON {
		err := output.JSON(opts.IO.Out, map[string]any{
			"dry_run":      true,
			"workspace_id": impact.WorkspaceID,
			"name":         impact.Name,
			"checked":      map[string]bool{"name": opts.Confirm.NameSet, "reason": opts.Confirm.ReasonSet},
			"impact":       impact,
		})
		if err != nil {
			return err
		}
	}
	w := opts.IO.ErrOut
	if impact.Budget != nil {
		fmt.Fprintf(w, "destructive actions left for this credential: %d of %d%s\n", impact.Budget.Remaining, impact.Budget.Limit, budgetReset(impact.Budget))
	}
	fmt.Fprintln(w, dryRunSummary(opts.Confirm))
	switch {
	case opts.Confirm.NameSet && opts.Confirm.ReasonSet:
	case opts.Blocker != "":
		fmt.Fprintf(w, "a real run here also needs %s, because wsctl cannot prompt: %s\n", missingConfirmFlags(opts.Confirm), opts.Blocker)
	default:
		fmt.Fprintln(w, "a real run also asks for what was not given: the workspace name and a reason, typed at the prompt or passed as --confirm-name and --reason")
	}
	return nil
}

// dryRunSummary is the last line of a dry run. It names what passed
// wsctl's checks and what was never tried, so "passed" is never read as a
// promise that the delete will succeed.
func dryRunSummary(flags shared.ConfirmFlags) string {
	const notTried = " (the platform's budget and its own checks were not tried)"
	var checked string
	switch {
	case flags.NameSet && flags.ReasonSet:
		checked = "the name and reason given pass wsctl's checks"
	case flags.NameSet:
		checked = "the name given passes wsctl's checks; no reason was given, so none was checked"
	case flags.ReasonSet:
		checked = "the reason given passes wsctl's checks; no name was given, so none was checked"
	default:
		checked = "no name or reason was given, so neither was checked"
	}
	return "dry run: nothing was sent; " + checked + notTried
}

func missingConfirmFlags(flags shared.ConfirmFlags) string {
	var missing []string
	if !flags.NameSet {
		missing = append(missing, "--confirm-name")
	}
	if !flags.ReasonSet {
		missing = append(missing, "--reason")
	}
	return strings.Join(missing, " and ")
}

func budgetReset(b *client.Budget) string {
	if b.Reset == "" {
		return ""
	}
	return ", resets at " + b.Reset
}

// RenamedError reports that the workspace's name changed between the
// pre-flight read and the delete, so the name the operator confirmed no
// longer matches and the platform changed nothing.
type RenamedError struct {
	ID, From, To string
}

func (e *RenamedError) Error() string {
	return fmt.Sprintf("workspace %s was renamed from %s to %s after the pre-flight; nothing was changed",
		e.ID, output.QuoteName(e.From), output.QuoteName(e.To))
}

func isConfirmationMismatch(err error) bool {
	var apiErr *client.APIError
	return errors.As(err, &apiErr) && apiErr.Status == http.StatusBadRequest && apiErr.Code == "confirmation_mismatch"
}

// checkRenamed reads the workspace after the platform rejected the
// confirmed name. When the name changed since the pre-flight it returns an
// ExitConflict *RenamedError, and otherwise sendErr unchanged.
func checkRenamed(ctx context.Context, c *client.Client, impact *client.Impact, sendErr error) error {
	ws, err := c.GetWorkspace(ctx, impact.WorkspaceID)
	if err != nil || norm.NFC.String(ws.Name) == norm.NFC.String(impact.Name) {
		return sendErr
	}
	renamed := &RenamedError{ID: impact.WorkspaceID, From: impact.Name, To: ws.Name}
	return (&cmdutil.Error{Code: cmdutil.ExitConflict, Err: renamed}).
		WithHint("check the new name and run the command again")
}

// isChangedSincePreflight reports whether the delete was rejected because
// the workspace changed after the pre-flight read: a 412, or a rename.
func isChangedSincePreflight(err error) bool {
	var renamed *RenamedError
	return client.IsPreconditionFailed(err) || errors.As(err, &renamed)
}
