package client

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wsctl/wsctl/client/clienttest"
)

type errorKinds struct {
	notFound, gone, conflict, precondition, rateLimited, auth, notSupported bool
}

func kindsOf(err error) errorKinds {
	return errorKinds{
		notFound:     IsNotFound(err),
		gone:         IsGone(err),
		conflict:     IsConflict(err),
		precondition: IsPreconditionFailed(err),
		rateLimited:  IsRateLimited(err),
		auth:         IsAuth(err),
		notSupported: errors.Is(err, ErrNotSupported),
	}
}

func TestAPIErrorMapping(t *testing.T) {
	path := "/workspaces/" + wsID
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		headers     map[string]string
		wantKinds   errorKinds
		wantError   string
		wantCode    string
		wantHint    string
		wantRetry   time.Duration
		wantMissing []string
		wantReqID   string
	}{
		{
			name: "json 404", status: 404, contentType: "application/json",
			body:      `{"error":"workspace not found"}`,
			wantKinds: errorKinds{notFound: true},
			wantError: "GET " + path + ": HTTP 404: workspace not found",
			wantCode:  "workspace not found",
		},
		{
			name: "empty 404 from tenant check", status: 404,
			wantKinds: errorKinds{notSupported: true},
			wantError: "GET " + path + ": HTTP 404: empty response body: the endpoint does not exist on this platform, or the platform is multi-tenant and the X-Molecule-Org-Id header is missing or wrong",
			wantHint:  "Set the organization id header (X-Molecule-Org-Id) in the profile's headers.",
		},
		{
			name: "text 404 unknown route", status: 404, contentType: "text/plain",
			body:      "404 page not found",
			wantKinds: errorKinds{notSupported: true},
			wantError: "GET " + path + ": HTTP 404: the endpoint does not exist on this platform",
		},
		{
			name: "text 405", status: 405, contentType: "text/plain",
			body:      "405 method not allowed",
			wantKinds: errorKinds{notSupported: true},
			wantError: "GET " + path + ": HTTP 405: the endpoint does not exist on this platform",
		},
		{
			name: "410 removed", status: 410, contentType: "application/json",
			body:      `{"error":"workspace_removed","removed_at":"2026-03-01T00:00:00Z","restorable_until":"2026-03-04T00:00:00Z","hint":"POST /workspaces/` + wsID + `/restore brings it back until 2026-03-04T00:00:00Z"}`,
			headers:   map[string]string{"X-Request-Id": "req-410"},
			wantKinds: errorKinds{gone: true},
			wantError: "GET " + path + ": HTTP 410: workspace_removed",
			wantCode:  "workspace_removed",
			wantHint:  "POST /workspaces/" + wsID + "/restore brings it back until 2026-03-04T00:00:00Z",
			wantReqID: "req-410",
		},
		{
			name: "410 purged", status: 410, contentType: "application/json",
			body:      `{"error":"workspace_purged","hard_purged_at":"2026-03-05T00:00:00Z"}`,
			wantKinds: errorKinds{gone: true},
			wantError: "GET " + path + ": HTTP 410: workspace_purged",
			wantCode:  "workspace_purged",
		},
		{
			name: "base 409 with children", status: 409, contentType: "application/json",
			body:      `{"status":"confirmation_required","message":"workspace has 2 children","children":[{"id":"c1","name":"kid-a"},{"id":"c2","name":"kid-b"}],"children_count":2}`,
			wantKinds: errorKinds{conflict: true},
			wantError: "GET " + path + ": HTTP 409: confirmation_required: workspace has 2 children",
			wantCode:  "confirmation_required",
		},
		{
			name: "412 with etag", status: 412, contentType: "application/json",
			body:      `{"error":"precondition_failed","etag":"\"v10\""}`,
			wantKinds: errorKinds{precondition: true},
			wantError: "GET " + path + ": HTTP 412: precondition_failed",
			wantCode:  "precondition_failed",
		},
		{
			name: "429 rate limit header", status: 429, contentType: "application/json",
			body:      `{"error":"rate limit exceeded","retry_after":30}`,
			headers:   map[string]string{"Retry-After": "7"},
			wantKinds: errorKinds{rateLimited: true},
			wantError: "GET " + path + ": HTTP 429: rate limit exceeded",
			wantCode:  "rate limit exceeded",
			wantRetry: 7 * time.Second,
		},
		{
			name: "429 budget body only", status: 429, contentType: "application/json",
			body:      `{"error":"destructive_budget_exceeded","retry_after":120}`,
			wantKinds: errorKinds{rateLimited: true},
			wantError: "GET " + path + ": HTTP 429: destructive_budget_exceeded",
			wantCode:  "destructive_budget_exceeded",
			wantRetry: 120 * time.Second,
		},
		{
			name: "401", status: 401, contentType: "application/json",
			body:      `{"error":"invalid admin auth token"}`,
			wantKinds: errorKinds{auth: true},
			wantError: "GET " + path + ": HTTP 401: invalid admin auth token",
			wantCode:  "invalid admin auth token",
		},
		{
			name: "403", status: 403, contentType: "application/json",
			body:      `{"error":"forbidden"}`,
			wantKinds: errorKinds{auth: true},
			wantError: "GET " + path + ": HTTP 403: forbidden",
			wantCode:  "forbidden",
		},
		{
			name: "400 confirmation required", status: 400, contentType: "application/json",
			body:        `{"error":"destructive_action_requires_confirmation","hint":"Re-send the same request with header X-Confirm-Name: <workspace name>","missing":["X-Confirm-Name","reason"],"child_count":0}`,
			wantError:   "GET " + path + ": HTTP 400: destructive_action_requires_confirmation",
			wantCode:    "destructive_action_requires_confirmation",
			wantHint:    "Re-send the same request with header X-Confirm-Name: <workspace name>",
			wantMissing: []string{"X-Confirm-Name", "reason"},
		},
		{
			name: "503 datastore", status: 503, contentType: "application/json",
			body:      `{"error":"platform datastore unavailable — retry shortly","code":"platform_unavailable"}`,
			wantError: "GET " + path + ": HTTP 503: platform datastore unavailable — retry shortly",
			wantCode:  "platform datastore unavailable — retry shortly",
		},
		{
			name: "500 text with line breaks", status: 500, contentType: "text/plain",
			body:      "panic: boom\ngoroutine 1 [running]",
			wantError: "GET " + path + ": HTTP 500: panic: boom goroutine 1 [running]",
		},
		{
			name: "502 empty", status: 502,
			wantError: "GET " + path + ": HTTP 502: bad gateway",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			respond := clienttest.Body(tt.status, tt.contentType, tt.body)
			for name, value := range tt.headers {
				respond = clienttest.WithHeader(respond, name, value)
			}
			reg := clienttest.NewRegistry(t)
			reg.Register(tt.name, clienttest.REST("GET", path), respond)
			c, _ := newTestClient(t, reg, func(o *Options) { o.MaxRetries = NoRetries })

			_, err := c.GetWorkspace(context.Background(), wsID)

			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error = %v (%T), want *APIError", err, err)
			}
			if got := kindsOf(err); got != tt.wantKinds {
				t.Errorf("kinds = %+v, want %+v", got, tt.wantKinds)
			}
			if err.Error() != tt.wantError {
				t.Errorf("Error() = %q, want %q", err.Error(), tt.wantError)
			}
			if apiErr.Status != tt.status {
				t.Errorf("Status = %d, want %d", apiErr.Status, tt.status)
			}
			if apiErr.Code != tt.wantCode {
				t.Errorf("Code = %q, want %q", apiErr.Code, tt.wantCode)
			}
			if apiErr.Hint != tt.wantHint {
				t.Errorf("Hint = %q, want %q", apiErr.Hint, tt.wantHint)
			}
			if apiErr.RetryAfter != tt.wantRetry {
				t.Errorf("RetryAfter = %v, want %v", apiErr.RetryAfter, tt.wantRetry)
			}
			if !reflect.DeepEqual(apiErr.Missing, tt.wantMissing) {
				t.Errorf("Missing = %q, want %q", apiErr.Missing, tt.wantMissing)
			}
			if apiErr.RequestID != tt.wantReqID {
				t.Errorf("RequestID = %q, want %q", apiErr.RequestID, tt.wantReqID)
			}
			if apiErr.RawBody != tt.body {
				t.Errorf("RawBody = %q, want %q", apiErr.RawBody, tt.body)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("Error() = %q, want one line", err.Error())
			}
		})
	}
}

func TestAPIErrorFields(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		field string
		into  func() any
		want  any
	}{
		{"restorable until", `{"error":"workspace_removed","restorable_until":"2026-03-04T00:00:00Z"}`, "restorable_until",
			func() any { return new(time.Time) }, mustTime(t, "2026-03-04T00:00:00Z")},
		{"hard purged at", `{"error":"workspace_purged","hard_purged_at":"2026-03-05T00:00:00Z"}`, "hard_purged_at",
			func() any { return new(time.Time) }, mustTime(t, "2026-03-05T00:00:00Z")},
		{"children", `{"status":"confirmation_required","children":[{"id":"c1","name":"kid-a"}]}`, "children",
			func() any { return new([]WorkspaceRef) }, []WorkspaceRef{{ID: "c1", Name: "kid-a"}}},
		{"etag", `{"error":"precondition_failed","etag":"\"v10\""}`, "etag",
			func() any { return new(string) }, `"v10"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			reg.Register(tt.name, clienttest.REST("DELETE", "/workspaces/"+wsID), clienttest.JSON(409, tt.body))
			c, _ := newTestClient(t, reg)

			_, err := c.DeleteWorkspace(context.Background(), wsID, DeleteOptions{ConfirmName: "ws", Reason: "cleanup"})

			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error = %v, want *APIError", err)
			}
			into := tt.into()
			if !apiErr.Field(tt.field, into) {
				t.Fatalf("Field(%q) = false, want true; fields %v", tt.field, apiErr.Fields)
			}
			got := reflect.ValueOf(into).Elem().Interface()
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Field(%q) = %v, want %v", tt.field, got, tt.want)
			}
			if apiErr.Field("absent", into) {
				t.Errorf("Field(%q) = true, want false", "absent")
			}
		})
	}
}

func TestAPIErrorRedactsToken(t *testing.T) {
	body := `{"error":"invalid token ` + testToken + `","message":"got Bearer ` + testToken + `","hint":"token ` + testToken + ` revoked","missing":["` + testToken + `"],"echo":"` + testToken + `"}`
	reg := clienttest.NewRegistry(t)
	reg.Register("delete", clienttest.REST("DELETE", "/workspaces/"+wsID), clienttest.WithHeader(clienttest.JSON(401, body), "X-Request-Id", testToken))
	c, _ := newTestClient(t, reg)

	_, err := c.DeleteWorkspace(context.Background(), wsID, DeleteOptions{ConfirmName: "ws", Reason: "cleanup"})

	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want *APIError", err)
	}
	texts := map[string]string{
		"Error()":   err.Error(),
		"Code":      apiErr.Code,
		"Message":   apiErr.Message,
		"Hint":      apiErr.Hint,
		"RequestID": apiErr.RequestID,
		"RawBody":   apiErr.RawBody,
		"Missing":   strings.Join(apiErr.Missing, ","),
		"Fields":    string(apiErr.Fields["echo"]),
	}
	for name, text := range texts {
		if strings.Contains(text, testToken) {
			t.Errorf("%s = %q, which contains the token", name, text)
		}
		if !strings.Contains(text, redactedValue) {
			t.Errorf("%s = %q, want the token replaced by %s", name, text, redactedValue)
		}
	}
}

func TestAPIErrorTruncatesRawBody(t *testing.T) {
	body := `{"error":"big","pad":"` + strings.Repeat("é", 3000) + `"}`
	reg := clienttest.NewRegistry(t)
	reg.Register("delete", clienttest.REST("DELETE", "/workspaces/"+wsID), clienttest.JSON(400, body))
	c, _ := newTestClient(t, reg)

	_, err := c.DeleteWorkspace(context.Background(), wsID, DeleteOptions{ConfirmName: "ws", Reason: "cleanup"})

	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want *APIError", err)
	}
	if len(apiErr.RawBody) > maxRawBody+len("…") {
		t.Errorf("len(RawBody) = %d, want at most %d", len(apiErr.RawBody), maxRawBody+len("…"))
	}
	if !strings.HasSuffix(apiErr.RawBody, "é…") {
		t.Errorf("RawBody ends %q, want a whole rune then …", apiErr.RawBody[len(apiErr.RawBody)-8:])
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		value string
		want  time.Duration
	}{
		{"", 0},
		{"7", 7 * time.Second},
		{"0", 0},
		{"-3", 0},
		{"soon", 0},
		{"Sun, 01 Mar 2026 12:00:30 GMT", 30 * time.Second},
		{"Sun, 01 Mar 2026 11:59:00 GMT", 0},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			if got := parseRetryAfter(tt.value, now); got != tt.want {
				t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.value, got, tt.want)
			}
		})
	}
}
