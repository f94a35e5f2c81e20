package ws

import (
	"context"
	"errors"
	"fmt"
	"net/http"

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
	shared.PrintDryRun(w, opts.Confirm, opts.Blocker)
	return nil
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
