package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// ListWorkspacesOptions filters ListWorkspaces.
type ListWorkspacesOptions struct {
	// ShowRemoved includes removed workspaces that can still be restored.
	// The base platform ignores it and never lists removed workspaces.
	ShowRemoved bool
}

// ConfirmOptions carries the confirmation of a destructive request.
type ConfirmOptions struct {
	// ConfirmName is the workspace's current name, typed by the operator.
	// It is sent as X-Confirm-Name, encoded with EncodeHeaderValue.
	ConfirmName string
	// Reason is recorded in the audit log. It is sent both as the JSON body
	// {"reason": …} and as X-Audit-Reason, for proxies that drop DELETE
	// bodies.
	Reason string
	// IfMatch is the ETag of a previous read. When set, a guarded platform
	// returns 412 if the workspace changed since.
	IfMatch string
}

// DeleteOptions carries the confirmation of DeleteWorkspace.
type DeleteOptions struct {
	ConfirmName string
	Reason      string
	IfMatch     string
	// Cascade sends confirm=true, which lets the delete remove live
	// children too. Without it, deleting a workspace with children returns
	// 409.
	Cascade bool
}

// RestartOptions configures RestartWorkspace.
type RestartOptions struct {
	// Reset discards the agent's session volume, which clears a stuck
	// session. Configuration and schedules are kept.
	Reset bool
	// Reason, when set, is sent in the body and recorded in a guarded
	// platform's audit log. The base platform ignores it.
	Reason string
}

// ListWorkspaces returns the workspaces the credential can see.
func (c *Client) ListWorkspaces(ctx context.Context, opts ListWorkspacesOptions) ([]Workspace, error) {
	req := call{method: http.MethodGet, path: "/workspaces"}
	if opts.ShowRemoved {
		req.query = url.Values{"show_removed": {"true"}}
	}
	resp, err := c.do(ctx, req)
	if err != nil {
		return nil, err
	}

	var workspaces []Workspace
	if err := decodeJSON(req, resp, &workspaces); err != nil {
		return nil, err
	}
	return workspaces, nil
}

// GetWorkspace returns one workspace with its ETag. On the base platform a
// removed workspace is still returned, with Status "removed". A guarded
// platform returns 410 instead (see IsGone).
func (c *Client) GetWorkspace(ctx context.Context, id string) (*Workspace, error) {
	if err := c.checkWorkspaceID(id); err != nil {
		return nil, err
	}
	req := call{method: http.MethodGet, path: workspacePath(id)}
	resp, err := c.do(ctx, req)
	if err != nil {
		return nil, err
	}

	var ws Workspace
	if err := decodeJSON(req, resp, &ws); err != nil {
		return nil, err
	}
	ws.ETag = resp.Header().Get("ETag")
	ws.Budget = parseBudget(resp)
	return &ws, nil
}

// DeleteWorkspace removes a workspace. It requires a confirmation name and a
// reason even though the base platform checks neither, so that no caller
// can delete by accident. A guarded platform keeps the workspace restorable
// until DeleteResult.RestorableUntil. The base platform keeps its rows but
// offers no restore. The request is never retried: after a *TransportError
// read the workspace to learn whether the delete happened.
func (c *Client) DeleteWorkspace(ctx context.Context, id string, opts DeleteOptions) (*DeleteResult, error) {
	confirm := ConfirmOptions{ConfirmName: opts.ConfirmName, Reason: opts.Reason, IfMatch: opts.IfMatch}
	if err := c.checkDestructive(id, confirm); err != nil {
		return nil, err
	}
	req := destructiveCall(http.MethodDelete, workspacePath(id), confirm)
	if opts.Cascade {
		req.query = url.Values{"confirm": {"true"}}
	}

	var result DeleteResult
	if err := c.doAction(ctx, req, &result); err != nil {
		return nil, err
	}
	return &result, nil
}

// RestoreWorkspace brings back a removed workspace within its restore
// window, together with what its delete disabled. reason may be empty. The
// base platform has no restore: the error then wraps ErrNotSupported.
func (c *Client) RestoreWorkspace(ctx context.Context, id, reason string) (*RestoreResult, error) {
	if err := c.checkWorkspaceID(id); err != nil {
		return nil, err
	}
	req := call{method: http.MethodPost, path: workspacePath(id, "restore")}
	if reason != "" {
		req.body = map[string]string{"reason": reason}
	}

	var result RestoreResult
	if err := c.doAction(ctx, req, &result); err != nil {
		return nil, err
	}
	return &result, nil
}

// PurgeWorkspace hard-deletes a removed workspace before its restore window
// ends. It cannot be undone. The base platform has no purge endpoint: the
// error then wraps ErrNotSupported.
func (c *Client) PurgeWorkspace(ctx context.Context, id string, opts ConfirmOptions) (*PurgeResult, error) {
	if err := c.checkDestructive(id, opts); err != nil {
		return nil, err
	}
	req := destructiveCall(http.MethodPost, workspacePath(id, "purge"), opts)

	var result PurgeResult
	if err := c.doAction(ctx, req, &result); err != nil {
		return nil, err
	}
	return &result, nil
}

// RestartWorkspace re-provisions a workspace, optionally with a fresh
// session. A guarded platform returns 410 for a removed workspace. The base
// platform instead flips it back to provisioning without re-enabling its
// schedules or tokens, so callers should check the status first.
func (c *Client) RestartWorkspace(ctx context.Context, id string, opts RestartOptions) (*RestartResult, error) {
	if err := c.checkWorkspaceID(id); err != nil {
		return nil, err
	}
	body := map[string]any{"reset": opts.Reset}
	if opts.Reason != "" {
		body["reason"] = opts.Reason
	}
	req := call{method: http.MethodPost, path: workspacePath(id, "restart"), body: body}

	var result RestartResult
	if err := c.doAction(ctx, req, &result); err != nil {
		return nil, err
	}
	return &result, nil
}

// SetWorkspaceDisabled disables or enables a workspace with PATCH
// {"disabled": …, "reason": …}. Disabling is destructive and needs the
// confirmation name and a reason. Enabling sends them only when given.
//
// NOTE: the base platform ignores the disabled field and still returns 200
// {"status":"updated"}, so success there does not prove anything changed.
func (c *Client) SetWorkspaceDisabled(ctx context.Context, id string, disabled bool, opts ConfirmOptions) (*ActionResult, error) {
	if err := c.checkDisableRequest(id, disabled, opts); err != nil {
		return nil, err
	}
	req := destructiveCall(http.MethodPatch, workspacePath(id), opts)
	body := map[string]any{"disabled": disabled}
	if opts.Reason != "" {
		body["reason"] = opts.Reason
	}
	req.body = body

	var result ActionResult
	if err := c.doAction(ctx, req, &result); err != nil {
		return nil, err
	}
	return &result, nil
}

// checkDisableRequest applies the destructive checks only when disabling,
// because enabling a workspace removes nothing.
func (c *Client) checkDisableRequest(id string, disabled bool, opts ConfirmOptions) error {
	if disabled {
		return c.checkDestructive(id, opts)
	}
	if err := c.checkWorkspaceID(id); err != nil {
		return err
	}
	return checkIfMatch(opts.IfMatch)
}

// destructiveCall builds a request carrying the confirmation headers and,
// when a reason is set, the reason body.
func destructiveCall(method, path string, opts ConfirmOptions) call {
	req := call{
		method: method,
		path:   path,
		header: map[string]string{
			"X-Confirm-Name": EncodeHeaderValue(opts.ConfirmName),
			"X-Audit-Reason": EncodeHeaderValue(opts.Reason),
			"If-Match":       opts.IfMatch,
		},
	}
	if opts.Reason != "" {
		req.body = map[string]string{"reason": opts.Reason}
	}
	return req
}

// doAction sends a state-changing request and decodes its result.
func (c *Client) doAction(ctx context.Context, req call, result actionResponse) error {
	resp, err := c.do(ctx, req)
	if err != nil {
		return err
	}
	if len(resp.Body()) > 0 {
		if err := decodeJSON(req, resp, result); err != nil {
			return err
		}
	}
	result.setResponse(resp)
	return nil
}

func (c *Client) checkWorkspaceID(id string) error {
	if err := validateWorkspaceID(id); err != nil {
		return errors.New(c.redact.String(err.Error()))
	}
	return nil
}

// checkDestructive rejects a destructive request that lacks a confirmation
// name or reason before anything is sent. It never echoes either value.
func (c *Client) checkDestructive(id string, opts ConfirmOptions) error {
	if err := c.checkWorkspaceID(id); err != nil {
		return err
	}
	if opts.ConfirmName == "" {
		return errors.New("missing confirmation name: destructive requests must carry the workspace's current name as X-Confirm-Name")
	}
	if opts.Reason == "" {
		return errors.New("missing reason: destructive requests must explain why, for the audit log")
	}
	return checkIfMatch(opts.IfMatch)
}

// checkIfMatch rejects an ETag that net/http would refuse to send. Without
// this check the failure would surface as a *TransportError, which callers
// treat as "the request may have reached the server".
func checkIfMatch(etag string) error {
	for _, r := range etag {
		if r < ' ' || r == 0x7F || r > 0x7E {
			return fmt.Errorf("invalid If-Match value %q: an ETag is printable ASCII, as returned in the ETag header of GetWorkspace", etag)
		}
	}
	return nil
}
