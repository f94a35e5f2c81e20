package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/wsctl/wsctl/client/clienttest"
)

// syncBuffer is a strings.Builder safe for the concurrent writes of the
// impact fallback.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestDebugTraceRedactsSecrets(t *testing.T) {
	const apiKey = "k3y-material-9f8e7d6c5b4a"
	reg := clienttest.NewRegistry(t)
	reg.Register("delete", clienttest.REST("DELETE", "/workspaces/"+wsID), clienttest.WithHeader(clienttest.WithHeader(clienttest.WithHeader(
		clienttest.JSON(401, `{"error":"invalid admin auth token","echo":"Bearer `+testToken+`"}`),
		"X-Echo", "seen "+testToken),
		"Set-Cookie", "session=abc123"),
		"X-Request-Id", "req-1"))
	reg.Register("audit", clienttest.REST("GET", "/admin/audit"), clienttest.JSON(200, `{"entries":[]}`))
	var out syncBuffer
	c, _ := newTestClient(t, reg, func(o *Options) {
		o.Debug = &out
		o.Headers = map[string]string{"X-Api-Key": apiKey, "X-Molecule-Org-Id": "org-1"}
	})
	ctx := context.Background()

	_, err := c.DeleteWorkspace(ctx, wsID, DeleteOptions{ConfirmName: "prod", Reason: "token " + testToken + " leaked"})
	if !IsAuth(err) {
		t.Fatalf("DeleteWorkspace error = %v, want 401", err)
	}
	if _, err := c.ListAudit(ctx, AuditQuery{Actor: testToken}); err != nil {
		t.Fatalf("ListAudit: %v", err)
	}

	trace := out.String()
	for _, secret := range []string{testToken, apiKey, "abc123"} {
		if strings.Contains(trace, secret) {
			t.Errorf("debug output contains the secret %q:\n%s", secret, trace)
		}
	}
	wantLines := []string{
		"> #1 DELETE " + testBase + "/workspaces/" + wsID + "\n",
		"> Authorization: [REDACTED]\n",
		"> X-Api-Key: [REDACTED]\n",
		"> X-Molecule-Org-Id: org-1\n",
		"> X-Confirm-Name: prod\n",
		"> X-Audit-Reason: token [REDACTED] leaked\n",
		`> {"reason":"token [REDACTED] leaked"}` + "\n",
		"< #1 401 Unauthorized in ",
		"< Set-Cookie: [REDACTED]\n",
		"< X-Echo: seen [REDACTED]\n",
		"< X-Request-Id: req-1\n",
		`< {"error":"invalid admin auth token","echo":"Bearer [REDACTED]"}` + "\n",
		"> #2 GET " + testBase + "/admin/audit?actor=[REDACTED]\n",
		"< #2 200 OK in ",
	}
	for _, want := range wantLines {
		if !strings.Contains(trace, want) {
			t.Errorf("debug output lacks %q:\n%s", want, trace)
		}
	}
}

func TestDebugTraceTruncatesBodies(t *testing.T) {
	big := `{"entries":[],"pad":"` + strings.Repeat("x", 5000) + `"}`
	reg := clienttest.NewRegistry(t)
	reg.Register("audit", clienttest.REST("GET", "/admin/audit"), clienttest.JSON(200, big))
	var out syncBuffer
	c, _ := newTestClient(t, reg, func(o *Options) { o.Debug = &out })

	page, err := c.ListAudit(context.Background(), AuditQuery{})
	if err != nil {
		t.Fatalf("ListAudit: %v", err)
	}

	if page.Entries == nil {
		t.Errorf("Entries = nil, want the whole body decoded after tracing")
	}
	trace := out.String()
	if strings.Contains(trace, strings.Repeat("x", maxDebugBody)) {
		t.Errorf("debug output has the whole %d-byte body, want at most %d bytes", len(big), maxDebugBody)
	}
	if !strings.Contains(trace, " (truncated)\n") {
		t.Errorf("debug output lacks the truncation mark:\n%s", trace)
	}
}

func TestDebugTraceOverRealServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Echo", r.Header.Get("Authorization"))
		w.Write([]byte(`[{"id":"` + wsID + `","name":"ws"}]`))
	}))
	defer srv.Close()
	var out syncBuffer
	c, err := New(Options{BaseURL: srv.URL, Token: testToken, Debug: &out})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	list, err := c.ListWorkspaces(context.Background(), ListWorkspacesOptions{})
	if err != nil {
		t.Fatalf("ListWorkspaces: %v", err)
	}

	if len(list) != 1 {
		t.Errorf("got %d workspaces, want 1", len(list))
	}
	trace := out.String()
	if strings.Contains(trace, testToken) {
		t.Errorf("debug output contains the token:\n%s", trace)
	}
	if !strings.Contains(trace, "< X-Echo: Bearer [REDACTED]\n") {
		t.Errorf("debug output lacks the echoed header with the token redacted:\n%s", trace)
	}
}

func TestRedactorURL(t *testing.T) {
	r := newRedactor(testToken, "p@ss word")
	tests := []struct {
		name string
		raw  string
		want string
	}{
		{"token in path", "http://h/workspaces/" + testToken, "http://h/workspaces/[REDACTED]"},
		{"secret query name", "http://h/x?access_token=abc&name=ws", "http://h/x?access_token=%5BREDACTED%5D&name=ws"},
		{"password in user info", "http://user:pw@h/x", "http://user@h/x"},
		{"escaped secret", "http://h/x?q=p%40ss+word", "http://h/x?q=[REDACTED]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := mustParseURL(t, tt.raw)
			if got := r.URL(u); got != tt.want {
				t.Errorf("URL(%q) = %q, want %q", tt.raw, got, tt.want)
			}
		})
	}
}

func TestDebugTraceShowsRetries(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	reg.Register("first", clienttest.REST("GET", "/workspaces"), clienttest.Empty(503))
	reg.Register("second", clienttest.REST("GET", "/workspaces"), clienttest.JSON(200, `[]`))
	var out syncBuffer
	c, _ := newTestClient(t, reg, func(o *Options) { o.Debug = &out })

	if _, err := c.ListWorkspaces(context.Background(), ListWorkspacesOptions{}); err != nil {
		t.Fatalf("ListWorkspaces: %v", err)
	}

	want := "* retry 1 of 3 for GET /workspaces in 10ms after: GET /workspaces: HTTP 503: service unavailable\n"
	if !strings.Contains(out.String(), want) {
		t.Errorf("debug output lacks %q:\n%s", want, out.String())
	}
}
