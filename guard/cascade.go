package guard

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
)

// TakeBudget consumes n more destructive actions from the budget of the
// credential behind an allowed request. Hosts call it for an action that
// reaches more workspaces than the one guard checked, such as a delete that
// cascades to n descendants, so that one confirmation cannot remove a whole
// tree while the budget counts it once. Check has already taken one action
// for the request itself.
//
// It returns nil when n actions were left and are now taken, and updates the
// budget headers on w. Otherwise it returns the refusal to serve instead of
// acting: 429 destructive_budget_exceeded when fewer than n remain, or 503
// budget_unavailable when the budget store fails. The refusal is logged, and
// Finish records the request as refused or failed with that code. For n <= 0,
// or a request guard did not allow, it does nothing and returns nil.
//
// NOTE: Budget has no way to take n at once, so TakeBudget peeks and then
// takes one action at a time. When concurrent requests of the same credential
// use up the budget in between, the request is refused and the actions it
// already took stay counted: a race errs toward refusing.
func (g *Guard) TakeBudget(w http.ResponseWriter, r *http.Request, n int) *Refusal {
	p, _ := r.Context().Value(pendingKey{}).(*pending)
	if p == nil || n <= 0 {
		return nil
	}
	p.mu.Lock()
	e := p.entry
	p.mu.Unlock()

	ctx := context.WithoutCancel(r.Context())
	f := g.takeBudget(ctx, w, e, n)
	if f == nil {
		return nil
	}

	p.mu.Lock()
	p.refusedCode = f.Code
	p.mu.Unlock()
	g.log.LogAttrs(ctx, slog.LevelInfo, "destructive request refused",
		slog.String("request_id", e.RequestID), slog.String("workspace_id", e.WorkspaceID),
		slog.String("actor", e.Actor.Key()), slog.String("action", string(e.Action)),
		slog.Int("status", f.Status), slog.String("error", f.Code), slog.Int("extra_actions", n),
		slog.String("reason", truncateRunes(e.Reason, maxLoggedReason)))
	return f
}

func (g *Guard) takeBudget(ctx context.Context, w http.ResponseWriter, e Entry, n int) *Refusal {
	key, now := e.Actor.Key(), g.now()
	st, err := g.cfg.Budget.Peek(ctx, key, now)
	ok := err == nil && st.Remaining >= n
	for taken := 0; ok && taken < n; taken++ {
		st, ok, err = g.cfg.Budget.Take(ctx, key, now)
	}
	if err != nil {
		g.log.LogAttrs(ctx, slog.LevelError, "take destructive budget failed",
			slog.String("request_id", e.RequestID), slog.String("workspace_id", e.WorkspaceID),
			slog.String("actor", e.Actor.Key()), slog.Any("err", err))
		return newRefusal(http.StatusServiceUnavailable, CodeBudgetUnavailable,
			"the destructive budget could not be checked; retry shortly")
	}

	setBudgetHeaders(w.Header(), st)
	if ok {
		return nil
	}
	retry := retryAfterSeconds(st, now)
	return budgetRefusal(retry, fmt.Sprintf(
		"this request reaches %d more workspaces, but this credential has %d of its %d destructive actions left in the window; "+
			"remove them in smaller steps or retry after %d s", n, st.Remaining, st.Limit, retry))
}
