package cmd

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wsctl/wsctl/cmd/cmdutil"
)

// TestDryRunBaseRoundTrips checks that a dry-run delete by id costs two
// round trips against the base platform: the impact request, which returns
// 404 on the base platform, then the workspace, its schedules, its memories
// and the workspace list fetched in parallel. The four parallel handlers
// wait for each other, so a client that fetched them one after another
// would never get past the first and the test would fail at the deadline.
// The workspace is busy and stuck, and its warning comes from the parallel
// read of the workspace, with no further request.
func TestDryRunBaseRoundTrips(t *testing.T) {
	const parallel = 4
	var (
		mu      sync.Mutex
		arrived int
		all     = make(chan struct{})
		stalled bool
	)
	barrier := func(next http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			arrived++
			if arrived == parallel {
				close(all)
			}
			mu.Unlock()

			select {
			case <-all:
				next(w, r)
			case <-time.After(10 * time.Second):
				mu.Lock()
				stalled = true
				mu.Unlock()
				http.Error(w, "barrier timed out", http.StatusGatewayTimeout)
			}
		}
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /workspaces", barrier(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `[{"id":%q,"name":"ops bot","status":"online"}]`, baseID)
	}))
	mux.HandleFunc("GET /workspaces/{id}", barrier(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"id":%q,"name":"ops bot","status":"online","active_tasks":2,"warnings":[{"code":"session_likely_stuck",
			"severity":"warn","first_observed_at":"2026-03-10T09:00:00Z","duration_seconds":7200,
			"hint":"POST /workspaces/%[1]s/restart resets the session without losing config or schedules",
			"action":{"method":"POST","path":"/workspaces/%[1]s/restart"}}]}`, baseID)
	}))
	mux.HandleFunc("GET /workspaces/{id}/schedules", barrier(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `[]`)
	}))
	mux.HandleFunc("GET /workspaces/{id}/memories", barrier(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `[]`)
	}))
	log := &requestLog{}
	srv := httptest.NewServer(log.wrap(mux))
	t.Cleanup(srv.Close)

	got := runWsctl(t, runConfig{env: map[string]string{"WSCTL_PLATFORM": srv.URL, "WSCTL_TOKEN": baseToken}},
		"ws", "delete", baseID, "--dry-run")

	if got.code != cmdutil.ExitOK {
		t.Fatalf("exit code = %d, want %d; stderr:\n%s", got.code, cmdutil.ExitOK, got.stderr)
	}
	mu.Lock()
	defer mu.Unlock()
	if stalled {
		t.Errorf("the four pre-flight reads were not in flight together; requests: %v", log.all())
	}
	if n := len(log.all()); n != parallel+1 {
		t.Errorf("requests = %d, want %d (impact, then %d in parallel): %v", n, parallel+1, parallel, log.all())
	}
	for _, want := range []string{"Active tasks:  2\n", "WARNING: the agent session looks stuck: it has reported active tasks for 2h"} {
		if !strings.Contains(got.stderr, want) {
			t.Errorf("stderr lacks %q; stderr:\n%s", want, got.stderr)
		}
	}
}
