package ws

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/shared"
	"github.com/wsctl/wsctl/output"
)

// verifyTimeout bounds the read that checks whether a delete whose answer
// was lost took effect.
const verifyTimeout = 10 * time.Second

// checkDeletable stops a delete that cannot or must not proceed, before any
// confirmation is asked.
func checkDeletable(impact *client.Impact, cascade bool) error {
	if impact.Status == client.StatusRemoved {
		return cmdutil.Errorf(cmdutil.ExitGone, "workspace %s %s is already removed", impact.WorkspaceID, output.QuoteName(impact.Name))
	}
	if impact.ChildCount > 0 && !cascade {
		err := cmdutil.ConfirmErrorf("workspace %s has %d live children, so deleting it also removes them: nothing was changed",
			output.QuoteName(impact.Name), impact.ChildCount)
		for _, child := range impact.Children {
			err.WithHint(fmt.Sprintf("  %s  %s", child.ID, output.QuoteName(child.Name)))
		}
		return err.WithHint("pass --cascade to delete the workspace together with its children")
	}
	return nil
}

func printChanged(w io.Writer, err error) {
	var renamed *RenamedError
	if errors.As(err, &renamed) {
		fmt.Fprintln(w, renamed.Error()+"; here is its current state:")
		return
	}
	fmt.Fprintln(w, "the workspace changed since it was read, so nothing was deleted; here is its current state:")
}

// deleteOutput is the -o json result of a delete: the workspace's id and
// name, then every field of the platform's response.
func deleteOutput(impact *client.Impact, raw json.RawMessage) (json.RawMessage, error) {
	fields := map[string]json.RawMessage{}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &fields); err != nil {
			return nil, fmt.Errorf("decode the delete response: %w", err)
		}
	}
	id, _ := json.Marshal(impact.WorkspaceID)
	name, _ := json.Marshal(impact.Name)
	var b strings.Builder
	fmt.Fprintf(&b, `{"workspace_id":%s,"name":%s`, id, name)
	for _, key := range orderedKeys(raw) {
		value, ok := fields[key]
		if !ok || key == "workspace_id" || key == "name" {
			continue
		}
		keyJSON, _ := json.Marshal(key)
		fmt.Fprintf(&b, ",%s:%s", keyJSON, value)
	}
	b.WriteString("}")
	return json.RawMessage(b.String()), nil
}

// orderedKeys returns the top-level keys of a JSON object in the order the
// platform sent them, so the output keeps the response's field order.
func orderedKeys(raw json.RawMessage) []string {
	decoder := json.NewDecoder(strings.NewReader(string(raw)))
	if token, err := decoder.Token(); err != nil || token != json.Delim('{') {
		return nil
	}
	var keys []string
	for decoder.More() {
		token, err := decoder.Token()
		if err != nil {
			return keys
		}
		key, _ := token.(string)
		keys = append(keys, key)
		var skip json.RawMessage
		if err := decoder.Decode(&skip); err != nil {
			return keys
		}
	}
	return keys
}

func reportDeleted(opts *DeleteOptions, impact *client.Impact, result *client.DeleteResult) error {
	if opts.JSON {
		out, err := deleteOutput(impact, result.Raw)
		if err != nil {
			return err
		}
		if err := output.JSON(opts.IO.Out, out); err != nil {
			return err
		}
	}

	w := opts.IO.ErrOut
	cs := opts.IO.ColorScheme()
	fmt.Fprintln(w, cs.Success(fmt.Sprintf("Removed workspace %s (%s) on %s", output.QuoteName(impact.Name), impact.WorkspaceID, opts.Host())))
	if result.CascadeDeleted > 0 {
		fmt.Fprintf(w, "  %s removed with it\n", shared.Plural(result.CascadeDeleted, "descendant workspace was", "descendant workspaces were"))
	}
	if result.RestorableUntil == nil {
		fmt.Fprintln(w, "  this platform keeps no restore window: the delete cannot be undone with wsctl")
		return nil
	}
	until := *result.RestorableUntil
	fmt.Fprintf(w, "  restorable until %s (%s)\n", output.FormatTime(until), output.FormatRelative(until, opts.Now()))
	fmt.Fprintf(w, "  to undo: %s\n", cmdutil.Command("ws", "restore", impact.WorkspaceID))
	if result.Budget != nil {
		fmt.Fprintf(w, "  destructive actions left for this credential: %d of %d\n", result.Budget.Remaining, result.Budget.Limit)
	}
	return nil
}

// deleteError explains a failed delete. After a lost answer (timeout,
// dropped connection or Ctrl-C) it never retries: it reads the workspace
// once and reports whether the delete happened.
func deleteError(ctx context.Context, c *client.Client, opts *DeleteOptions, impact *client.Impact, err error) error {
	var transportErr *client.TransportError
	if errors.As(err, &transportErr) {
		return verifyDelete(ctx, c, opts, impact, err)
	}

	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		return err
	}
	switch {
	case client.IsPreconditionFailed(err):
		if current, readErr := shared.Preflight(ctx, c, impact.WorkspaceID, opts.Now()); readErr == nil {
			printChanged(opts.IO.ErrOut, err)
			shared.PrintPreflight(opts.IO.ErrOut, opts.Host(), current)
			shared.PrintUndo(opts.IO.ErrOut, shared.DeleteUndo(current))
		}
		return (&cmdutil.Error{Code: cmdutil.ExitConflict, Err: fmt.Errorf("workspace changed since the pre-flight read, nothing was deleted: %w", err)}).
			WithHint("check the new state above and run the command again")
	case client.IsConflict(err):
		cmdErr := &cmdutil.Error{Code: cmdutil.ExitConflict, Err: fmt.Errorf("the platform rejected the delete: %w", err)}
		var children []client.WorkspaceRef
		if apiErr.Field("children", &children) && len(children) > 0 {
			cmdErr.WithHint("live children: "+shared.ChildNames(children), "pass --cascade to delete them too")
		}
		return cmdErr
	case apiErr.Status == http.StatusBadRequest && isConfirmationRefusal(apiErr.Code):
		return &cmdutil.Error{Code: cmdutil.ExitConfirm, Err: fmt.Errorf("the platform rejected the confirmation, nothing was changed: %w", err)}
	case client.IsRateLimited(err):
		cmdErr := &cmdutil.Error{Code: cmdutil.ExitRateLimited, Err: fmt.Errorf("the platform rejected the delete, nothing was changed: %w", err)}
		if apiErr.RetryAfter > 0 {
			cmdErr.WithHint("retry after " + output.FormatDuration(apiErr.RetryAfter))
		}
		return cmdErr
	}
	return shared.WorkspaceReadError(err, impact.WorkspaceID, opts.Now())
}

func isConfirmationRefusal(code string) bool {
	switch code {
	case "destructive_action_requires_confirmation", "confirmation_mismatch", "reason_required":
		return true
	}
	return false
}

func verifyDelete(ctx context.Context, c *client.Client, opts *DeleteOptions, impact *client.Impact, sendErr error) error {
	interrupted := cmdutil.IsInterrupt(sendErr) || ctx.Err() != nil
	verifyCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), verifyTimeout)
	defer cancel()

	fmt.Fprintf(opts.IO.ErrOut, "no answer to the delete (%v); reading the workspace to see whether it happened\n", sendErr)
	ws, err := c.GetWorkspace(verifyCtx, impact.WorkspaceID)
	removed := client.IsGone(err) || (err == nil && ws.Status == client.StatusRemoved)
	switch {
	case removed:
		fmt.Fprintf(opts.IO.ErrOut, "the delete happened: workspace %s is removed\n", output.QuoteName(impact.Name))
		fmt.Fprintf(opts.IO.ErrOut, "see the restore window with: %s\n", cmdutil.Command("ws", "trash"))
		if interrupted {
			return &cmdutil.InterruptedError{Changed: true}
		}
		return nil
	case err == nil:
		if interrupted {
			return cmdutil.ErrInterruptedNothingChanged
		}
		return cmdutil.Errorf(cmdutil.ExitError, "the delete did not happen, workspace %s is still %s: %w", output.QuoteName(impact.Name), ws.Status, sendErr).
			WithHint("nothing was changed; run the command again when the platform is reachable")
	}
	return cmdutil.Errorf(cmdutil.ExitError, "cannot tell whether the delete happened: %w", sendErr).
		WithHint(fmt.Sprintf("the check failed too (%v); look with: %s", err, cmdutil.Command("ws", "get", impact.WorkspaceID)))
}
