package guard

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Decision is the result of Check.
type Decision struct {
	// Request is the request to hand to the host when Refusal is nil. For an
	// allowed destructive request it carries the pending audit entry in its
	// context and the body guard read; otherwise it may be the original.
	Request *http.Request
	// Refusal is the rejection, already audited and logged, when guard
	// refused the request. Serve it instead of calling the host.
	Refusal *Refusal
	// Action is the matched rule's action, or "" when no rule matched.
	Action Action

	pending *pending // set when guard allowed a destructive request
}

// Allowed reports whether the host should handle Decision.Request.
func (d Decision) Allowed() bool { return d.Refusal == nil }

// Check decides one request. It is the framework-neutral form of
// Middleware: call it after authentication, serve d.Refusal and stop when it
// is set, otherwise run the host with d.Request and then call Finish with
// the status it wrote.
//
// Requests that match no rule return at once with the original request and
// without allocating. Matched requests go through these checks in order,
// each with its own refusal:
//
//   - a canonical path (400 invalid_path);
//   - the body, only when the rule inspects it (413 body_too_large, 400
//     body_timeout or invalid_body);
//   - an identified actor (401) and Authorize (403);
//   - the workspace: an unknown id passes to the host unchanged, and a
//     Resolver error gives 503;
//   - the budget (429);
//   - the header encoding (400 invalid_header), then the body when the
//     reason is not in X-Audit-Reason;
//   - the confirmation and the reason (400);
//   - If-Match (412).
//
// Then the budget is taken (429 on a lost race) and the allowed entry is
// prepared.
//
// Check sets the budget headers on w for a matched request whose actor is
// known, with two exceptions. A request it passes to the host unchecked gets
// none: an unknown workspace, or a body the rule's Body test finds harmless,
// such as a PATCH that does not disable. A refusal that comes before the
// budget check gets none when reading the budget fails.
func (g *Guard) Check(w http.ResponseWriter, r *http.Request) Decision {
	if !containsFold(g.methods, r.Method) {
		return Decision{Request: r}
	}
	rule, m, canonical := g.matchRequest(r)
	if rule == nil {
		return Decision{Request: r}
	}

	a := g.newAttempt(w, r, rule, m)
	if !canonical {
		return a.refuse(newRefusal(http.StatusBadRequest, CodeInvalidPath,
			"the request path is not in canonical form (empty, dot or percent-encoded segments, or a trailing slash); send /workspaces/<id> exactly"))
	}
	return a.run()
}

// attempt carries the state of one matched request through the checks.
type attempt struct {
	g           *Guard
	w           http.ResponseWriter
	r           *http.Request
	ctx         context.Context
	rule        *compiledRule
	workspaceID string
	resourceID  string
	requestID   string
	now         time.Time

	actor   Actor
	actorOK bool
	target  *Target

	budget      BudgetState
	budgetKnown bool

	reason   string
	body     []byte
	bodyRead bool
}

func (g *Guard) newAttempt(w http.ResponseWriter, r *http.Request, rule *compiledRule, m pathMatch) *attempt {
	a := &attempt{
		g: g, w: w, r: r, ctx: r.Context(), rule: rule, now: g.now(),
		workspaceID: SanitizeText(m.workspaceID), resourceID: SanitizeText(m.resourceID),
	}

	a.requestID = RequestIDFromContext(a.ctx)
	if a.requestID == "" {
		a.requestID = newID()
		a.ctx = context.WithValue(a.ctx, requestIDKey{}, a.requestID)
		w.Header().Set(HeaderRequestID, a.requestID)
	}

	a.actor, a.actorOK = g.cfg.Actor(r)
	a.actor.TokenPrefix = truncatePrefix(a.actor.TokenPrefix)
	if !a.actorOK {
		a.actor = Actor{Kind: "anonymous"}
	}
	return a
}

func (a *attempt) run() Decision {
	if a.rule.Body != nil {
		if f := a.readBody(); f != nil {
			return a.refuse(f)
		}
		if !a.rule.Body(a.body) {
			return a.pass()
		}
	}

	if !a.actorOK {
		return a.refuse(newRefusal(http.StatusUnauthorized, CodeAuthenticationRequired,
			"this destructive request needs an authenticated credential"))
	}
	if auth := a.g.cfg.Authorize; auth != nil && !auth(a.ctx, a.actor, a.rule.Action) {
		return a.refuse(newRefusal(http.StatusForbidden, CodeForbidden,
			fmt.Sprintf("this credential may not perform %s", a.rule.Action)))
	}

	target, err := a.g.cfg.Resolver.ResolveWorkspace(a.ctx, a.workspaceID)
	if errors.Is(err, ErrNotFound) {
		return a.pass()
	}
	if err != nil {
		a.g.logError(a, "resolve workspace failed", err)
		return a.refuse(newRefusal(http.StatusServiceUnavailable, CodeResolverUnavailable,
			"the workspace could not be looked up; retry shortly"))
	}
	a.target = &target

	if f := a.checkBudget(); f != nil {
		return a.refuse(f)
	}
	if f := a.checkConfirmation(); f != nil {
		return a.refuse(f)
	}
	if f := a.checkPrecondition(); f != nil {
		return a.refuse(f)
	}
	return a.allow()
}

// pass hands the request to the host unguarded, because the rule's body test
// reported it as not destructive or the workspace does not exist.
func (a *attempt) pass() Decision {
	return Decision{Request: a.forward(a.ctx)}
}

// forward returns the request to give the host, with ctx and, when guard
// read the body, a fresh reader over the same bytes.
func (a *attempt) forward(ctx context.Context) *http.Request {
	if ctx == a.r.Context() && !a.bodyRead {
		return a.r
	}
	r := a.r.WithContext(ctx)
	if a.bodyRead {
		restoreBody(r, a.body)
	}
	return r
}

func (a *attempt) refuse(f *Refusal) Decision {
	a.ensureBudgetHeaders()
	if f.Status == http.StatusBadRequest && f.Code == CodeBodyTimeout {
		f.setHeader("Connection", "close")
	}

	e := a.entry(OutcomeRefused, f.Code)
	if err := a.g.cfg.Audit.Append(context.WithoutCancel(a.ctx), e); err != nil {
		a.g.logError(a, "write refused audit entry failed", err)
	}
	a.g.logRefusal(a, f)
	return Decision{Request: a.r, Refusal: f, Action: a.rule.Action}
}

func (a *attempt) allow() Decision {
	st, ok, err := a.g.cfg.Budget.Take(a.ctx, a.actor.Key(), a.now)
	if err != nil {
		a.g.logError(a, "take destructive budget failed", err)
		return a.refuse(newRefusal(http.StatusServiceUnavailable, CodeBudgetUnavailable,
			"the destructive budget could not be checked; retry shortly"))
	}
	a.setBudget(st)
	if !ok {
		return a.refuse(a.budgetExceeded())
	}

	p := &pending{entry: a.entry(OutcomeAllowed, ""), tx: a.g.txAudit}
	if p.tx == nil {
		// Without a transaction to share, the entry is written before the
		// host acts, so that an action never happens unrecorded.
		if err := a.g.cfg.Audit.Append(context.WithoutCancel(a.ctx), p.entry); err != nil {
			a.g.logError(a, "write allowed audit entry failed", err)
			return a.refuse(newRefusal(http.StatusServiceUnavailable, CodeAuditUnavailable,
				"the audit log is unavailable, so the action was not performed; retry shortly"))
		}
		p.written = true
	}

	a.g.logAllowed(a)
	ctx := context.WithValue(a.ctx, pendingKey{}, p)
	return Decision{Request: a.forward(ctx), Action: a.rule.Action, pending: p}
}

func (a *attempt) entry(outcome Outcome, code string) Entry {
	e := Entry{
		ID:          newID(),
		Time:        a.now.UTC(),
		Action:      a.rule.Action,
		Outcome:     outcome,
		Error:       code,
		Actor:       a.actor,
		WorkspaceID: a.workspaceID,
		ResourceID:  a.resourceID,
		Reason:      a.reason,
		RequestID:   a.requestID,
		RemoteAddr:  a.r.RemoteAddr,
		UserAgent:   SanitizeText(a.r.UserAgent()),
	}
	if a.target != nil {
		e.WorkspaceName = a.target.Name
		impact := a.target.Impact
		e.Impact = &impact
	}
	return e
}
