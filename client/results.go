package client

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/go-resty/resty/v2"
)

// ActionResult is the part every state-changing call returns.
type ActionResult struct {
	// Status is the body's "status" field, such as "removed", "purged",
	// "provisioning", "updated" or "deleted".
	Status string `json:"status"`
	// RequestID is the X-Request-Id response header. The base platform
	// sends none.
	RequestID string `json:"-"`
	// Budget is the credential's destructive budget after this request, or
	// nil when the server sends no X-Destructive-Budget-Limit header.
	Budget *Budget `json:"-"`
	// Raw is the response body as sent.
	Raw json.RawMessage `json:"-"`
}

func (a *ActionResult) setResponse(resp *resty.Response) {
	a.RequestID = resp.Header().Get("X-Request-Id")
	a.Budget = parseBudget(resp)
	a.Raw = json.RawMessage(resp.Body())
}

// actionResponse is implemented by every result that embeds ActionResult.
type actionResponse interface {
	setResponse(resp *resty.Response)
}

// DeleteResult is the outcome of DeleteWorkspace.
type DeleteResult struct {
	ActionResult
	// CascadeDeleted counts the descendants removed with the workspace, not
	// the workspace itself.
	CascadeDeleted int `json:"cascade_deleted"`
	// RemovedAt and RestorableUntil are nil on the base platform, which
	// has no restore window.
	RemovedAt       *time.Time `json:"removed_at,omitempty"`
	RestorableUntil *time.Time `json:"restorable_until,omitempty"`
}

// RestoreResult is the outcome of RestoreWorkspace. Status is the status the
// workspace had before the delete.
type RestoreResult struct {
	ActionResult
	Restored RestoredCounts `json:"restored"`
}

// RestoredCounts counts what a restore brought back: exactly the schedules
// the delete disabled, the tokens it revoked and the children it cascaded to.
type RestoredCounts struct {
	Schedules int `json:"schedules"`
	Tokens    int `json:"tokens"`
	Children  int `json:"children"`
}

// PurgeResult is the outcome of PurgeWorkspace.
type PurgeResult struct {
	ActionResult
	HardPurgedAt *time.Time `json:"hard_purged_at,omitempty"`
}

// RestartResult is the outcome of RestartWorkspace. Re-provisioning runs
// asynchronously: poll GetWorkspace until the status is online or failed.
type RestartResult struct {
	ActionResult
	ConfigDir    string `json:"config_dir,omitempty"`
	ResetSession bool   `json:"reset_session"`
}

func parseBudget(resp *resty.Response) *Budget {
	h := resp.Header()
	limit, err := strconv.Atoi(h.Get("X-Destructive-Budget-Limit"))
	if err != nil {
		return nil
	}
	remaining, _ := strconv.Atoi(h.Get("X-Destructive-Budget-Remaining"))
	return &Budget{Limit: limit, Remaining: remaining, Reset: h.Get("X-Destructive-Budget-Reset")}
}

// UnmarshalJSON decodes a workspace and keeps the original bytes in Raw.
func (w *Workspace) UnmarshalJSON(data []byte) error {
	type plain Workspace
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	*w = Workspace(p)
	w.Raw = append(json.RawMessage(nil), data...)
	return nil
}
