package guard

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestRefusalBodies(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Config)
		req  *http.Request
		want map[string]any
	}{
		{
			name: "both missing",
			req:  deleteRequest("", ""),
			want: map[string]any{
				"error":          CodeRequiresConfirmation,
				"message":        "this request is destructive and needs X-Confirm-Name and reason",
				"hint":           "Re-send the same request with header X-Confirm-Name: <workspace name>",
				"missing":        []any{"X-Confirm-Name", "reason"},
				"workspace_id":   testWorkspaceID,
				"active_tasks":   1.0,
				"child_count":    2.0,
				"schedule_count": 3.0,
				"memory_count":   4.0,
			},
		},
		{
			name: "confirmation missing echoed",
			edit: func(c *Config) { c.EchoExpectedName = true },
			req:  deleteRequest("", testReason),
			want: map[string]any{
				"error":          CodeRequiresConfirmation,
				"message":        "this request is destructive and needs X-Confirm-Name",
				"hint":           hintConfirm,
				"missing":        []any{"X-Confirm-Name"},
				"workspace_id":   testWorkspaceID,
				"workspace_name": testName,
				"active_tasks":   1.0,
				"child_count":    2.0,
				"schedule_count": 3.0,
				"memory_count":   4.0,
			},
		},
		{
			name: "mismatch",
			req:  deleteRequest("alphA", testReason),
			want: map[string]any{
				"error":        CodeConfirmationMismatch,
				"message":      "X-Confirm-Name does not match the workspace's current name",
				"hint":         hintMismatch,
				"workspace_id": testWorkspaceID,
			},
		},
		{
			name: "reason too short",
			req:  deleteRequest(testName, "short"),
			want: map[string]any{
				"error":        CodeReasonRequired,
				"message":      "the reason is shorter than 8 characters",
				"hint":         `Send body {"reason": "..."} explaining the deletion. Logged for audit.`,
				"workspace_id": testWorkspaceID,
				"min_length":   8.0,
				"max_length":   1000.0,
			},
		},
		{
			name: "stale etag",
			req: func() *http.Request {
				r := deleteRequest(testName, testReason)
				r.Header.Set("If-Match", `W/"v0", "v7"`)
				return r
			}(),
			want: map[string]any{
				"error":        CodePreconditionFailed,
				"message":      "the workspace changed since the client read it; read it again and re-check the impact",
				"etag":         `"v1"`,
				"workspace_id": testWorkspaceID,
			},
		},
		{
			name: "budget",
			edit: func(c *Config) { c.Budget = exhaustedBudget() },
			req:  deleteRequest(testName, testReason),
			want: map[string]any{
				"error":       CodeBudgetExceeded,
				"message":     "this credential used all 1 destructive actions of its window; retry after 3600 s",
				"retry_after": 3600.0,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, testName, tt.edit)
			rec := f.serve(tt.req)

			var got map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("body is not JSON: %v: %s", err, rec.Body)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("body:\ngot  %v\nwant %v", got, tt.want)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type: got %q, want application/json; charset=utf-8", ct)
			}
			if strings.Contains(rec.Body.String(), testName) && !strings.Contains(tt.name, "echoed") {
				t.Errorf("body echoes the workspace name: %s", rec.Body)
			}
		})
	}
}

func TestBudgetHeaders(t *testing.T) {
	tests := []struct {
		name          string
		req           *http.Request
		wantRemaining string
	}{
		{name: "allowed", req: deleteRequest(testName, testReason), wantRemaining: "19"},
		{name: "refused", req: deleteRequest("", ""), wantRemaining: "20"},
		{name: "invalid path", req: func() *http.Request {
			r := deleteRequest(testName, testReason)
			r.URL.Path += "/"
			return r
		}(), wantRemaining: "20"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, testName, nil)
			rec := f.serve(tt.req)

			h := rec.Header()
			if got := h.Get(HeaderBudgetLimit); got != "20" {
				t.Errorf("%s: got %q, want 20", HeaderBudgetLimit, got)
			}
			if got := h.Get(HeaderBudgetRemaining); got != tt.wantRemaining {
				t.Errorf("%s: got %q, want %s", HeaderBudgetRemaining, got, tt.wantRemaining)
			}
			wantReset := testNow.Unix()
			if tt.wantRemaining == "19" {
				wantReset = testNow.Add(time.Hour).Unix()
			}
			if got := h.Get(HeaderBudgetReset); got != strconv.FormatInt(wantReset, 10) {
				t.Errorf("%s: got %q, want %d", HeaderBudgetReset, got, wantReset)
			}
			if got := h.Get(HeaderRequestID); got == "" {
				t.Errorf("%s: got empty, want an id", HeaderRequestID)
			}
		})
	}
}

func TestRetryAfterHeader(t *testing.T) {
	f := newFixture(t, testName, func(c *Config) { c.Budget = exhaustedBudget() })
	rec := f.serve(deleteRequest(testName, testReason))

	if got := rec.Header().Get("Retry-After"); got != "3600" {
		t.Errorf("Retry-After: got %q, want 3600", got)
	}
	if got := rec.Header().Get(HeaderBudgetRemaining); got != "0" {
		t.Errorf("%s: got %q, want 0", HeaderBudgetRemaining, got)
	}
}

func TestWriteError(t *testing.T) {
	rec := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, r, http.StatusConflict, "workspace_not_removed", "the workspace is not removed")
	})).ServeHTTP(rec, r)

	if rec.Code != http.StatusConflict {
		t.Errorf("status: got %d, want 409", rec.Code)
	}
	want := `{"error":"workspace_not_removed","message":"the workspace is not removed"}` + "\n"
	if got := rec.Body.String(); got != want {
		t.Errorf("body: got %q, want %q", got, want)
	}
	if rec.Header().Get(HeaderRequestID) == "" {
		t.Errorf("%s: got empty, want the request id", HeaderRequestID)
	}
}
