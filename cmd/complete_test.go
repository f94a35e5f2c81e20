package cmd

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/wsctl/wsctl/cmd/cmdutil"
)

func TestCompleteWorkspaces(t *testing.T) {
	url, token, log := guardedPlatform(t)
	env := map[string]string{"WSCTL_PLATFORM": url, "WSCTL_TOKEN": token}
	removed := runWsctl(t, runConfig{env: env}, "ws", "delete", "33333333-3333-4333-8333-333333333305",
		"--confirm-name", "prod", "--reason", "removed before completing")
	if removed.code != cmdutil.ExitOK {
		t.Fatalf("delete exit code = %d; stderr:\n%s", removed.code, removed.stderr)
	}
	tests := []struct {
		name      string
		args      []string
		wantLines []string
	}{
		{
			name: "every live workspace",
			args: []string{"__complete", "ws", "delete", ""},
			wantLines: []string{
				seoAgentID + "\tSEO Agent (online)",
				"22222222-2222-4222-8222-222222222222\tResearch Team (online)",
				"22222222-2222-4222-8222-2222222222c1\tResearch Scout (online)",
				"22222222-2222-4222-8222-2222222222c2\tResearch Writer (online)",
				"33333333-3333-4333-8333-333333333301\tcafe\u0301 (online)",
				"33333333-3333-4333-8333-333333333302\tデータ-ws (online)",
				"33333333-3333-4333-8333-333333333303\tteam:alpha (online)",
				"33333333-3333-4333-8333-333333333304\tmy ws (online)",
				"33333333-3333-4333-8333-333333333306\tProd (online)",
			},
		},
		{
			name: "id prefix",
			args: []string{"__complete", "ws", "get", "33333333-3333-4333-8333-33333333330"},
			wantLines: []string{
				"33333333-3333-4333-8333-333333333301\tcafe\u0301 (online)",
				"33333333-3333-4333-8333-333333333302\tデータ-ws (online)",
				"33333333-3333-4333-8333-333333333303\tteam:alpha (online)",
				"33333333-3333-4333-8333-333333333304\tmy ws (online)",
				"33333333-3333-4333-8333-333333333306\tProd (online)",
			},
		},
		{
			name: "name prefix with space",
			args: []string{"__complete", "ws", "delete", "Research "},
			wantLines: []string{
				"Research Scout\t22222222-2222-4222-8222-2222222222c1 (online)",
				"Research Team\t22222222-2222-4222-8222-222222222222 (online)",
				"Research Writer\t22222222-2222-4222-8222-2222222222c2 (online)",
			},
		},
		{
			name:      "name prefix with colon",
			args:      []string{"__complete", "ws", "get", "team:"},
			wantLines: []string{"team:alpha\t33333333-3333-4333-8333-333333333303 (online)"},
		},
		{
			name:      "name prefix decomposed",
			args:      []string{"__complete", "ws", "get", "cafe\u0301"},
			wantLines: []string{"caf\u00e9\t33333333-3333-4333-8333-333333333301 (online)"},
		},
		{
			name:      "name prefix matches nothing",
			args:      []string{"__complete", "ws", "get", "zzz"},
			wantLines: nil,
		},
		{
			name:      "removed name for restore",
			args:      []string{"__complete", "ws", "restore", "pr"},
			wantLines: []string{"prod\t33333333-3333-4333-8333-333333333305 (removed)"},
		},
		{
			name:      "second argument",
			args:      []string{"__complete", "ws", "delete", seoAgentID, ""},
			wantLines: nil,
		},
		{
			name:      "restore offers removed only",
			args:      []string{"__complete", "ws", "restore", ""},
			wantLines: []string{"33333333-3333-4333-8333-333333333305\tprod (removed)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runWsctl(t, runConfig{env: env}, tt.args...)

			if got.code != cmdutil.ExitOK {
				t.Fatalf("exit code = %d, want 0; stderr:\n%s", got.code, got.stderr)
			}
			lines := strings.Split(strings.TrimSuffix(got.stdout, "\n"), "\n")
			directive := lines[len(lines)-1]
			candidates := lines[:len(lines)-1]
			sort.Strings(candidates)
			want := append([]string(nil), tt.wantLines...)
			sort.Strings(want)
			if strings.Join(candidates, "\n") != strings.Join(want, "\n") {
				t.Errorf("candidates:\ngot:  %q\nwant: %q", candidates, want)
			}
			if directive != ":4" {
				t.Errorf("directive = %q, want %q (no file completion)", directive, ":4")
			}
		})
	}
	if n := log.count(http.MethodDelete) + log.count(http.MethodPost); n != 1 {
		t.Errorf("mutating requests = %d, want only the one delete before completing", n)
	}
}

// TestCompleteUnreachable points completion at a platform that never
// answers: it must give up within the completion timeout, offer nothing,
// ask once and never prompt.
func TestCompleteUnreachable(t *testing.T) {
	release := make(chan struct{})
	log := &requestLog{}
	srv := httptest.NewServer(log.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})))
	t.Cleanup(func() {
		close(release)
		srv.Close()
	})
	env := map[string]string{"WSCTL_PLATFORM": srv.URL, "WSCTL_TOKEN": "completionToken0123456789"}

	ctx, cancel := context.WithTimeout(context.Background(), cmdutil.CompletionTimeout+3*time.Second)
	defer cancel()
	done := make(chan run, 1)
	start := time.Now()
	go func() {
		done <- runWsctl(t, runConfig{env: env, tty: true}, "__complete", "ws", "delete", "")
	}()

	var got run
	select {
	case got = <-done:
	case <-ctx.Done():
		t.Fatalf("completion still running after %s", time.Since(start))
	}
	elapsed := time.Since(start)

	if elapsed > cmdutil.CompletionTimeout+time.Second {
		t.Errorf("completion took %s, want at most about %s", elapsed, cmdutil.CompletionTimeout)
	}
	if got.stdout != ":5\n" {
		t.Errorf("stdout = %q, want only the error directive %q", got.stdout, ":5\n")
	}
	if want := "Completion ended with directive: ShellCompDirectiveError, ShellCompDirectiveNoFileComp\n"; got.stderr != want {
		t.Errorf("stderr = %q, want %q", got.stderr, want)
	}
	if n := len(log.all()); n != 1 {
		t.Errorf("requests = %d, want 1 (no retries)", n)
	}
}

// TestCompleteServerError runs the binary against a platform responding
// with 503, which a normal GET retries: completion asks once, prints the error only
// on stderr and never the token.
func TestCompleteServerError(t *testing.T) {
	log := &requestLog{}
	srv := httptest.NewServer(log.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(`{"error":"unavailable","message":"database is down"}`))
	})))
	t.Cleanup(srv.Close)
	const token = "completionToken0123456789"

	ctx, cancel := context.WithTimeout(context.Background(), processDeadline)
	defer cancel()
	proc := exec.CommandContext(ctx, wsctlBinary(t), "__complete", "ws", "delete", "")
	proc.Env = []string{"HOME=" + t.TempDir(), "WSCTL_PLATFORM=" + srv.URL, "WSCTL_TOKEN=" + token}
	var stdout, stderr bytes.Buffer
	proc.Stdout, proc.Stderr = &stdout, &stderr
	code := exitCode(proc.Run())

	if code != 0 {
		t.Errorf("exit code = %d, want 0", code)
	}
	if stdout.String() != ":5\n" {
		t.Errorf("stdout = %q, want only the error directive %q", stdout.String(), ":5\n")
	}
	if !strings.Contains(stderr.String(), "workspace completion: GET /workspaces: HTTP 503: unavailable: database is down") {
		t.Errorf("stderr lacks the completion error:\n%s", stderr.String())
	}
	if strings.Contains(stdout.String()+stderr.String(), token) {
		t.Errorf("output contains the token")
	}
	if n := len(log.all()); n != 1 {
		t.Errorf("requests = %d, want 1 (no retries)", n)
	}
}
