package cmd

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/wsctl/wsctl/cmd/cmdutil"
)

// TestAccessiblePipedAnswers drives the real huh prompter in accessible mode
// with answers piped to stdin, while stdin and stderr count as terminals.
func TestAccessiblePipedAnswers(t *testing.T) {
	url, token, log := guardedPlatform(t)
	tests := []struct {
		name        string
		env         map[string]string
		args        []string
		stdin       string
		wantCode    cmdutil.ExitCode
		wantStderr  []string
		wantDeletes int
		wantJSON    bool
	}{
		{
			name:        "name and reason",
			env:         map[string]string{"WSCTL_ACCESSIBLE": "1"},
			args:        []string{"ws", "delete", "my ws"},
			stdin:       "my ws\nretired after the move\n",
			wantCode:    cmdutil.ExitOK,
			wantStderr:  []string{`To delete workspace "my ws", type its name: `, "Reason, recorded in the audit log\n8 to 1000 characters on one line.\n\nReason, recorded in the audit log: ", `Removed workspace "my ws"`},
			wantDeletes: 1,
		},
		{
			name:     "wrong name",
			env:      map[string]string{"WSCTL_ACCESSIBLE": "1"},
			args:     []string{"ws", "delete", "prod"},
			stdin:    "Prod\n",
			wantCode: cmdutil.ExitConfirm,
			wantStderr: []string{
				"error: no answer before the end of input: nothing was changed\n" +
					"the last answer was not accepted: the typed name differs in letter case, and names are case-sensitive\n",
			},
		},
		{
			name:     "reason too short",
			args:     []string{"--accessible", "ws", "delete", "prod"},
			stdin:    "prod\nbye\n",
			wantCode: cmdutil.ExitConfirm,
			wantStderr: []string{
				"error: no answer before the end of input: nothing was changed\n" +
					"the last answer was not accepted: the reason is too short: 3 characters, minimum 8\n",
			},
		},
		{
			name:        "json output",
			args:        []string{"--accessible", "ws", "delete", "team:alpha", "-o", "json"},
			stdin:       "team:alpha\nsplit into two teams\n",
			wantCode:    cmdutil.ExitOK,
			wantStderr:  []string{`Removed workspace "team:alpha"`},
			wantDeletes: 1,
			wantJSON:    true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"WSCTL_PLATFORM": url, "WSCTL_TOKEN": token}
			for k, v := range tt.env {
				env[k] = v
			}
			before := log.count(http.MethodDelete)

			got := runWsctl(t, runConfig{env: env, tty: true, stdin: tt.stdin}, tt.args...)

			if got.code != tt.wantCode {
				t.Errorf("exit code = %d, want %d; stderr:\n%s", got.code, tt.wantCode, got.stderr)
			}
			for _, want := range tt.wantStderr {
				if !strings.Contains(got.stderr, want) {
					t.Errorf("stderr lacks %q; stderr:\n%s", want, got.stderr)
				}
			}
			if n := log.count(http.MethodDelete) - before; n != tt.wantDeletes {
				t.Errorf("DELETE requests = %d, want %d", n, tt.wantDeletes)
			}
			if !tt.wantJSON {
				if got.stdout != "" {
					t.Errorf("stdout = %q, want empty", got.stdout)
				}
				return
			}
			var body struct {
				Status string `json:"status"`
			}
			if err := json.Unmarshal([]byte(got.stdout), &body); err != nil {
				t.Fatalf("stdout is not only JSON: %v; stdout:\n%s", err, got.stdout)
			}
			if body.Status != "removed" {
				t.Errorf("status = %q, want %q", body.Status, "removed")
			}
		})
	}
}
