package shared

import (
	"errors"
	"fmt"
	"time"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/output"
)

// WorkspaceReadError explains a failed read of workspace id: a 410 says
// whether it was removed (with the restore command and deadline) or purged,
// and a 404 says that no such workspace exists.
func WorkspaceReadError(err error, id string, now time.Time) error {
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		return err
	}
	switch {
	case client.IsGone(err) && apiErr.Code == "workspace_purged":
		var purgedAt time.Time
		if apiErr.Field("hard_purged_at", &purgedAt) {
			return &cmdutil.Error{Code: cmdutil.ExitGone, Err: fmt.Errorf("workspace %s was purged at %s and cannot be restored: %w", id, output.FormatTime(purgedAt), err)}
		}
		return &cmdutil.Error{Code: cmdutil.ExitGone, Err: fmt.Errorf("workspace %s was purged and cannot be restored: %w", id, err)}
	case client.IsGone(err):
		cmdErr := &cmdutil.Error{Code: cmdutil.ExitGone, Err: fmt.Errorf("workspace %s is removed: %w", id, err)}
		var until time.Time
		if apiErr.Field("restorable_until", &until) {
			cmdErr.WithHint(fmt.Sprintf("it can be restored until %s (%s): %s",
				output.FormatTime(until), output.FormatRelative(until, now), cmdutil.Command("ws", "restore", id)))
		}
		return cmdErr
	case client.IsNotFound(err):
		return &cmdutil.Error{Code: cmdutil.ExitNotFound, Err: fmt.Errorf("workspace %s not found: %w", id, err)}
	}
	return err
}
