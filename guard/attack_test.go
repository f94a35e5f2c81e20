package guard

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// ctxBudget is a Budget that fails once its context is cancelled, as a SQL
// budget does.
type ctxBudget struct{ Budget }

func (b ctxBudget) Peek(ctx context.Context, key string, now time.Time) (BudgetState, error) {
	if err := ctx.Err(); err != nil {
		return BudgetState{}, err
	}
	return b.Budget.Peek(ctx, key, now)
}

// failingTakeBudget peeks normally and fails every Take after the first,
// which is the one Check takes for the request itself.
type failingTakeBudget struct {
	Budget
	takes atomic.Int32
}

func (b *failingTakeBudget) Take(ctx context.Context, key string, now time.Time) (BudgetState, bool, error) {
	if b.takes.Add(1) > 1 {
		return BudgetState{}, false, errStoreDown
	}
	return b.Budget.Take(ctx, key, now)
}

// TestBodyTimeoutKeepsBudgetHeaders sends a PATCH whose declared body never
// arrives. The server cancels the request context when the body read fails,
// and the refusal must still carry the budget headers.
func TestBodyTimeoutKeepsBudgetHeaders(t *testing.T) {
	f := newFixture(t, testName, func(c *Config) {
		c.BodyReadTimeout = 100 * time.Millisecond
		c.Budget = ctxBudget{NewMemoryBudget(5, time.Hour)}
	})
	srv := httptest.NewServer(RequestID(f.guard.Middleware(f.host)))
	defer srv.Close()

	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "PATCH /workspaces/%s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: application/json\r\nContent-Length: 64\r\n\r\n{\"disabled\"", testWorkspaceID, testToken)
	if err := conn.SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("read response: %v", err)
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("status: got %d, want 400", resp.StatusCode)
	}
	if got := resp.Header.Get(HeaderBudgetLimit); got != "5" {
		t.Errorf("%s: got %q, want %q", HeaderBudgetLimit, got, "5")
	}
	if got := resp.Header.Get(HeaderBudgetRemaining); got != "5" {
		t.Errorf("%s: got %q, want %q", HeaderBudgetRemaining, got, "5")
	}
}

func TestTakeBudget(t *testing.T) {
	tests := []struct {
		name          string
		budget        func() Budget
		extra         int
		wantStatus    int
		wantError     string
		wantRemaining string
		wantOutcome   Outcome
		wantEntryErr  string
	}{
		{name: "none extra", extra: 0, wantStatus: 200, wantRemaining: "4", wantOutcome: OutcomeAllowed},
		{name: "all that remain", extra: 4, wantStatus: 200, wantRemaining: "0", wantOutcome: OutcomeAllowed},
		{
			name: "one too many", extra: 5, wantStatus: 429, wantError: CodeBudgetExceeded, wantRemaining: "4",
			wantOutcome: OutcomeRefused, wantEntryErr: CodeBudgetExceeded,
		},
		{
			name: "more than the limit", extra: 50, wantStatus: 429, wantError: CodeBudgetExceeded, wantRemaining: "4",
			wantOutcome: OutcomeRefused, wantEntryErr: CodeBudgetExceeded,
		},
		{
			name: "store fails", extra: 1, budget: func() Budget { return &failingTakeBudget{Budget: NewMemoryBudget(5, time.Hour)} },
			wantStatus: 503, wantError: CodeBudgetUnavailable, wantOutcome: OutcomeFailed, wantEntryErr: CodeBudgetUnavailable,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			budget := NewMemoryBudget(5, time.Hour)
			if tt.budget != nil {
				budget = tt.budget()
			}
			var g *Guard
			f := newFixture(t, testName, func(c *Config) { c.Budget = budget })
			g = f.guard
			cascade := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if refusal := g.TakeBudget(w, r, tt.extra); refusal != nil {
					refusal.ServeHTTP(w, r)
					return
				}
				w.WriteHeader(http.StatusOK)
			})

			rec := httptest.NewRecorder()
			RequestID(g.Middleware(cascade)).ServeHTTP(rec, deleteRequest(testName, testReason))

			if rec.Code != tt.wantStatus {
				t.Fatalf("status: got %d, want %d; body %s", rec.Code, tt.wantStatus, rec.Body)
			}
			if got := errorCode(t, rec); got != tt.wantError {
				t.Errorf("error: got %q, want %q", got, tt.wantError)
			}
			if tt.wantRemaining != "" {
				if got := rec.Header().Get(HeaderBudgetRemaining); got != tt.wantRemaining {
					t.Errorf("%s: got %q, want %q", HeaderBudgetRemaining, got, tt.wantRemaining)
				}
			}
			if tt.wantStatus == 429 && rec.Header().Get("Retry-After") == "" {
				t.Errorf("Retry-After: got none, want seconds")
			}
			entries := f.audit.all()
			last := entries[len(entries)-1]
			if last.Outcome != tt.wantOutcome || last.Error != tt.wantEntryErr {
				t.Errorf("last entry: got %s/%q, want %s/%q", last.Outcome, last.Error, tt.wantOutcome, tt.wantEntryErr)
			}
		})
	}
}

func TestTakeBudgetNotAllowed(t *testing.T) {
	f := newFixture(t, testName, nil)
	rec := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/workspaces/"+testWorkspaceID, nil)

	if refusal := f.guard.TakeBudget(rec, r, 3); refusal != nil {
		t.Errorf("refusal: got %s, want nil for a request guard did not allow", refusal.Code)
	}
	if got := rec.Header().Get(HeaderBudgetRemaining); got != "" {
		t.Errorf("%s: got %q, want none", HeaderBudgetRemaining, got)
	}
}

// TestHostileRequestsHold replays probes that a hostile script sent at the
// reference platform. None may reach the host.
func TestHostileRequestsHold(t *testing.T) {
	wsPath := "/workspaces/" + testWorkspaceID
	req := func(method, target, body string, headers ...string) *http.Request {
		var r *http.Request
		if body == "" {
			r = httptest.NewRequest(method, target, nil)
		} else {
			r = httptest.NewRequest(method, target, strings.NewReader(body))
		}
		r.Header.Set("Authorization", "Bearer "+testToken)
		for i := 0; i+1 < len(headers); i += 2 {
			r.Header.Add(headers[i], headers[i+1])
		}
		return r
	}
	confirm := []string{HeaderConfirmName, testName, HeaderAuditReason, testReason}
	tests := []struct {
		name      string
		req       *http.Request
		wantError string
	}{
		{name: "long s key", req: req("PATCH", wsPath, `{"diſabled":true}`), wantError: CodeRequiresConfirmation},
		{name: "upper key number value", req: req("PATCH", wsPath, `{"DISABLED":1}`), wantError: CodeRequiresConfirmation},
		{name: "byte order mark", req: req("PATCH", wsPath, "\ufeff{\"disabled\":true}"), wantError: CodeInvalidBody},
		{name: "second object", req: req("PATCH", wsPath, `{"disabled":false} {"disabled":true}`), wantError: CodeInvalidBody},
		{name: "null then upper", req: req("PATCH", wsPath, `{"disabled":null,"Disabled":true}`), wantError: CodeRequiresConfirmation},
		{name: "comma list name", req: req("DELETE", wsPath, "", HeaderConfirmName, testName+", "+testName, HeaderAuditReason, testReason), wantError: CodeConfirmationMismatch},
		{name: "double encoded name", req: req("DELETE", wsPath, "", HeaderConfirmName, "UTF-8''%2561lpha", HeaderAuditReason, testReason), wantError: CodeConfirmationMismatch},
		{name: "latin1 charset", req: req("DELETE", wsPath, "", HeaderConfirmName, "iso-8859-1''alpha", HeaderAuditReason, testReason), wantError: CodeConfirmationMismatch},
		{name: "zero width tail", req: req("DELETE", wsPath, "", HeaderConfirmName, "UTF-8''alpha%E2%80%8B", HeaderAuditReason, testReason), wantError: CodeConfirmationMismatch},
		{name: "NUL tail", req: req("DELETE", wsPath, "", HeaderConfirmName, "UTF-8''alpha%00", HeaderAuditReason, testReason), wantError: CodeConfirmationMismatch},
		{name: "overlong name", req: req("DELETE", wsPath, "", HeaderConfirmName, testName+strings.Repeat("a", 20000), HeaderAuditReason, testReason), wantError: CodeConfirmationMismatch},
		{name: "raw latin1 byte", req: req("DELETE", wsPath, "", HeaderConfirmName, "alph\xe1", HeaderAuditReason, testReason), wantError: CodeInvalidHeader},
		{name: "padded short reason", req: req("DELETE", wsPath, "", HeaderConfirmName, testName, HeaderAuditReason, "UTF-8''%20%20short%20%20"), wantError: CodeReasonRequired},
		{name: "header reason wins", req: req("DELETE", wsPath, `{"reason":"`+testReason+`"}`, HeaderConfirmName, testName, HeaderAuditReason, "short"), wantError: CodeReasonRequired},
		{name: "reason as number", req: req("DELETE", wsPath, `{"reason":12345678}`, HeaderConfirmName, testName), wantError: CodeInvalidBody},
		{name: "empty if-match tag", req: req("DELETE", wsPath, "", append(confirm, "If-Match", `""`)...), wantError: CodePreconditionFailed},
		{name: "comma if-match", req: req("DELETE", wsPath, "", append(confirm, "If-Match", ",")...), wantError: CodePreconditionFailed},
		{name: "purge percent upper", req: req("POST", "/workspaces/%"+fmt.Sprintf("%02X", testWorkspaceID[0])+testWorkspaceID[1:]+"/purge", "", confirm...), wantError: CodeInvalidPath},
		{name: "purge dot segment", req: req("POST", wsPath+"/./purge", "", confirm...), wantError: CodeInvalidPath},
		{name: "absolute form", req: req("DELETE", "http://other.invalid"+wsPath, ""), wantError: CodeRequiresConfirmation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, testName, nil)
			rec := f.serve(tt.req)

			if got := errorCode(t, rec); got != tt.wantError {
				t.Errorf("error: got %q (status %d), want %q", got, rec.Code, tt.wantError)
			}
			if f.host.count() != 0 {
				t.Errorf("host calls: got %d, want 0", f.host.count())
			}
			entries := f.audit.all()
			if len(entries) != 1 || entries[0].Outcome != OutcomeRefused {
				t.Errorf("audit: got %d entries %v, want one refused entry", len(entries), entries)
			}
		})
	}
}
