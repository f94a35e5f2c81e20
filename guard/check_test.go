package guard

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestCheckPaths(t *testing.T) {
	withHeaders := func(r *http.Request, kv ...string) *http.Request {
		for i := 0; i < len(kv); i += 2 {
			r.Header.Add(kv[i], kv[i+1])
		}
		return r
	}
	authed := func(method, target, body string) *http.Request {
		var r *http.Request
		if body == "" {
			r = httptest.NewRequest(method, target, nil)
		} else {
			r = httptest.NewRequest(method, target, strings.NewReader(body))
		}
		r.Header.Set("Authorization", "Bearer "+testToken)
		return r
	}
	wsPath := "/workspaces/" + testWorkspaceID

	tests := []struct {
		name       string
		edit       func(*Config)
		req        *http.Request
		wantStatus int
		wantError  string
		wantHost   bool
		wantAudit  Outcome // "" means no entry
	}{
		{name: "get passes", req: authed(http.MethodGet, wsPath, ""), wantStatus: 200, wantHost: true},
		{name: "restart passes", req: authed(http.MethodPost, wsPath+"/restart", ""), wantStatus: 200, wantHost: true},
		{name: "patch rename passes", req: authed(http.MethodPatch, wsPath, `{"name":"beta"}`), wantStatus: 200, wantHost: true},
		{name: "patch enable passes", req: authed(http.MethodPatch, wsPath, `{"disabled":false}`), wantStatus: 200, wantHost: true},
		{name: "unknown workspace passes", req: authed(http.MethodDelete, "/workspaces/unknown", ""), wantStatus: 200, wantHost: true},
		{
			name: "allowed with headers", req: deleteRequest(testName, testReason),
			wantStatus: 200, wantHost: true, wantAudit: OutcomeAllowed,
		},
		{
			name: "allowed with body reason", req: withHeaders(authed(http.MethodDelete, wsPath+"?purge=true", `{"reason":"purge after incident"}`), HeaderConfirmName, testName),
			wantStatus: 200, wantHost: true, wantAudit: OutcomeAllowed,
		},
		{
			name: "allowed memory delete", req: withHeaders(authed(http.MethodDelete, wsPath+"/memories/m1", ""), HeaderConfirmName, testName, HeaderAuditReason, testReason),
			wantStatus: 200, wantHost: true, wantAudit: OutcomeAllowed,
		},
		{
			name: "allowed purge", req: withHeaders(authed(http.MethodPost, wsPath+"/purge", `{"reason":"early purge requested"}`), HeaderConfirmName, testName),
			wantStatus: 200, wantHost: true, wantAudit: OutcomeAllowed,
		},
		{
			name: "allowed disable", req: withHeaders(authed(http.MethodPatch, wsPath, `{"disabled":true,"reason":"disable for audit"}`), HeaderConfirmName, testName),
			wantStatus: 200, wantHost: true, wantAudit: OutcomeAllowed,
		},
		{
			name: "allowed if-match", req: withHeaders(deleteRequest(testName, testReason), "If-Match", `"v1"`),
			wantStatus: 200, wantHost: true, wantAudit: OutcomeAllowed,
		},
		{
			name: "no credential", req: httptest.NewRequest(http.MethodDelete, wsPath, nil),
			wantStatus: 401, wantError: CodeAuthenticationRequired, wantAudit: OutcomeRefused,
		},
		{
			name: "forbidden", edit: func(c *Config) {
				c.Authorize = func(context.Context, Actor, Action) bool { return false }
			},
			req: deleteRequest(testName, testReason), wantStatus: 403, wantError: CodeForbidden, wantAudit: OutcomeRefused,
		},
		{
			name: "resolver down", edit: func(c *Config) { c.Resolver = mapResolver{err: errStoreDown} },
			req: deleteRequest(testName, testReason), wantStatus: 503, wantError: CodeResolverUnavailable, wantAudit: OutcomeRefused,
		},
		{
			name: "budget exhausted", edit: func(c *Config) { c.Budget = exhaustedBudget() },
			req: deleteRequest(testName, testReason), wantStatus: 429, wantError: CodeBudgetExceeded, wantAudit: OutcomeRefused,
		},
		{
			name: "budget store down", edit: func(c *Config) { c.Budget = failingBudget{} },
			req: deleteRequest(testName, testReason), wantStatus: 503, wantError: CodeBudgetUnavailable, wantAudit: OutcomeRefused,
		},
		{
			name: "no confirmation", req: deleteRequest("", testReason),
			wantStatus: 400, wantError: CodeRequiresConfirmation, wantAudit: OutcomeRefused,
		},
		{
			name: "nothing sent", req: deleteRequest("", ""),
			wantStatus: 400, wantError: CodeRequiresConfirmation, wantAudit: OutcomeRefused,
		},
		{
			name: "wrong name", req: deleteRequest("beta", testReason),
			wantStatus: 400, wantError: CodeConfirmationMismatch, wantAudit: OutcomeRefused,
		},
		{
			name: "no reason", req: deleteRequest(testName, ""),
			wantStatus: 400, wantError: CodeReasonRequired, wantAudit: OutcomeRefused,
		},
		{
			name: "short reason", req: deleteRequest(testName, "   oops   "),
			wantStatus: 400, wantError: CodeReasonRequired, wantAudit: OutcomeRefused,
		},
		{
			name: "long reason", req: deleteRequest(testName, strings.Repeat("x", 1001)),
			wantStatus: 400, wantError: CodeReasonRequired, wantAudit: OutcomeRefused,
		},
		{
			name: "control in reason", req: deleteRequest(testName, "UTF-8''line%0Abreak%20here"),
			wantStatus: 400, wantError: CodeReasonRequired, wantAudit: OutcomeRefused,
		},
		{
			name: "malformed ext-value", req: deleteRequest("UTF-8''al%ZZpha", testReason),
			wantStatus: 400, wantError: CodeInvalidHeader, wantAudit: OutcomeRefused,
		},
		{
			name: "repeated confirmation", req: withHeaders(deleteRequest(testName, testReason), HeaderConfirmName, testName),
			wantStatus: 400, wantError: CodeInvalidHeader, wantAudit: OutcomeRefused,
		},
		{
			name: "invalid body", req: withHeaders(authed(http.MethodDelete, wsPath, `{"reason":`), HeaderConfirmName, testName),
			wantStatus: 400, wantError: CodeInvalidBody, wantAudit: OutcomeRefused,
		},
		{
			name: "reason not a string", req: withHeaders(authed(http.MethodDelete, wsPath, `{"reason":12345678}`), HeaderConfirmName, testName),
			wantStatus: 400, wantError: CodeInvalidBody, wantAudit: OutcomeRefused,
		},
		{
			name: "body too large", edit: func(c *Config) { c.MaxBodyBytes = 16 },
			req:        withHeaders(authed(http.MethodDelete, wsPath, `{"reason":"`+strings.Repeat("y", 40)+`"}`), HeaderConfirmName, testName),
			wantStatus: 413, wantError: CodeBodyTooLarge, wantAudit: OutcomeRefused,
		},
		{
			name: "disable body too large", edit: func(c *Config) { c.MaxBodyBytes = 16 },
			req:        authed(http.MethodPatch, wsPath, `{"name":"`+strings.Repeat("y", 40)+`"}`),
			wantStatus: 413, wantError: CodeBodyTooLarge, wantAudit: OutcomeRefused,
		},
		{
			name: "stale etag", req: withHeaders(deleteRequest(testName, testReason), "If-Match", `"v0"`),
			wantStatus: 412, wantError: CodePreconditionFailed, wantAudit: OutcomeRefused,
		},
		{
			name: "trailing slash", req: authed(http.MethodDelete, wsPath+"/", ""),
			wantStatus: 400, wantError: CodeInvalidPath, wantAudit: OutcomeRefused,
		},
		{
			name: "audit down before action", edit: func(c *Config) { c.Audit = &memAudit{fail: errStoreDown} },
			req: deleteRequest(testName, testReason), wantStatus: 503, wantError: CodeAuditUnavailable,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, testName, tt.edit)
			rec := f.serve(tt.req)

			if rec.Code != tt.wantStatus {
				t.Errorf("status: got %d, want %d (body %s)", rec.Code, tt.wantStatus, rec.Body)
			}
			if got := errorCode(t, rec); got != tt.wantError {
				t.Errorf("error: got %q, want %q", got, tt.wantError)
			}
			if got := f.host.count() == 1; got != tt.wantHost {
				t.Errorf("host ran: got %v, want %v", got, tt.wantHost)
			}
			var gotOutcome Outcome
			if entries := f.audit.all(); len(entries) > 0 {
				gotOutcome = entries[len(entries)-1].Outcome
				if len(entries) != 1 {
					t.Errorf("audit entries: got %d, want 1", len(entries))
				}
			}
			if gotOutcome != tt.wantAudit {
				t.Errorf("audit outcome: got %q, want %q", gotOutcome, tt.wantAudit)
			}
		})
	}
}

// errorCode returns the "error" field of a JSON response, or "" for a
// response without one.
func errorCode(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	if rec.Body.Len() == 0 {
		return ""
	}
	var body struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("response is not JSON: %v: %s", err, rec.Body)
	}
	return body.Error
}

func exhaustedBudget() Budget {
	b := NewMemoryBudget(1, DefaultBudgetWindow)
	if _, ok, _ := b.Take(context.Background(), "org:SECRETto", testNow); !ok {
		panic("setup: take failed")
	}
	return b
}

type failingBudget struct{}

func (failingBudget) Peek(context.Context, string, time.Time) (BudgetState, error) {
	return BudgetState{}, errors.New("budget store down")
}

func (failingBudget) Take(context.Context, string, time.Time) (BudgetState, bool, error) {
	return BudgetState{}, false, errors.New("budget store down")
}

// TestCheckPassThroughBudgetHeaders covers the requests Check hands to the
// host unchecked: they get no budget headers, as its godoc says.
func TestCheckPassThroughBudgetHeaders(t *testing.T) {
	unknown := httptest.NewRequest(http.MethodDelete, "/workspaces/3f1c2b7a-0000-4000-8000-000000000000", nil)
	unknown.Header.Set("Authorization", "Bearer "+testToken)
	rename := httptest.NewRequest(http.MethodPatch, "/workspaces/"+testWorkspaceID, strings.NewReader(`{"name":"beta"}`))
	rename.Header.Set("Authorization", "Bearer "+testToken)

	tests := []struct {
		name string
		req  *http.Request
	}{
		{name: "unknown workspace", req: unknown},
		{name: "patch that does not disable", req: rename},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, testName, nil)
			rec := f.serve(tt.req)

			if f.host.count() != 1 {
				t.Fatalf("host calls: got %d, want 1", f.host.count())
			}
			if got := rec.Header().Get(HeaderBudgetLimit); got != "" {
				t.Errorf("%s: got %q, want none", HeaderBudgetLimit, got)
			}
		})
	}
}
