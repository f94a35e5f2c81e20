package cmd

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/wsctl/wsctl/cmd/cmdutil"
)

func TestVersion(t *testing.T) {
	goLine := "go: " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + "\n"
	tests := []struct {
		name       string
		args       []string
		wantStdout string
	}{
		{name: "command", args: []string{"version"}, wantStdout: "wsctl dev\ncommit: unknown\nbuilt: unknown\n" + goLine},
		{name: "flag", args: []string{"--version"}, wantStdout: "wsctl version dev\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runWsctl(t, runConfig{}, tt.args...)

			if got.code != cmdutil.ExitOK {
				t.Errorf("exit code = %d, want 0", got.code)
			}
			if got.stdout != tt.wantStdout {
				t.Errorf("stdout = %q, want %q", got.stdout, tt.wantStdout)
			}
			if got.stderr != "" {
				t.Errorf("stderr = %q, want empty", got.stderr)
			}
		})
	}

	t.Run("json", func(t *testing.T) {
		got := runWsctl(t, runConfig{}, "version", "-o", "json")

		var info VersionInfo
		if err := json.Unmarshal([]byte(got.stdout), &info); err != nil {
			t.Fatalf("stdout is not JSON: %v\n%s", err, got.stdout)
		}
		want := VersionInfo{Version: "dev", Commit: "unknown", BuildDate: "unknown", GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
		if info != want {
			t.Errorf("version = %+v, want %+v", info, want)
		}
	})
}

// TestExitCodesTopic keeps wsctl help exit-codes in step with the exit code
// constants: every code has a line.
func TestExitCodesTopic(t *testing.T) {
	got := runWsctl(t, runConfig{}, "help", "exit-codes")

	if got.code != cmdutil.ExitOK {
		t.Fatalf("exit code = %d, want 0", got.code)
	}
	for _, code := range []cmdutil.ExitCode{
		cmdutil.ExitOK, cmdutil.ExitError, cmdutil.ExitUsage, cmdutil.ExitConfirm, cmdutil.ExitAuth,
		cmdutil.ExitNotFound, cmdutil.ExitGone, cmdutil.ExitConflict, cmdutil.ExitRateLimited, cmdutil.ExitInterrupted,
	} {
		line := fmt.Sprintf("\n%5d  ", code)
		if !strings.Contains(got.stdout, line) {
			t.Errorf("help exit-codes lacks a line for code %d", code)
		}
	}
}

func TestRootHelpTopics(t *testing.T) {
	got := runWsctl(t, runConfig{}, "--help")

	want := "\nAdditional help topics:\n  help exit-codes  Exit codes of wsctl and what each means\n"
	if !strings.Contains(got.stdout, want) {
		t.Errorf("root help lacks %q:\n%s", want, got.stdout)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantStderr string
	}{
		{name: "unknown command", args: []string{"wipe"}, wantStderr: "error: unknown command \"wipe\" for \"wsctl\"\nRun 'wsctl --help' for usage.\n"},
		{name: "unknown ws command", args: []string{"ws", "purge"}, wantStderr: "error: unknown command \"purge\" for \"wsctl ws\"\nRun 'wsctl ws --help' for usage.\n"},
		{name: "bad output", args: []string{"ws", "list", "-o", "yaml"}, wantStderr: "error: invalid --output \"yaml\": use table or json\nRun 'wsctl ws list --help' for usage.\n"},
		{name: "bad shell", args: []string{"completion", "tcsh"}, wantStderr: "error: unsupported shell \"tcsh\": use one of bash, zsh, fish, powershell\nRun 'wsctl completion --help' for usage.\n"},
		{name: "unknown flag before command", args: []string{"--bogus", "ws", "list"}, wantStderr: "error: unknown flag: --bogus\nRun 'wsctl --help' for usage.\n"},
		{name: "unknown flag after group", args: []string{"ws", "--bogus", "list"}, wantStderr: "error: unknown flag: --bogus\nRun 'wsctl ws --help' for usage.\n"},
		{
			name:       "misspelt help topic",
			args:       []string{"help", "exitcodes"},
			wantStderr: "error: unknown help topic \"exitcodes\"\ndid you mean: wsctl help exit-codes\nRun 'wsctl --help' for the commands and help topics.\n",
		},
		{
			name:       "unknown help subcommand",
			args:       []string{"help", "ws", "wipe"},
			wantStderr: "error: unknown help topic \"ws wipe\"\nRun 'wsctl --help' for the commands and help topics.\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runWsctl(t, runConfig{}, tt.args...)

			if got.code != cmdutil.ExitUsage {
				t.Errorf("exit code = %d, want %d", got.code, cmdutil.ExitUsage)
			}
			if got.stderr != tt.wantStderr {
				t.Errorf("stderr = %q, want %q", got.stderr, tt.wantStderr)
			}
			if got.stdout != "" {
				t.Errorf("stdout = %q, want empty", got.stdout)
			}
		})
	}
}

func TestSandbox(t *testing.T) {
	env := map[string]string{"WSCTL_SANDBOX_DIR": t.TempDir()}

	deleted := runWsctl(t, runConfig{env: env}, "--platform", "sandbox", "ws", "delete", "my ws",
		"--confirm-name", "my ws", "--reason", "trying the sandbox out")
	if deleted.code != cmdutil.ExitOK {
		t.Fatalf("delete exit code = %d; stderr:\n%s", deleted.code, deleted.stderr)
	}
	if !strings.Contains(deleted.stderr, "Platform:      sandbox\n") {
		t.Errorf("pre-flight does not name the sandbox:\n%s", deleted.stderr)
	}

	trash := runWsctl(t, runConfig{env: env}, "--platform", "sandbox", "ws", "trash")
	if !strings.Contains(trash.stdout, "\tmy ws\t") {
		t.Errorf("trash lacks the deleted workspace:\n%s", trash.stdout)
	}

	reset := runWsctl(t, runConfig{env: env}, "sandbox", "reset")
	if reset.code != cmdutil.ExitOK {
		t.Fatalf("reset exit code = %d; stderr:\n%s", reset.code, reset.stderr)
	}
	after := runWsctl(t, runConfig{env: env}, "--platform", "sandbox", "ws", "trash")
	if after.code != cmdutil.ExitOK || after.stdout != "" {
		t.Errorf("trash after reset: exit code %d, stdout %q, want 0 and empty", after.code, after.stdout)
	}
}
