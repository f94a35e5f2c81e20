package cmd

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/factory"
	"github.com/wsctl/wsctl/output"
	"github.com/wsctl/wsctl/platform"
	"github.com/wsctl/wsctl/prompt"
	"github.com/wsctl/wsctl/prompt/prompttest"
)

const seoAgentID = "11111111-1111-4111-8111-111111111111"

// requestLog records the method and path of every request a test server
// receives.
type requestLog struct {
	mu       sync.Mutex
	requests []string
}

func (l *requestLog) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.requests = append(l.requests, r.Method+" "+r.URL.Path)
		l.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

func (l *requestLog) count(method string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, r := range l.requests {
		if strings.HasPrefix(r, method+" ") {
			n++
		}
	}
	return n
}

func (l *requestLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.requests...)
}

// guardedPlatform starts the reference platform on a temporary SQLite file
// with the incident seed, served over httptest on 127.0.0.1.
func guardedPlatform(t testing.TB) (url, token string, log *requestLog) {
	t.Helper()
	p, err := platform.Open(context.Background(), platform.Options{
		DSN:            filepath.Join(t.TempDir(), "platform.db"),
		Seed:           platform.IncidentSeed(),
		ProvisionDelay: time.Millisecond,
	})
	if err != nil {
		t.Fatalf("platform.Open: %v", err)
	}
	log = &requestLog{}
	srv := httptest.NewServer(log.wrap(p.Handler()))
	t.Cleanup(func() {
		srv.Close()
		p.Close()
	})
	return srv.URL, p.OrgToken(), log
}

type run struct {
	stdout, stderr string
	code           cmdutil.ExitCode
}

type runConfig struct {
	env      map[string]string
	tty      bool
	stdin    string
	prompter prompt.Prompter
}

func runWsctl(t testing.TB, cfg runConfig, args ...string) run {
	t.Helper()
	ios, in, out, errOut := output.Test()
	in.WriteString(cfg.stdin)
	ios.SetStdinTTY(cfg.tty)
	ios.SetStdoutTTY(cfg.tty)
	ios.SetStderrTTY(cfg.tty)
	env := map[string]string{"HOME": t.TempDir()}
	for k, v := range cfg.env {
		env[k] = v
	}
	f := factory.New("test", ios, func(key string) string { return env[key] })
	f.Now = func() time.Time { return time.Now() }
	if cfg.prompter != nil {
		f.Prompter = func() prompt.Prompter { return cfg.prompter }
	}
	code := Execute(context.Background(), f, args)
	return run{stdout: out.String(), stderr: errOut.String(), code: code}
}

func TestDeleteIncidentFlowCI(t *testing.T) {
	url, token, log := guardedPlatform(t)
	env := map[string]string{"WSCTL_PLATFORM": url, "WSCTL_TOKEN": token, "CI": "true"}

	got := runWsctl(t, runConfig{env: env}, "ws", "delete", "SEO Agent",
		"--confirm-name", "SEO Agent", "--reason", "stuck session cleanup after probe")
	if got.code != cmdutil.ExitOK {
		t.Fatalf("exit code = %d, want 0; stderr:\n%s", got.code, got.stderr)
	}
	if got.stdout != "" {
		t.Errorf("stdout = %q, want empty", got.stdout)
	}
	for _, want := range []string{
		"Workspace:     " + seoAgentID + ` "SEO Agent"`,
		"Active tasks:  1",
		"Schedules:     9 enabled of 11",
		`Removed workspace "SEO Agent" (` + seoAgentID + ")",
		"to undo: wsctl ws restore " + seoAgentID,
	} {
		if !strings.Contains(got.stderr, want) {
			t.Errorf("stderr lacks %q; stderr:\n%s", want, got.stderr)
		}
	}
	if n := log.count(http.MethodDelete); n != 1 {
		t.Errorf("DELETE requests = %d, want 1", n)
	}

	restored := runWsctl(t, runConfig{env: env}, "ws", "restore", "SEO Agent")
	if restored.code != cmdutil.ExitOK {
		t.Fatalf("restore exit code = %d, want 0; stderr:\n%s", restored.code, restored.stderr)
	}
	if !strings.Contains(restored.stderr, "brought back 9 schedules, 2 tokens and 0 children") {
		t.Errorf("restore stderr:\n%s", restored.stderr)
	}

	again := runWsctl(t, runConfig{env: env}, "ws", "restore", seoAgentID)
	if again.code != cmdutil.ExitConflict {
		t.Errorf("second restore exit code = %d, want %d; stderr:\n%s", again.code, cmdutil.ExitConflict, again.stderr)
	}
}

func TestDeleteRefusedSendsNoDelete(t *testing.T) {
	url, token, _ := guardedPlatform(t)
	env := map[string]string{"WSCTL_PLATFORM": url, "WSCTL_TOKEN": token}
	tests := []struct {
		name       string
		cfg        runConfig
		args       []string
		wantCode   cmdutil.ExitCode
		wantStderr string
	}{
		{
			name:       "no terminal no flags",
			args:       []string{"ws", "delete", "SEO Agent"},
			wantCode:   cmdutil.ExitConfirm,
			wantStderr: "error: missing --confirm-name and --reason: wsctl cannot prompt because standard input is not a terminal\n",
		},
		{
			name:       "no terminal only name",
			args:       []string{"ws", "delete", "SEO Agent", "--confirm-name", "SEO Agent"},
			wantCode:   cmdutil.ExitConfirm,
			wantStderr: "error: missing --reason: wsctl cannot prompt because standard input is not a terminal\n",
		},
		{
			name:       "ci set on a terminal",
			cfg:        runConfig{tty: true, env: map[string]string{"CI": "1"}},
			args:       []string{"ws", "delete", "SEO Agent"},
			wantCode:   cmdutil.ExitConfirm,
			wantStderr: "wsctl cannot prompt because CI is set\n",
		},
		{
			name:       "no-prompt on a terminal",
			cfg:        runConfig{tty: true},
			args:       []string{"ws", "delete", "SEO Agent", "--no-prompt"},
			wantCode:   cmdutil.ExitConfirm,
			wantStderr: "wsctl cannot prompt because --no-prompt is set\n",
		},
		{
			name:       "case mismatch",
			args:       []string{"ws", "delete", seoAgentID, "--confirm-name", "seo agent", "--reason", "cleanup after probe"},
			wantCode:   cmdutil.ExitConfirm,
			wantStderr: "error: the name given with --confirm-name differs in letter case, and names are case-sensitive\n",
		},
		{
			name:       "end of input at prompt",
			cfg:        runConfig{tty: true, prompter: scriptedNoAnswer(t)},
			args:       []string{"ws", "delete", "SEO Agent"},
			wantCode:   cmdutil.ExitConfirm,
			wantStderr: "error: no answer before the end of input: nothing was changed\n",
		},
		{
			name:       "ctrl-c at prompt",
			cfg:        runConfig{tty: true, prompter: scriptedInterrupt(t)},
			args:       []string{"ws", "delete", "SEO Agent"},
			wantCode:   cmdutil.ExitInterrupted,
			wantStderr: "interrupted: nothing was changed\n",
		},
		{
			name:       "children without cascade",
			args:       []string{"ws", "delete", "Research Team", "--confirm-name", "Research Team", "--reason", "team disbanded"},
			wantCode:   cmdutil.ExitConfirm,
			wantStderr: "pass --cascade to delete the workspace together with its children\n",
		},
		{
			name:       "missing argument",
			args:       []string{"ws", "delete"},
			wantCode:   cmdutil.ExitUsage,
			wantStderr: "error: missing <id|name>: wsctl ws delete takes <id|name>\n",
		},
		{
			name:       "extra argument",
			args:       []string{"ws", "delete", "SEO Agent", "prod"},
			wantCode:   cmdutil.ExitUsage,
			wantStderr: `error: too many arguments: wsctl ws delete takes <id|name>, got 2: "SEO Agent" "prod"` + "\n",
		},
		{
			name:       "unknown name",
			args:       []string{"ws", "delete", "SEO agent "},
			wantCode:   cmdutil.ExitNotFound,
			wantStderr: `error: no workspace named "SEO agent "` + "\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			merged := map[string]string{}
			for k, v := range env {
				merged[k] = v
			}
			for k, v := range cfg.env {
				merged[k] = v
			}
			cfg.env = merged
			before := countDeletes(t, url, token)
			got := runWsctl(t, cfg, tt.args...)
			if got.code != tt.wantCode {
				t.Errorf("exit code = %d, want %d; stderr:\n%s", got.code, tt.wantCode, got.stderr)
			}
			if !strings.Contains(got.stderr, tt.wantStderr) {
				t.Errorf("stderr lacks %q; stderr:\n%s", tt.wantStderr, got.stderr)
			}
			if got.stdout != "" {
				t.Errorf("stdout = %q, want empty", got.stdout)
			}
			if after := countDeletes(t, url, token); after != before {
				t.Errorf("audit entries for workspace.delete went from %d to %d, want no delete attempt", before, after)
			}
		})
	}
}

// countDeletes returns how many workspace.delete attempts the platform has
// audited, allowed or refused.
func countDeletes(t testing.TB, url, token string) int {
	t.Helper()
	got := runWsctl(t, runConfig{env: map[string]string{"WSCTL_PLATFORM": url, "WSCTL_TOKEN": token}},
		"audit", "list", "--action", "workspace.delete", "--all", "-o", "json")
	if got.code != cmdutil.ExitOK {
		t.Fatalf("audit list exit code = %d; stderr:\n%s", got.code, got.stderr)
	}
	return strings.Count(got.stdout, `"action": "workspace.delete"`)
}

func scriptedNoAnswer(t *testing.T) prompt.Prompter {
	p := prompttest.New(t)
	p.ExpectInputError(`To delete workspace "SEO Agent", type its name: `, prompt.ErrNoAnswer)
	return p
}

func scriptedInterrupt(t *testing.T) prompt.Prompter {
	p := prompttest.New(t)
	p.ExpectInputError(`To delete workspace "SEO Agent", type its name: `, prompt.ErrInterrupted)
	return p
}

func TestDeleteInteractive(t *testing.T) {
	url, token, log := guardedPlatform(t)
	p := prompttest.New(t)
	// The seed stores the name decomposed (NFD); the operator types and
	// passes the composed form (NFC), which must match.
	p.ExpectInput("To delete workspace \"cafe\u0301\", type its name: ", "caf\u00e9")
	p.ExpectInput("Reason, recorded in the audit log: ", "duplicate of the new cafe workspace")

	got := runWsctl(t, runConfig{
		env:      map[string]string{"WSCTL_PLATFORM": url, "WSCTL_TOKEN": token},
		tty:      true,
		prompter: p,
	}, "ws", "delete", "caf\u00e9", "-o", "json")
	if got.code != cmdutil.ExitOK {
		t.Fatalf("exit code = %d, want 0; stderr:\n%s", got.code, got.stderr)
	}
	if !strings.HasPrefix(got.stdout, "{") || !strings.Contains(got.stdout, `"status": "removed"`) {
		t.Errorf("stdout = %q, want only the server's JSON response", got.stdout)
	}
	if n := log.count(http.MethodDelete); n != 1 {
		t.Errorf("DELETE requests = %d, want 1", n)
	}
}

// TestDeleteDryRunRoundTrips checks the guarded pre-flight: one request,
// busy workspace or idle, because the impact response carries the
// stuck-session warning that the busy one shows.
func TestDeleteDryRunRoundTrips(t *testing.T) {
	const idleID = "33333333-3333-4333-8333-333333333304"
	tests := []struct {
		name       string
		id         string
		wantStderr string
	}{
		{name: "idle", id: idleID, wantStderr: "Active tasks:  0\n"},
		{name: "busy", id: seoAgentID, wantStderr: "WARNING: the agent session looks stuck: it has reported active tasks for"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, token, log := guardedPlatform(t)
			got := runWsctl(t, runConfig{env: map[string]string{"WSCTL_PLATFORM": url, "WSCTL_TOKEN": token}},
				"ws", "delete", tt.id, "--dry-run")
			if got.code != cmdutil.ExitOK {
				t.Fatalf("exit code = %d, want 0; stderr:\n%s", got.code, got.stderr)
			}
			want := []string{"GET /workspaces/" + tt.id + "/impact"}
			if reqs := log.all(); strings.Join(reqs, "\n") != strings.Join(want, "\n") {
				t.Errorf("requests = %q, want %q", reqs, want)
			}
			if !strings.Contains(got.stderr, tt.wantStderr) {
				t.Errorf("stderr lacks %q; stderr:\n%s", tt.wantStderr, got.stderr)
			}
		})
	}
}

func TestDebugNeverShowsToken(t *testing.T) {
	url, token, _ := guardedPlatform(t)
	got := runWsctl(t, runConfig{env: map[string]string{"WSCTL_PLATFORM": url, "WSCTL_TOKEN": token}},
		"--debug", "ws", "get", "SEO Agent")
	if got.code != cmdutil.ExitOK {
		t.Fatalf("exit code = %d, want 0; stderr:\n%s", got.code, got.stderr)
	}
	if !strings.Contains(got.stderr, "GET") {
		t.Errorf("stderr has no request trace:\n%s", got.stderr)
	}
	if strings.Contains(got.stderr+got.stdout, token) {
		t.Errorf("output contains the token")
	}
}

func TestRestartWait(t *testing.T) {
	url, token, _ := guardedPlatform(t)
	got := runWsctl(t, runConfig{env: map[string]string{"WSCTL_PLATFORM": url, "WSCTL_TOKEN": token}},
		"ws", "restart", "SEO Agent", "--reset-session", "--yes", "--wait", "--timeout", "10s")
	if got.code != cmdutil.ExitOK {
		t.Fatalf("exit code = %d, want 0; stderr:\n%s", got.code, got.stderr)
	}
	if !strings.Contains(got.stderr, "workspace "+seoAgentID+" is online") {
		t.Errorf("stderr:\n%s", got.stderr)
	}
}

func TestNoTargetConfigured(t *testing.T) {
	got := runWsctl(t, runConfig{}, "ws", "list")
	if got.code != cmdutil.ExitUsage {
		t.Errorf("exit code = %d, want %d", got.code, cmdutil.ExitUsage)
	}
	want := "error: no platform configured\npass --platform URL or set WSCTL_PLATFORM=URL\n"
	if !strings.HasPrefix(got.stderr, want) {
		t.Errorf("stderr = %q, want prefix %q", got.stderr, want)
	}
}
