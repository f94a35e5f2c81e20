package guard

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Request headers guard reads.
const (
	HeaderConfirmName = "X-Confirm-Name"
	HeaderAuditReason = "X-Audit-Reason"
)

// Budget headers on responses to matched requests whose actor is known; see
// Check for the exceptions. Reset is in Unix seconds.
const (
	HeaderBudgetLimit     = "X-Destructive-Budget-Limit"
	HeaderBudgetRemaining = "X-Destructive-Budget-Remaining"
	HeaderBudgetReset     = "X-Destructive-Budget-Reset"
)

func (a *attempt) checkBudget() *Refusal {
	st, err := a.g.cfg.Budget.Peek(a.ctx, a.actor.Key(), a.now)
	if err != nil {
		a.g.logError(a, "peek destructive budget failed", err)
		return newRefusal(http.StatusServiceUnavailable, CodeBudgetUnavailable,
			"the destructive budget could not be checked; retry shortly")
	}
	a.setBudget(st)
	if st.Remaining <= 0 {
		return a.budgetExceeded()
	}
	return nil
}

func (a *attempt) budgetExceeded() *Refusal {
	retry := retryAfterSeconds(a.budget, a.now)
	return budgetRefusal(retry,
		fmt.Sprintf("this credential used all %d destructive actions of its window; retry after %d s", a.budget.Limit, retry))
}

// retryAfterSeconds returns the whole seconds, at least 1, until st.Reset.
func retryAfterSeconds(st BudgetState, now time.Time) int64 {
	retry := int64((st.Reset.Sub(now) + time.Second - 1) / time.Second)
	return max(retry, 1)
}

func budgetRefusal(retry int64, message string) *Refusal {
	f := newRefusal(http.StatusTooManyRequests, CodeBudgetExceeded, message)
	f.body.RetryAfter = &retry
	f.setHeader("Retry-After", strconv.FormatInt(retry, 10))
	return f
}

// ensureBudgetHeaders peeks the budget for a refusal that came before the
// budget check, so that every destructive response with a known actor
// carries the headers. A failing Peek only leaves them out.
func (a *attempt) ensureBudgetHeaders() {
	if a.budgetKnown || !a.actorOK {
		return
	}
	// The server cancels the request context when reading the body fails,
	// as after a body timeout, and the headers are still wanted then.
	st, err := a.g.cfg.Budget.Peek(context.WithoutCancel(a.ctx), a.actor.Key(), a.now)
	if err != nil {
		return
	}
	a.setBudget(st)
}

func (a *attempt) setBudget(st BudgetState) {
	a.budget, a.budgetKnown = st, true
	setBudgetHeaders(a.w.Header(), st)
}

func setBudgetHeaders(h http.Header, st BudgetState) {
	reset := st.Reset.Unix()
	if st.Reset.Nanosecond() > 0 {
		reset++ // round up so that a client waiting until Reset is never early
	}
	h.Set(HeaderBudgetLimit, strconv.Itoa(st.Limit))
	h.Set(HeaderBudgetRemaining, strconv.Itoa(st.Remaining))
	h.Set(HeaderBudgetReset, strconv.FormatInt(reset, 10))
}

// checkConfirmation checks X-Confirm-Name and the reason together, so that a
// request missing both learns about both in one refusal.
func (a *attempt) checkConfirmation() *Refusal {
	confirm, hasConfirm, f := a.headerText(HeaderConfirmName)
	if f != nil {
		return f
	}
	rawReason, hasReasonHeader, f := a.headerText(HeaderAuditReason)
	if f != nil {
		return f
	}
	if !hasReasonHeader {
		if rawReason, f = a.bodyReason(); f != nil {
			return f
		}
	}

	cfg := a.g.cfg
	reason, problem := validateReason(rawReason, cfg.MinReasonLen, cfg.MaxReasonLen)
	if problem != reasonControl {
		a.reason = truncateRunes(reason, cfg.MaxReasonLen)
	}

	if !hasConfirm || confirm == "" {
		missing := []string{HeaderConfirmName}
		if problem != reasonOK {
			missing = append(missing, "reason")
		}
		return a.requiresConfirmation(missing)
	}
	if !namesEqual(confirm, a.target.Name) {
		f := newRefusal(http.StatusBadRequest, CodeConfirmationMismatch,
			"X-Confirm-Name does not match the workspace's current name")
		f.body.Hint = hintMismatch
		f.body.WorkspaceID = a.workspaceID
		if cfg.EchoExpectedName {
			f.body.WorkspaceName = a.target.Name
		}
		return f
	}
	if problem != reasonOK {
		return a.reasonRequired(problem)
	}
	return nil
}

func (a *attempt) requiresConfirmation(missing []string) *Refusal {
	f := newRefusal(http.StatusBadRequest, CodeRequiresConfirmation,
		"this request is destructive and needs "+strings.Join(missing, " and "))
	imp := a.target.Impact
	f.body.Hint = hintConfirm
	f.body.Missing = missing
	f.body.WorkspaceID = a.workspaceID
	f.body.ActiveTasks = intPtr(imp.ActiveTasks)
	f.body.ChildCount = intPtr(imp.ChildCount)
	f.body.ScheduleCount = intPtr(imp.ScheduleCount)
	f.body.MemoryCount = intPtr(imp.MemoryCount)
	if a.g.cfg.EchoExpectedName {
		f.body.WorkspaceName = a.target.Name
	}
	return f
}

func (a *attempt) reasonRequired(problem reasonProblem) *Refusal {
	cfg := a.g.cfg
	var msg string
	switch problem {
	case reasonTooShort:
		msg = fmt.Sprintf("the reason is shorter than %d characters", cfg.MinReasonLen)
	case reasonTooLong:
		msg = fmt.Sprintf("the reason is longer than %d characters", cfg.MaxReasonLen)
	case reasonControl:
		msg = "the reason contains a control character, a bidirectional formatting character or U+FFFD (a byte that was not valid UTF-8); send plain text"
	default:
		msg = "a reason is required; send it in the JSON body or in header " + HeaderAuditReason
	}
	f := newRefusal(http.StatusBadRequest, CodeReasonRequired, msg)
	f.body.Hint = hintReason
	f.body.WorkspaceID = a.workspaceID
	f.body.MinLength = intPtr(cfg.MinReasonLen)
	f.body.MaxLength = intPtr(cfg.MaxReasonLen)
	return f
}

// headerText decodes a header sent raw or as an RFC 8187 ext-value. A
// repeated header is rejected because its parts could be read either way.
// The value itself never appears in the refusal.
func (a *attempt) headerText(name string) (text string, present bool, f *Refusal) {
	values := a.r.Header.Values(name)
	switch len(values) {
	case 0:
		return "", false, nil
	case 1:
	default:
		return "", true, newRefusal(http.StatusBadRequest, CodeInvalidHeader,
			fmt.Sprintf("header %s is repeated; send it once", name))
	}
	text, err := decodeHeaderValue(values[0])
	if err != nil {
		return "", true, newRefusal(http.StatusBadRequest, CodeInvalidHeader,
			fmt.Sprintf("header %s: %v", name, err))
	}
	return text, true, nil
}

// bodyReason reads the "reason" string of a JSON body. An empty body has no
// reason; a body that is not a JSON object, or whose reason is not a string,
// is rejected.
func (a *attempt) bodyReason() (string, *Refusal) {
	if f := a.readBody(); f != nil {
		return "", f
	}
	if len(strings.TrimSpace(string(a.body))) == 0 {
		return "", nil
	}
	var body struct {
		Reason *string `json:"reason"`
	}
	if err := json.Unmarshal(a.body, &body); err != nil {
		return "", newRefusal(http.StatusBadRequest, CodeInvalidBody,
			`the request body is not a valid JSON object; send {"reason": "..."} or use header `+HeaderAuditReason)
	}
	if body.Reason == nil {
		return "", nil
	}
	return *body.Reason, nil
}

func (a *attempt) checkPrecondition() *Refusal {
	ifMatch := a.r.Header.Get("If-Match")
	if ifMatch == "" || etagMatches(ifMatch, a.target.ETag) {
		return nil
	}
	f := newRefusal(http.StatusPreconditionFailed, CodePreconditionFailed,
		"the workspace changed since the client read it; read it again and re-check the impact")
	etag := a.target.ETag
	f.body.ETag = &etag
	f.body.WorkspaceID = a.workspaceID
	return f
}

// etagMatches applies an If-Match list to the current etag. "*" matches any
// existing workspace; otherwise the opaque tags are compared with any W/
// prefix and quotes removed, because hosts differ in how they quote.
func etagMatches(header, current string) bool {
	cur := opaqueTag(current)
	for _, part := range strings.Split(header, ",") {
		part = strings.TrimSpace(part)
		if part == "*" {
			return true
		}
		if part != "" && cur != "" && opaqueTag(part) == cur {
			return true
		}
	}
	return false
}

func opaqueTag(t string) string {
	t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
	if len(t) >= 2 && t[0] == '"' && t[len(t)-1] == '"' {
		t = t[1 : len(t)-1]
	}
	return t
}
