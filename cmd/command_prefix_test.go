package cmd

import (
	"strings"
	"testing"

	"github.com/wsctl/wsctl/cmd/cmdutil"
)

// TestPrintedCommandsKeepTarget checks that the commands wsctl prints for
// copying carry the --platform flag given, so they reach the same platform,
// and that a platform from the environment is not repeated.
func TestPrintedCommandsKeepTarget(t *testing.T) {
	url, token, _ := guardedPlatform(t)
	env := map[string]string{"WSCTL_TOKEN": token, "CI": "true"}

	deleted := runWsctl(t, runConfig{env: env}, "--platform", url, "ws", "delete", "SEO Agent",
		"--confirm-name", "SEO Agent", "--reason", "stuck session cleanup after probe")
	if deleted.code != cmdutil.ExitOK {
		t.Fatalf("delete exit code = %d, want 0; stderr:\n%s", deleted.code, deleted.stderr)
	}
	if want := "to undo: wsctl --platform " + url + " ws restore " + seoAgentID + "\n"; !strings.Contains(deleted.stderr, want) {
		t.Errorf("delete stderr lacks %q; stderr:\n%s", want, deleted.stderr)
	}

	got := runWsctl(t, runConfig{env: env}, "--platform", url, "ws", "get", seoAgentID)
	if got.code != cmdutil.ExitGone {
		t.Fatalf("get exit code = %d, want %d; stderr:\n%s", got.code, cmdutil.ExitGone, got.stderr)
	}
	if want := "wsctl --platform " + url + " ws restore " + seoAgentID + "\n"; !strings.Contains(got.stderr, want) {
		t.Errorf("get stderr lacks %q; stderr:\n%s", want, got.stderr)
	}

	env["WSCTL_PLATFORM"] = url
	fromEnv := runWsctl(t, runConfig{env: env}, "ws", "get", seoAgentID)
	if want := ": wsctl ws restore " + seoAgentID + "\n"; !strings.Contains(fromEnv.stderr, want) {
		t.Errorf("get stderr lacks %q; stderr:\n%s", want, fromEnv.stderr)
	}
}
