package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// AuditQuery filters ListAudit. Zero fields do not filter.
type AuditQuery struct {
	WorkspaceID string
	// Action is an audited action such as "workspace.delete".
	Action string
	// Actor matches a token prefix or a credential label.
	Actor string
	// Outcome is "allowed", "refused" or "failed".
	Outcome string
	// Since is inclusive and Until exclusive.
	Since, Until time.Time
	// Limit is the page size. Zero lets the server choose.
	Limit int
	// Cursor is AuditPage.NextCursor of the previous page.
	Cursor string
}

// AuditPage is one page of audit entries, newest first. NextCursor is empty
// on the last page.
type AuditPage struct {
	Entries    []AuditEntry `json:"entries"`
	NextCursor string       `json:"next_cursor,omitempty"`
}

// AuditEntry records one destructive attempt, whether allowed, refused or
// failed. It never contains a token, only its prefix.
type AuditEntry struct {
	ID            string     `json:"id"`
	Time          time.Time  `json:"time"`
	Action        string     `json:"action"`
	Outcome       string     `json:"outcome"`
	Error         string     `json:"error,omitempty"`
	Actor         AuditActor `json:"actor"`
	WorkspaceID   string     `json:"workspace_id,omitempty"`
	WorkspaceName string     `json:"workspace_name,omitempty"`
	// ResourceID is the id of the item inside the workspace that the
	// action targeted, such as the deleted memory's id, or "".
	ResourceID string `json:"resource_id,omitempty"`
	Reason     string `json:"reason,omitempty"`
	RequestID  string `json:"request_id,omitempty"`
	RemoteAddr string `json:"remote_addr,omitempty"`
	UserAgent  string `json:"user_agent,omitempty"`
	// Impact contains the counts taken at the time of the attempt, as sent.
	Impact json.RawMessage `json:"impact,omitempty"`
}

// AuditActor identifies the credential behind an audited attempt.
type AuditActor struct {
	// Kind is the credential type, such as "org", "workspace" or "admin".
	Kind string `json:"kind"`
	// TokenPrefix is at most the first 8 characters of the token.
	TokenPrefix string `json:"token_prefix,omitempty"`
	Label       string `json:"label,omitempty"`
}

// ListAudit returns one page of the audit log from GET /admin/audit. The
// base platform keeps no audit log: the error then wraps ErrNotSupported.
func (c *Client) ListAudit(ctx context.Context, q AuditQuery) (*AuditPage, error) {
	req := call{method: http.MethodGet, path: "/admin/audit", query: q.values()}
	resp, err := c.do(ctx, req)
	if err != nil {
		return nil, err
	}

	var page AuditPage
	if err := decodeJSON(req, resp, &page); err != nil {
		return nil, err
	}
	return &page, nil
}

func (q AuditQuery) values() url.Values {
	v := url.Values{}
	set := func(name, value string) {
		if value != "" {
			v.Set(name, value)
		}
	}
	set("workspace_id", q.WorkspaceID)
	set("action", q.Action)
	set("actor", q.Actor)
	set("outcome", q.Outcome)
	if !q.Since.IsZero() {
		v.Set("since", q.Since.UTC().Format(time.RFC3339))
	}
	if !q.Until.IsZero() {
		v.Set("until", q.Until.UTC().Format(time.RFC3339))
	}
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	set("cursor", q.Cursor)
	return v
}
