package cmd

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wsctl/wsctl/cmd/cmdutil"
)

const (
	baseToken = "bAsEtOkEn0123456789abcdefghijklmnopqrstuvw"
	baseID    = "44444444-4444-4444-8444-444444444444"
	twinID    = "55555555-5555-4555-8555-555555555555"
)

// baseStub answers like the base platform: no impact, restore or audit
// route (404 text/plain), removed workspaces hidden from the list, at most
// 50 memories, and a DELETE that needs nothing.
func baseStub(t *testing.T) (string, *requestLog) {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /workspaces", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `[{"id":%q,"name":"ops bot","status":"online","active_tasks":2},
			{"id":%q,"name":"twin","status":"online"},{"id":"66666666-6666-4666-8666-666666666666","name":"twin","status":"offline"}]`, baseID, twinID)
	})
	mux.HandleFunc("GET /workspaces/{id}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"id":%q,"name":"ops bot","status":"online","active_tasks":2}`, r.PathValue("id"))
	})
	mux.HandleFunc("GET /workspaces/{id}/schedules", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `[{"id":"s1","enabled":true},{"id":"s2","enabled":false}]`)
	})
	mux.HandleFunc("GET /workspaces/{id}/memories", func(w http.ResponseWriter, r *http.Request) {
		items := make([]string, 50)
		for i := range items {
			items[i] = fmt.Sprintf(`{"id":"m%d","content":"x"}`, i)
		}
		fmt.Fprint(w, "["+strings.Join(items, ",")+"]")
	})
	mux.HandleFunc("DELETE /workspaces/{id}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"status":"removed","cascade_deleted":0}`)
	})
	log := &requestLog{}
	auth := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+baseToken {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":"admin auth required"}`)
			return
		}
		mux.ServeHTTP(w, r)
	})
	srv := httptest.NewServer(log.wrap(auth))
	t.Cleanup(srv.Close)
	return srv.URL, log
}

func TestBasePlatform(t *testing.T) {
	tests := []struct {
		name        string
		args        []string
		wantCode    cmdutil.ExitCode
		wantStderr  []string
		wantDeletes int
	}{
		{
			name:        "delete with client preflight",
			args:        []string{"ws", "delete", "ops bot", "--confirm-name", "ops bot", "--reason", "retired after the incident"},
			wantCode:    cmdutil.ExitOK,
			wantStderr:  []string{"Memories:      50+\n", "Schedules:     1 enabled of 2\n", "Tokens:        unknown", "this platform keeps no restore window: the delete cannot be undone with wsctl\n"},
			wantDeletes: 1,
		},
		{
			name:     "dry run",
			args:     []string{"ws", "delete", baseID, "--dry-run"},
			wantCode: cmdutil.ExitOK,
			wantStderr: []string{
				"\nWARNING: 2 active tasks in progress will be interrupted by the delete\n",
				"dry run: nothing was sent; no name or reason was given, so neither was checked (the platform's budget and its own checks were not tried)\n",
			},
		},
		{
			name:       "ambiguous name",
			args:       []string{"ws", "delete", "twin", "--confirm-name", "twin", "--reason", "retired after the incident"},
			wantCode:   cmdutil.ExitUsage,
			wantStderr: []string{`error: name "twin" matches 2 workspaces: pass the id instead` + "\n", "  " + twinID + `  "twin"  online` + "\n"},
		},
		{
			name:       "restore without endpoint",
			args:       []string{"ws", "restore", baseID},
			wantCode:   cmdutil.ExitError,
			wantStderr: []string{"error: this platform has no restore endpoint, so wsctl cannot restore workspace " + baseID},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, log := baseStub(t)
			got := runWsctl(t, runConfig{env: map[string]string{"WSCTL_PLATFORM": url, "WSCTL_TOKEN": baseToken}}, tt.args...)
			if got.code != tt.wantCode {
				t.Errorf("exit code = %d, want %d; stderr:\n%s", got.code, tt.wantCode, got.stderr)
			}
			for _, want := range tt.wantStderr {
				if !strings.Contains(got.stderr, want) {
					t.Errorf("stderr lacks %q; stderr:\n%s", want, got.stderr)
				}
			}
			if n := log.count(http.MethodDelete); n != tt.wantDeletes {
				t.Errorf("DELETE requests = %d, want %d", n, tt.wantDeletes)
			}
		})
	}
}
