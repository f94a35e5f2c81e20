package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/wsctl/wsctl/client/clienttest"
)

func TestGetRetries(t *testing.T) {
	path := "/workspaces/" + wsID
	ok := clienttest.JSON(200, `{"id":"`+wsID+`","name":"ws"}`)
	tests := []struct {
		name      string
		mutate    func(*Options)
		responses []clienttest.Responder
		wantErr   bool
		wantWaits []time.Duration
	}{
		{
			name:      "503 then success",
			responses: []clienttest.Responder{clienttest.Empty(503), clienttest.Empty(503), ok},
			wantWaits: []time.Duration{10 * time.Millisecond, 20 * time.Millisecond},
		},
		{
			name:      "connection error then success",
			responses: []clienttest.Responder{clienttest.Fail(nil), ok},
			wantWaits: []time.Duration{10 * time.Millisecond},
		},
		{
			name:      "502 and 504 then success",
			responses: []clienttest.Responder{clienttest.Empty(502), clienttest.Empty(504), ok},
			wantWaits: []time.Duration{10 * time.Millisecond, 20 * time.Millisecond},
		},
		{
			name:      "retry-after honoured",
			mutate:    func(o *Options) { o.RetryWaitMax = time.Minute },
			responses: []clienttest.Responder{clienttest.WithHeader(clienttest.JSON(429, `{"error":"rate limit exceeded"}`), "Retry-After", "7"), ok},
			wantWaits: []time.Duration{7 * time.Second},
		},
		{
			name:      "retry-after capped",
			responses: []clienttest.Responder{clienttest.WithHeader(clienttest.JSON(429, `{"error":"rate limit exceeded"}`), "Retry-After", "60"), ok},
			wantWaits: []time.Duration{80 * time.Millisecond},
		},
		{
			name:      "backoff capped",
			responses: []clienttest.Responder{clienttest.Empty(503), clienttest.Empty(503), clienttest.Empty(503), clienttest.Empty(503), ok},
			mutate:    func(o *Options) { o.MaxRetries = 4; o.RetryWaitMax = 30 * time.Millisecond },
			wantWaits: []time.Duration{10 * time.Millisecond, 20 * time.Millisecond, 30 * time.Millisecond, 30 * time.Millisecond},
		},
		{
			name:      "gives up after default retries",
			responses: []clienttest.Responder{clienttest.Empty(503), clienttest.Empty(503), clienttest.Empty(503), clienttest.Empty(503)},
			wantErr:   true,
			wantWaits: []time.Duration{10 * time.Millisecond, 20 * time.Millisecond, 40 * time.Millisecond},
		},
		{
			name:      "no retries",
			mutate:    func(o *Options) { o.MaxRetries = NoRetries },
			responses: []clienttest.Responder{clienttest.Empty(503)},
			wantErr:   true,
		},
		{
			name:      "500 not retried",
			responses: []clienttest.Responder{clienttest.JSON(500, `{"error":"internal"}`)},
			wantErr:   true,
		},
		{
			name:      "404 not retried",
			responses: []clienttest.Responder{clienttest.JSON(404, `{"error":"workspace not found"}`)},
			wantErr:   true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			for i, respond := range tt.responses {
				reg.Register(tt.name+" #"+string(rune('1'+i)), clienttest.REST("GET", path), respond)
			}
			mutate := tt.mutate
			if mutate == nil {
				mutate = func(*Options) {}
			}
			c, waits := newTestClient(t, reg, mutate)

			_, err := c.GetWorkspace(context.Background(), wsID)

			if gotErr := err != nil; gotErr != tt.wantErr {
				t.Errorf("error = %v, want error %v", err, tt.wantErr)
			}
			if got := len(reg.Requests()); got != len(tt.responses) {
				t.Errorf("sent %d requests, want %d", got, len(tt.responses))
			}
			if got := waits.recorded(); !reflect.DeepEqual(got, tt.wantWaits) {
				t.Errorf("waits = %v, want %v", got, tt.wantWaits)
			}
		})
	}
}

func TestUnsafeMethodsNeverRetried(t *testing.T) {
	ctx := context.Background()
	confirm := ConfirmOptions{ConfirmName: "ws", Reason: "cleanup"}
	calls := []struct {
		method string
		path   string
		call   func(c *Client) error
	}{
		{"DELETE", "/workspaces/" + wsID, func(c *Client) error {
			_, err := c.DeleteWorkspace(ctx, wsID, DeleteOptions{ConfirmName: "ws", Reason: "cleanup"})
			return err
		}},
		{"POST", "/workspaces/" + wsID + "/restart", func(c *Client) error {
			_, err := c.RestartWorkspace(ctx, wsID, RestartOptions{})
			return err
		}},
		{"POST", "/workspaces/" + wsID + "/restore", func(c *Client) error {
			_, err := c.RestoreWorkspace(ctx, wsID, "oops")
			return err
		}},
		{"PATCH", "/workspaces/" + wsID, func(c *Client) error {
			_, err := c.SetWorkspaceDisabled(ctx, wsID, true, confirm)
			return err
		}},
		{"DELETE", "/workspaces/" + wsID + "/memories/m1", func(c *Client) error {
			_, err := c.DeleteMemory(ctx, wsID, "m1", confirm)
			return err
		}},
	}
	failures := []struct {
		name    string
		respond clienttest.Responder
	}{
		{"503", clienttest.Empty(503)},
		{"429", clienttest.WithHeader(clienttest.JSON(429, `{"error":"rate limit exceeded"}`), "Retry-After", "1")},
		{"connection error", clienttest.Fail(nil)},
	}
	for _, call := range calls {
		for _, failure := range failures {
			t.Run(call.method+" "+call.path+" "+failure.name, func(t *testing.T) {
				reg := clienttest.NewRegistry(t)
				reg.Register("only attempt", clienttest.REST(call.method, call.path), failure.respond)
				c, waits := newTestClient(t, reg)

				if err := call.call(c); err == nil {
					t.Fatal("error = nil, want the failure")
				}
				if got := len(reg.Requests()); got != 1 {
					t.Errorf("sent %d requests, want 1", got)
				}
				if got := waits.recorded(); len(got) != 0 {
					t.Errorf("waits = %v, want none", got)
				}
			})
		}
	}
}

func TestRetryWaitStopsOnCancel(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	reg.Register("first", clienttest.REST("GET", "/workspaces"), clienttest.Empty(503))
	c, _ := newTestClient(t, reg, func(o *Options) { o.RetryWaitMin = time.Hour; o.RetryWaitMax = time.Hour })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	waiting := make(chan time.Duration, 1)
	c.sleep = func(ctx context.Context, d time.Duration) error {
		waiting <- d
		return sleepContext(ctx, d)
	}

	errc := make(chan error, 1)
	go func() {
		_, err := c.ListWorkspaces(ctx, ListWorkspacesOptions{})
		errc <- err
	}()
	if d := <-waiting; d != time.Hour {
		t.Errorf("wait = %v, want 1h", d)
	}
	cancel()

	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error = %v, want it to wrap context.Canceled", err)
		}
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Status != 503 {
			t.Errorf("error = %v, want it to keep the 503 *APIError", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ListWorkspaces still waiting 10s after cancel")
	}
}

func TestRetryAfterDroppedConnection(t *testing.T) {
	var attempts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if attempts.Add(1) == 1 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err != nil {
				t.Errorf("hijack: %v", err)
				return
			}
			conn.Close()
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`[{"id":"` + wsID + `","name":"ws"}]`))
	}))
	defer srv.Close()
	c, err := New(Options{BaseURL: srv.URL, Token: testToken, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	list, err := c.ListWorkspaces(context.Background(), ListWorkspacesOptions{})

	if err != nil {
		t.Fatalf("ListWorkspaces: %v", err)
	}
	if len(list) != 1 {
		t.Fatalf("got %d workspaces, want 1", len(list))
	}
	if list[0].Name != "ws" {
		t.Errorf("name = %q, want %q", list[0].Name, "ws")
	}
	if got := attempts.Load(); got != 2 {
		t.Errorf("attempts = %d, want 2", got)
	}
}

func TestTransportErrors(t *testing.T) {
	t.Run("connection refused", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("listen: %v", err)
		}
		addr := ln.Addr().String()
		ln.Close()
		c, err := New(Options{BaseURL: "http://" + addr, Token: testToken, MaxRetries: NoRetries})
		if err != nil {
			t.Fatalf("New: %v", err)
		}

		_, err = c.DeleteWorkspace(context.Background(), wsID, DeleteOptions{ConfirmName: "ws", Reason: "cleanup"})

		var te *TransportError
		if !errors.As(err, &te) {
			t.Fatalf("error = %v (%T), want *TransportError", err, err)
		}
		if !IsConnection(err) {
			t.Errorf("IsConnection(%v) = false, want true", err)
		}
		if IsTimeout(err) {
			t.Errorf("IsTimeout(%v) = true, want false", err)
		}
		wantPrefix := "DELETE http://" + addr + "/workspaces/" + wsID + ": "
		if !strings.HasPrefix(err.Error(), wantPrefix) {
			t.Errorf("Error() = %q, want prefix %q", err.Error(), wantPrefix)
		}
		if !strings.Contains(err.Error(), "connection refused") {
			t.Errorf("Error() = %q, want the cause %q", err.Error(), "connection refused")
		}
	})

	t.Run("timeout", func(t *testing.T) {
		// The handler must not outlive the test: the server notices a closed
		// connection only after reading the request body, which it never does.
		release := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}))
		defer srv.Close()
		defer close(release)
		c, err := New(Options{BaseURL: srv.URL, Token: testToken, Timeout: 50 * time.Millisecond})
		if err != nil {
			t.Fatalf("New: %v", err)
		}

		_, err = c.DeleteWorkspace(context.Background(), wsID, DeleteOptions{ConfirmName: "ws", Reason: "cleanup"})

		if !IsTimeout(err) {
			t.Errorf("IsTimeout(%v) = false, want true", err)
		}
		if IsConnection(err) {
			t.Errorf("IsConnection(%v) = true, want false", err)
		}
		if strings.Contains(err.Error(), testToken) {
			t.Errorf("Error() = %q, which contains the token", err.Error())
		}
	})

	t.Run("cancelled context", func(t *testing.T) {
		reg := clienttest.NewRegistry(t)
		reg.Register("cancelled", clienttest.REST("GET", "/workspaces"), clienttest.Fail(context.Canceled))
		c, waits := newTestClient(t, reg)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()

		_, err := c.ListWorkspaces(ctx, ListWorkspacesOptions{})

		if !errors.Is(err, context.Canceled) {
			t.Errorf("error = %v, want context.Canceled", err)
		}
		if IsConnection(err) {
			t.Errorf("IsConnection(%v) = true, want false", err)
		}
		if IsTimeout(err) {
			t.Errorf("IsTimeout(%v) = true, want false", err)
		}
		if got := waits.recorded(); len(got) != 0 {
			t.Errorf("waits = %v, want none after cancel", got)
		}
	})

	t.Run("token in url redacted", func(t *testing.T) {
		reg := clienttest.NewRegistry(t)
		reg.Register("fail", clienttest.REST("GET", "/admin/audit"), clienttest.Fail(errors.New("reset while sending "+testToken)))
		c, _ := newTestClient(t, reg, func(o *Options) { o.MaxRetries = NoRetries })

		_, err := c.ListAudit(context.Background(), AuditQuery{Actor: testToken, Limit: 5})

		want := "GET " + testBase + "/admin/audit?actor=[REDACTED]&limit=5: reset while sending [REDACTED]"
		if err == nil || err.Error() != want {
			t.Errorf("error = %v, want %q", err, want)
		}
	})
}

// TestRefusedRetriedOnce checks that a GET to a port where nothing listens
// is retried once, not MaxRetries times, so an interactive command fails
// fast when the platform server is not running.
func TestRefusedRetriedOnce(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c, err := New(Options{BaseURL: "http://" + addr, Token: testToken, MaxRetries: 3})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	waits := &waitRecorder{}
	c.sleep = waits.sleep

	_, err = c.ListWorkspaces(context.Background(), ListWorkspacesOptions{})

	if !IsConnectionRefused(err) {
		t.Fatalf("IsConnectionRefused(%v) = false, want true", err)
	}
	if got := len(waits.recorded()); got != 1 {
		t.Errorf("retries = %d, want 1", got)
	}
}

func TestIsConnectionRefused(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{name: "refused", err: &TransportError{Err: syscall.ECONNREFUSED}, want: true},
		{name: "wrapped refused", err: fmt.Errorf("list: %w", &TransportError{Err: &net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}}), want: true},
		{name: "reset", err: &TransportError{Err: syscall.ECONNRESET}, want: false},
		{name: "api error", err: &APIError{Status: 503}, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsConnectionRefused(tt.err); got != tt.want {
				t.Errorf("IsConnectionRefused(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
