package cmd

import (
	"net/http"
	"testing"

	"github.com/wsctl/wsctl/cmd/cmdutil"
)

// TestInvalidReasonEveryCommand checks that every command taking --reason
// treats an invalid one as a refused confirmation: exit 3, the rule, and no
// mutating request sent.
func TestInvalidReasonEveryCommand(t *testing.T) {
	const memoryID = "11111111-1111-4111-8111-3e0000000001"
	tests := []struct {
		name string
		args []string
	}{
		{name: "delete", args: []string{"ws", "delete", seoAgentID, "--confirm-name", "SEO Agent"}},
		{name: "disable", args: []string{"ws", "disable", seoAgentID, "--confirm-name", "SEO Agent"}},
		{name: "memory delete", args: []string{"memory", "delete", seoAgentID, memoryID, "--confirm-name", "SEO Agent"}},
		{name: "restore", args: []string{"ws", "restore", seoAgentID}},
		{name: "restart", args: []string{"ws", "restart", seoAgentID}},
	}
	reasons := []struct {
		name, reason, wantErr string
	}{
		{name: "short", reason: "oops", wantErr: "error: invalid --reason: the reason is too short: 4 characters, minimum 8\n"},
		{name: "control character", reason: "stuck\x07session", wantErr: "error: invalid --reason: the reason contains control character U+0007 at character 6: write it on one line without tabs\n"},
	}
	url, token, log := guardedPlatform(t)
	env := map[string]string{"WSCTL_PLATFORM": url, "WSCTL_TOKEN": token, "CI": "true"}
	for _, tt := range tests {
		for _, r := range reasons {
			t.Run(tt.name+" "+r.name, func(t *testing.T) {
				got := runWsctl(t, runConfig{env: env}, append(tt.args, "--reason", r.reason)...)

				if got.code != cmdutil.ExitConfirm {
					t.Errorf("exit code = %d, want %d", got.code, cmdutil.ExitConfirm)
				}
				want := r.wantErr + "nothing was changed: a reason is 8 to 1000 characters on one line, with no control characters\n"
				if tail := got.stderr[max(0, len(got.stderr)-len(want)):]; tail != want {
					t.Errorf("stderr ends with:\n%s\nwant:\n%s", tail, want)
				}
			})
		}
	}
	for _, method := range []string{http.MethodDelete, http.MethodPost, http.MethodPatch} {
		if n := log.count(method); n != 0 {
			t.Errorf("%s requests = %d, want 0", method, n)
		}
	}
}
