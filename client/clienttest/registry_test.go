package clienttest

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing, so
// that these tests can check the failures the Registry reports.
type recorder struct {
	testing.TB
	mu       sync.Mutex
	failures []string
	cleanups []func()
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func (r *recorder) Helper() {}

func (r *recorder) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }

func (r *recorder) finish() []string {
	for _, f := range r.cleanups {
		f()
	}
	return r.failures
}

func get(t *testing.T, c *http.Client, rawURL string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequest("GET", rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.Do(req)
}

func TestRegistryAnswersEachStubOnce(t *testing.T) {
	rec := &recorder{TB: t}
	reg := NewRegistry(rec)
	reg.Register("first", REST("GET", "/workspaces"), JSON(200, `[1]`))
	reg.Register("second", REST("GET", "/workspaces"), WithHeader(Empty(503), "Retry-After", "2"))
	c := reg.Client()

	resp1, err := get(t, c, "http://127.0.0.1/workspaces")
	if err != nil {
		t.Fatalf("first request: %v", err)
	}
	body, _ := io.ReadAll(resp1.Body)
	resp2, err := get(t, c, "http://127.0.0.1/workspaces?x=1")
	if err != nil {
		t.Fatalf("second request: %v", err)
	}

	if resp1.StatusCode != 200 {
		t.Errorf("first status = %d, want 200", resp1.StatusCode)
	}
	if string(body) != "[1]" {
		t.Errorf("first body = %q, want %q", body, "[1]")
	}
	if got := resp1.Header.Get("Content-Type"); got != "application/json; charset=utf-8" {
		t.Errorf("first Content-Type = %q, want %q", got, "application/json; charset=utf-8")
	}
	if resp2.StatusCode != 503 {
		t.Errorf("second status = %d, want 503", resp2.StatusCode)
	}
	if got := resp2.Header.Get("Retry-After"); got != "2" {
		t.Errorf("second Retry-After = %q, want %q", got, "2")
	}
	if failures := rec.finish(); len(failures) != 0 {
		t.Errorf("failures = %q, want none", failures)
	}
}

func TestRegistryUnmatchedRequestFails(t *testing.T) {
	rec := &recorder{TB: t}
	reg := NewRegistry(rec)
	reg.Register("once", REST("GET", "/workspaces"), JSON(200, `[]`))
	c := reg.Client()

	if _, err := get(t, c, "http://127.0.0.1/workspaces"); err != nil {
		t.Fatalf("first request: %v", err)
	}
	_, errAgain := get(t, c, "http://127.0.0.1/workspaces")
	_, errOther := get(t, c, "http://127.0.0.1/admin/audit?limit=5")

	if errAgain == nil || errOther == nil {
		t.Errorf("errors = %v, %v, want both requests to fail", errAgain, errOther)
	}
	want := []string{
		"clienttest: no stub for GET /workspaces",
		"clienttest: no stub for GET /admin/audit?limit=5",
	}
	if got := rec.finish(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("failures = %q, want %q", got, want)
	}
}

func TestRegistryUnusedStubFails(t *testing.T) {
	rec := &recorder{TB: t}
	reg := NewRegistry(rec)
	reg.Register("never called", REST("DELETE", "/workspaces/x"), JSON(200, `{}`))

	got := rec.finish()

	want := []string{`clienttest: stub "never called" was never used`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("failures = %q, want %q", got, want)
	}
}

func TestRegistryRecordsRequests(t *testing.T) {
	reg := NewRegistry(t)
	reg.Register("delete", REST("DELETE", "/workspaces/x"), func(req *http.Request) (*http.Response, error) {
		body, _ := io.ReadAll(req.Body)
		return JSON(200, `{"echo":`+string(body)+`}`)(req)
	})
	req, _ := http.NewRequest("DELETE", "http://127.0.0.1/workspaces/x?confirm=true", strings.NewReader(`{"reason":"r"}`))
	req.Header.Set("X-Confirm-Name", "ws")

	resp, err := reg.Client().Do(req)
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	echoed, _ := io.ReadAll(resp.Body)

	if string(echoed) != `{"echo":{"reason":"r"}}` {
		t.Errorf("responder read body %s, want the request body", echoed)
	}
	got := reg.Requests()
	if len(got) != 1 {
		t.Fatalf("recorded %d requests, want 1", len(got))
	}
	if got[0].Method != "DELETE" {
		t.Errorf("method = %q, want DELETE", got[0].Method)
	}
	if got[0].URL.RawQuery != "confirm=true" {
		t.Errorf("query = %q, want %q", got[0].URL.RawQuery, "confirm=true")
	}
	if name := got[0].Header.Get("X-Confirm-Name"); name != "ws" {
		t.Errorf("X-Confirm-Name = %q, want %q", name, "ws")
	}
	if string(got[0].Body) != `{"reason":"r"}` {
		t.Errorf("body = %s, want %s", got[0].Body, `{"reason":"r"}`)
	}
}

func TestMatchers(t *testing.T) {
	tests := []struct {
		name  string
		match Matcher
		url   string
		want  bool
	}{
		{"rest exact", REST("GET", "/workspaces"), "http://127.0.0.1/workspaces?a=1", true},
		{"rest other path", REST("GET", "/workspaces"), "http://127.0.0.1/workspaces/x", false},
		{"query match", WithQuery(REST("GET", "/workspaces"), url.Values{"show_removed": {"true"}}), "http://127.0.0.1/workspaces?show_removed=true&x=1", true},
		{"query missing", WithQuery(REST("GET", "/workspaces"), url.Values{"show_removed": {"true"}}), "http://127.0.0.1/workspaces", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", tt.url, nil)
			if got := tt.match(req); got != tt.want {
				t.Errorf("match(%s) = %v, want %v", tt.url, got, tt.want)
			}
		})
	}
}

func TestFail(t *testing.T) {
	custom := errors.New("tls handshake timeout")
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"default", nil, ErrConnection},
		{"custom", custom, custom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := NewRegistry(t)
			reg.Register("fail", REST("GET", "/x"), Fail(tt.err))

			_, err := get(t, reg.Client(), "http://127.0.0.1/x")

			if !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want it to wrap %v", err, tt.want)
			}
		})
	}
}
