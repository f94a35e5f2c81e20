package cmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/platform"
)

// processDeadline bounds every run of the built binary, so a process that
// waits for input it never gets fails the test instead of hanging it.
const processDeadline = 60 * time.Second

var (
	buildOnce  sync.Once
	binaryDir  string
	binaryPath string
	buildErr   error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binaryDir != "" {
		os.RemoveAll(binaryDir)
	}
	os.Exit(code)
}

// wsctlBinary builds the wsctl binary once per test run and returns its
// path. Tests that need real pipes, /dev/null or signals run it.
func wsctlBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		binaryDir, buildErr = os.MkdirTemp("", "wsctl-binary-")
		if buildErr != nil {
			return
		}
		binaryPath = filepath.Join(binaryDir, "wsctl")
		out, err := exec.Command("go", "build", "-o", binaryPath, "github.com/wsctl/wsctl").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatalf("build wsctl: %v", buildErr)
	}
	return binaryPath
}

// servedPlatform is the reference platform with the incident seed on a
// temporary SQLite file, served on 127.0.0.1.
type servedPlatform struct {
	url, token string
	log        *requestLog
}

// servePlatform starts the platform with a provisioning delay; wrap, when
// not nil, sits in front of its handler to inject responses.
func servePlatform(t testing.TB, provisionDelay time.Duration, wrap func(http.Handler) http.Handler) *servedPlatform {
	t.Helper()
	p, err := platform.Open(context.Background(), platform.Options{
		DSN:            filepath.Join(t.TempDir(), "platform.db"),
		Seed:           platform.IncidentSeed(),
		ProvisionDelay: provisionDelay,
	})
	if err != nil {
		t.Fatalf("platform.Open: %v", err)
	}
	handler := p.Handler()
	if wrap != nil {
		handler = wrap(handler)
	}
	log := &requestLog{}
	srv := httptest.NewServer(log.wrap(handler))
	t.Cleanup(func() {
		srv.Close()
		p.Close()
	})
	return &servedPlatform{url: srv.URL, token: p.OrgToken(), log: log}
}

// env returns a clean environment for the binary: nothing from the test's
// own environment leaks in, CI included.
func (p *servedPlatform) env(t testing.TB, extra ...string) []string {
	return append([]string{
		"HOME=" + t.TempDir(),
		"PATH=" + os.Getenv("PATH"),
		"WSCTL_PLATFORM=" + p.url,
		"WSCTL_TOKEN=" + p.token,
	}, extra...)
}

// checkNothingDeleted fails unless the platform got no DELETE, still lists
// the SEO Agent as live and audited no allowed delete.
func (p *servedPlatform) checkNothingDeleted(t testing.TB) {
	t.Helper()
	if n := p.log.count(http.MethodDelete); n != 0 {
		t.Errorf("DELETE requests = %d, want 0", n)
	}
	cfg := runConfig{env: map[string]string{"WSCTL_PLATFORM": p.url, "WSCTL_TOKEN": p.token}}
	ws := runWsctl(t, cfg, "ws", "get", seoAgentID, "-o", "json")
	if ws.code != cmdutil.ExitOK || !strings.Contains(ws.stdout, `"status": "online"`) {
		t.Errorf("ws get exit code = %d, stdout:\n%s\nwant the workspace still online", ws.code, ws.stdout)
	}
	audit := runWsctl(t, cfg, "audit", "list", "--action", "workspace.delete", "--outcome", "allowed", "--all", "-o", "json")
	if audit.code != cmdutil.ExitOK {
		t.Fatalf("audit list exit code = %d; stderr:\n%s", audit.code, audit.stderr)
	}
	if n := strings.Count(audit.stdout, `"action": "workspace.delete"`); n != 0 {
		t.Errorf("allowed workspace.delete audit entries = %d, want 0", n)
	}
}

// exitCode returns the exit status of a finished command, or -1 when it
// was killed by a signal or did not start.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return exitErr.ExitCode()
	}
	return -1
}

func TestBinaryRefusesWithoutTerminal(t *testing.T) {
	bin := wsctlBinary(t)
	p := servePlatform(t, time.Millisecond, nil)
	const refusal = "error: missing --confirm-name and --reason: wsctl cannot prompt because standard input is not a terminal\n"
	tests := []struct {
		name  string
		shell string
	}{
		{
			name:  "newline piped in",
			shell: `printf '\n' | "$WSCTL" ws delete "SEO Agent"`,
		},
		{
			name:  "stdin from dev null",
			shell: `"$WSCTL" ws delete "SEO Agent" </dev/null`,
		},
		{
			name:  "stdout piped to cat",
			shell: `"$WSCTL" ws delete "SEO Agent" | cat`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), processDeadline)
			defer cancel()
			sh := exec.CommandContext(ctx, "bash", "-c", "set -o pipefail; "+tt.shell)
			sh.Env = p.env(t, "WSCTL="+bin)
			var stdout, stderr bytes.Buffer
			sh.Stdout, sh.Stderr = &stdout, &stderr

			code := exitCode(sh.Run())

			if code != int(cmdutil.ExitConfirm) {
				t.Errorf("exit code = %d, want %d", code, cmdutil.ExitConfirm)
			}
			if !strings.HasSuffix(stderr.String(), refusal+"nothing was changed: pass --confirm-name with the workspace's exact name and --reason saying why\n") {
				t.Errorf("stderr:\n%s\nwant it to end with the refusal", stderr.String())
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout = %q, want empty", stdout.String())
			}
			p.checkNothingDeleted(t)
		})
	}
}

// watchedOutput collects what a process writes and lets a test wait,
// bounded by a context, until some text has appeared.
type watchedOutput struct {
	mu      sync.Mutex
	text    strings.Builder
	changed chan struct{}
	done    chan struct{}
}

func watchOutput(r io.Reader) *watchedOutput {
	w := &watchedOutput{changed: make(chan struct{}, 1), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		buf := make([]byte, 4096)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				w.mu.Lock()
				w.text.Write(buf[:n])
				w.mu.Unlock()
				select {
				case w.changed <- struct{}{}:
				default:
				}
			}
			if err != nil {
				return
			}
		}
	}()
	return w
}

func (w *watchedOutput) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.text.String()
}

// waitFor blocks until text has appeared count times in the output.
func (w *watchedOutput) waitFor(ctx context.Context, t testing.TB, text string, count int) {
	t.Helper()
	for strings.Count(w.String(), text) < count {
		select {
		case <-w.changed:
		case <-w.done:
			if strings.Count(w.String(), text) < count {
				t.Fatalf("output ended before %q appeared %d times; output:\n%s", text, count, w.String())
			}
			return
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %q; output:\n%s", text, w.String())
		}
	}
}
