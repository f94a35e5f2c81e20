package guard

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
)

type pendingKey struct{}

// pending is the allowed entry travelling with a request until the host
// commits it or Finish writes the outcome.
type pending struct {
	mu       sync.Mutex
	entry    Entry
	tx       TxAppender // nil: the entry was appended before the host ran
	written  bool       // the allowed entry is stored or committed with the action
	finished bool
	// refusedCode is the error code of a refusal guard returned after Check,
	// from TakeBudget, so that Finish records it instead of the status.
	refusedCode string
}

// PendingEntry returns the allowed audit entry of a request that passed
// guard's checks: action, actor, workspace, reason, request id and impact.
// ok is false for requests guard did not allow.
func PendingEntry(ctx context.Context) (Entry, bool) {
	p, _ := ctx.Value(pendingKey{}).(*pending)
	if p == nil {
		return Entry{}, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.entry, true
}

// CommitAuditTx writes the request's allowed audit entry inside the host's
// transaction tx, through Config.Audit's TxAppender, so that the entry
// commits or rolls back with the action. Call it in the destructive handler
// before tx.Commit. When it fails, roll back the action and respond with 503
// audit_unavailable.
//
// It does nothing and returns nil when ctx carries no pending entry, when
// the entry is already written (a second call), or when Config.Audit is not
// a TxAppender, in which case guard appended the entry before the host ran.
// Errors wrap ErrAuditUnavailable and the store's error.
func CommitAuditTx(ctx context.Context, tx *sql.Tx) error {
	p, _ := ctx.Value(pendingKey{}).(*pending)
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()

	if p.written || p.tx == nil {
		return nil
	}
	if tx == nil {
		return fmt.Errorf("guard: CommitAuditTx needs the transaction of the action, got nil: %w", ErrAuditUnavailable)
	}
	if err := p.tx.AppendTx(ctx, tx, p.entry); err != nil {
		return fmt.Errorf("guard: write audit entry %s in transaction: %w", p.entry.ID, errors.Join(ErrAuditUnavailable, err))
	}
	p.written = true
	return nil
}

// Finish records how the host handled an allowed destructive request. Call
// it once after the host ran, with the request from Decision.Request, the
// status the host wrote (0 counts as 200) and the value recovered from a
// panic, or nil. Middleware calls it for you; framework adapters call it
// themselves. It does nothing for requests guard did not allow and for a
// second call.
//
// Outcomes: a panic or a 5xx status is written as outcome "failed" with
// error "host_panic" or "host_failed_<status>"; a 4xx status as "refused"
// with error "host_rejected_<status>". When the allowed entry was already
// written, these go in a follow-up entry with a new id and the same request
// id. A 2xx or 3xx status needs nothing more unless the host has a
// TxAppender audit log and never called CommitAuditTx: then Finish appends
// the allowed entry now. That fallback is not atomic, because the action has
// already happened when the write fails, so it is logged at warn. Any write
// of Finish that fails is logged at error.
func (g *Guard) Finish(r *http.Request, status int, recovered any) {
	p, _ := r.Context().Value(pendingKey{}).(*pending)
	if p == nil {
		return
	}
	p.mu.Lock()
	if p.finished {
		p.mu.Unlock()
		return
	}
	p.finished = true
	written, e, refusedCode := p.written, p.entry, p.refusedCode
	p.mu.Unlock()

	if status == 0 {
		status = http.StatusOK
	}
	switch {
	case recovered != nil:
		e.Outcome, e.Error = OutcomeFailed, "host_panic"
	case status >= 500:
		e.Outcome, e.Error = OutcomeFailed, "host_failed_"+strconv.Itoa(status)
	case status >= 400:
		e.Outcome, e.Error = OutcomeRefused, "host_rejected_"+strconv.Itoa(status)
	case written:
		return
	default:
		g.log.LogAttrs(r.Context(), slog.LevelWarn, "destructive request committed without CommitAuditTx; writing its audit entry after the action",
			slog.String("request_id", e.RequestID), slog.String("workspace_id", e.WorkspaceID), slog.String("action", string(e.Action)))
	}

	if refusedCode != "" && status >= 400 {
		e.Error = refusedCode
	}
	if written {
		e.ID = newID()
		e.Time = g.now().UTC()
	}
	if err := g.cfg.Audit.Append(context.WithoutCancel(r.Context()), e); err != nil {
		g.log.LogAttrs(r.Context(), slog.LevelError, "write audit entry after the host ran failed",
			slog.String("request_id", e.RequestID), slog.String("workspace_id", e.WorkspaceID),
			slog.String("action", string(e.Action)), slog.String("outcome", string(e.Outcome)), slog.Any("err", err))
	}
}
