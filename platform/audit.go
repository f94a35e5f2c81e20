package platform

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/wsctl/wsctl/guard"
	"github.com/wsctl/wsctl/guard/sqlaudit"
)

var (
	auditActions = map[string]bool{
		string(guard.ActionWorkspaceDelete): true, string(guard.ActionWorkspaceRestore): true,
		string(guard.ActionWorkspacePurge): true, string(guard.ActionWorkspaceDisable): true,
		string(guard.ActionWorkspaceRestart): true, string(guard.ActionMemoryDelete): true,
		string(guard.ActionWorkspacePause): true, string(guard.ActionWorkspaceResume): true,
	}
	auditOutcomes = map[string]bool{
		string(guard.OutcomeAllowed): true, string(guard.OutcomeRefused): true, string(guard.OutcomeFailed): true,
	}
	auditParams = map[string]bool{
		"workspace_id": true, "action": true, "actor": true, "outcome": true,
		"since": true, "until": true, "limit": true, "cursor": true,
	}
)

// parseAuditFilter reads the query of GET /admin/audit. Every error names
// the parameter and the accepted form.
func parseAuditFilter(r *http.Request) (guard.AuditFilter, error) {
	q := r.URL.Query()
	for name, values := range q {
		if !auditParams[name] {
			return guard.AuditFilter{}, badRequestf("unknown query parameter %q: use workspace_id, action, actor, outcome, since, until, limit or cursor", name)
		}
		if len(values) > 1 {
			return guard.AuditFilter{}, badRequestf("invalid %s: give it once", name)
		}
	}

	f := guard.AuditFilter{
		WorkspaceID: q.Get("workspace_id"), Action: guard.Action(q.Get("action")), Actor: q.Get("actor"),
		Outcome: guard.Outcome(q.Get("outcome")), Cursor: q.Get("cursor"),
	}
	if f.WorkspaceID != "" && !validUUID(f.WorkspaceID) {
		return f, badRequestf("invalid workspace_id %q: must be a workspace UUID", f.WorkspaceID)
	}
	if !validActorFilter(f.Actor) {
		return f, badRequestf("invalid actor: use a token prefix or a token label, at most %d characters of valid UTF-8 without control characters", maxNameLen)
	}
	if f.Action != "" && !auditActions[string(f.Action)] {
		return f, badRequestf("invalid action %q: use workspace.delete, workspace.restore, workspace.purge, workspace.disable, workspace.restart, workspace.pause, workspace.resume or memory.delete", f.Action)
	}
	if f.Outcome != "" && !auditOutcomes[string(f.Outcome)] {
		return f, badRequestf("invalid outcome %q: use allowed, refused or failed", f.Outcome)
	}
	var err error
	if f.Since, err = parseTimeParam(q.Get("since"), "since"); err != nil {
		return f, err
	}
	if f.Until, err = parseTimeParam(q.Get("until"), "until"); err != nil {
		return f, err
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > sqlaudit.MaxLimit {
			return f, badRequestf("invalid limit %q: use an integer from 1 to %d", v, sqlaudit.MaxLimit)
		}
		f.Limit = n
	}
	return f, nil
}

// validActorFilter accepts what a token prefix or label can be. Anything
// else matches no entry, and text such as NUL or invalid UTF-8 would make
// the Postgres query fail.
func validActorFilter(actor string) bool {
	return utf8.ValidString(actor) && utf8.RuneCountInString(actor) <= maxNameLen &&
		strings.IndexFunc(actor, unicode.IsControl) < 0
}

func parseTimeParam(v, name string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, badRequestf("invalid %s %q: use an RFC 3339 time such as 2026-01-02T15:04:05Z", name, v)
	}
	return t, nil
}

func (p *Platform) handleAudit(w http.ResponseWriter, r *http.Request) {
	f, err := parseAuditFilter(r)
	if err != nil {
		writeBadRequest(w, err)
		return
	}
	page, err := p.audit.Query(r.Context(), f)
	switch {
	case errors.Is(err, guard.ErrInvalidCursor):
		writeError(w, http.StatusBadRequest, "invalid cursor: pass the next_cursor of a previous page unchanged")
		return
	case errors.Is(err, sqlaudit.ErrInvalidFilter):
		writeError(w, http.StatusBadRequest, "invalid since or until: since must be before until")
		return
	case err != nil:
		p.unavailable(w, r, "query audit log", err)
		return
	}
	if page.Entries == nil {
		page.Entries = []guard.Entry{}
	}
	writeJSON(w, http.StatusOK, page)
}

func (p *Platform) handleHealth(w http.ResponseWriter, r *http.Request) {
	if err := p.store.DB().PingContext(r.Context()); err != nil {
		p.unavailable(w, r, "health check", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "label": p.opts.Label, "store": p.store.Kind()})
}
