package cmd

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/wsctl/wsctl/cmd/cmdutil"
)

// terminalRun is the built binary running with a pseudo-terminal as stdin
// and stderr, as an operator's shell would start it.
type terminalRun struct {
	proc       *exec.Cmd
	controller *os.File
	terminal   *watchedOutput
	stdout     bytes.Buffer
}

// startOnTerminal starts wsctl with stdin and stderr on a new
// pseudo-terminal and stdout on a pipe, with accessible prompts, which read
// one line per answer.
func startOnTerminal(ctx context.Context, t *testing.T, p *servedPlatform, args ...string) *terminalRun {
	t.Helper()
	controller, terminal, err := openPTY()
	if err != nil {
		t.Skipf("no pseudo-terminal available: %v", err)
	}
	t.Cleanup(func() { controller.Close() })

	run := &terminalRun{controller: controller}
	run.proc = exec.CommandContext(ctx, wsctlBinary(t), args...)
	run.proc.Env = p.env(t, "WSCTL_ACCESSIBLE=1", "TERM=xterm")
	run.proc.Stdin = terminal
	run.proc.Stderr = terminal
	run.proc.Stdout = &run.stdout
	run.proc.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := run.proc.Start(); err != nil {
		t.Fatalf("start wsctl: %v", err)
	}
	// Only the child keeps the terminal open, so reads on the controller
	// end when the child exits.
	terminal.Close()
	run.terminal = watchOutput(controller)
	return run
}

func (r *terminalRun) answer(t *testing.T, line string) {
	t.Helper()
	if _, err := r.controller.Write([]byte(line + "\n")); err != nil {
		t.Fatalf("type %q: %v", line, err)
	}
}

func (r *terminalRun) interrupt(t *testing.T) {
	t.Helper()
	if err := r.proc.Process.Signal(os.Interrupt); err != nil {
		t.Fatalf("send SIGINT: %v", err)
	}
}

func (r *terminalRun) wait(t *testing.T) int {
	t.Helper()
	code := exitCode(r.proc.Wait())
	<-r.terminal.done
	return code
}

const nameQuestion = `To delete workspace "SEO Agent", type its name: `

func TestBinaryInterruptAtPrompt(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), processDeadline)
	defer cancel()
	p := servePlatform(t, time.Millisecond, nil)
	run := startOnTerminal(ctx, t, p, "ws", "delete", "SEO Agent")

	run.terminal.waitFor(ctx, t, nameQuestion, 1)
	run.interrupt(t)
	code := run.wait(t)

	if code != int(cmdutil.ExitInterrupted) {
		t.Errorf("exit code = %d, want %d; terminal:\n%s", code, cmdutil.ExitInterrupted, run.terminal)
	}
	if !strings.Contains(run.terminal.String(), "interrupted: nothing was changed") {
		t.Errorf("terminal lacks %q:\n%s", "interrupted: nothing was changed", run.terminal)
	}
	if run.stdout.Len() != 0 {
		t.Errorf("stdout = %q, want empty", run.stdout.String())
	}
	p.checkNothingDeleted(t)
}

func TestBinaryEndOfInputAtPrompt(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), processDeadline)
	defer cancel()
	p := servePlatform(t, time.Millisecond, nil)
	run := startOnTerminal(ctx, t, p, "ws", "delete", "SEO Agent", "-o", "json")

	run.terminal.waitFor(ctx, t, nameQuestion, 1)
	// Ctrl-D at the start of a line ends the input of a terminal.
	if _, err := run.controller.Write([]byte{4}); err != nil {
		t.Fatalf("type Ctrl-D: %v", err)
	}
	code := run.wait(t)

	if code != int(cmdutil.ExitConfirm) {
		t.Errorf("exit code = %d, want %d; terminal:\n%s", code, cmdutil.ExitConfirm, run.terminal)
	}
	if !strings.Contains(run.terminal.String(), "error: no answer before the end of input: nothing was changed") {
		t.Errorf("terminal lacks the no-answer error:\n%s", run.terminal)
	}
	if run.stdout.Len() != 0 {
		t.Errorf("stdout = %q, want empty", run.stdout.String())
	}
	p.checkNothingDeleted(t)
}

// TestBinaryInterruptAfterChange rejects the first DELETE with 412, as when
// the workspace changed after the pre-flight read. wsctl asks again, and a
// Ctrl-C at that second prompt must exit at once, because the rejected
// DELETE changed nothing.
func TestBinaryInterruptAfterChange(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), processDeadline)
	defer cancel()
	var rejected atomic.Bool
	rejectFirstDelete := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodDelete && rejected.CompareAndSwap(false, true) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusPreconditionFailed)
				w.Write([]byte(`{"error":"precondition_failed","message":"the workspace changed since it was read"}`))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	p := servePlatform(t, time.Millisecond, rejectFirstDelete)
	run := startOnTerminal(ctx, t, p, "ws", "delete", "SEO Agent")

	run.terminal.waitFor(ctx, t, nameQuestion, 1)
	run.answer(t, "SEO Agent")
	run.terminal.waitFor(ctx, t, "Reason, recorded in the audit log: ", 1)
	run.answer(t, "stuck session cleanup")
	run.terminal.waitFor(ctx, t, nameQuestion, 2)
	run.interrupt(t)
	code := run.wait(t)

	if code != int(cmdutil.ExitInterrupted) {
		t.Errorf("exit code = %d, want %d; terminal:\n%s", code, cmdutil.ExitInterrupted, run.terminal)
	}
	out := run.terminal.String()
	for _, want := range []string{
		"the workspace changed since it was read, so nothing was deleted",
		"interrupted: nothing was changed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("terminal lacks %q:\n%s", want, out)
		}
	}
	if n := p.log.count(http.MethodDelete); n != 1 {
		t.Errorf("DELETE requests = %d, want 1 (the rejected one)", n)
	}
}

// TestBinaryInterruptWhileWaiting sends SIGINT while restart --wait polls:
// the restart was sent, so wsctl exits 130 with a message saying it was
// sent instead of claiming nothing changed.
func TestBinaryInterruptWhileWaiting(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), processDeadline)
	defer cancel()
	p := servePlatform(t, time.Hour, nil)
	proc := exec.CommandContext(ctx, wsctlBinary(t), "ws", "restart", seoAgentID, "--wait", "--timeout", "10m")
	proc.Env = p.env(t)
	stderrPipe, err := proc.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := proc.Start(); err != nil {
		t.Fatalf("start wsctl: %v", err)
	}
	stderr := watchOutput(stderrPipe)

	stderr.waitFor(ctx, t, "restarting workspace "+seoAgentID, 1)
	if err := proc.Process.Signal(os.Interrupt); err != nil {
		t.Fatalf("send SIGINT: %v", err)
	}
	<-stderr.done
	code := exitCode(proc.Wait())

	if code != int(cmdutil.ExitInterrupted) {
		t.Errorf("exit code = %d, want %d; stderr:\n%s", code, cmdutil.ExitInterrupted, stderr)
	}
	want := "interrupted: the request was already sent, check the workspace with wsctl ws get " + seoAgentID + "\n"
	if !strings.HasSuffix(stderr.String(), want) {
		t.Errorf("stderr:\n%s\nwant it to end with %q", stderr, want)
	}
}
