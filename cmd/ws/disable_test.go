package ws_test

import (
	"testing"

	"github.com/wsctl/wsctl/client/clienttest"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/internal/cmdtest"
	"github.com/wsctl/wsctl/prompt"
	"github.com/wsctl/wsctl/prompt/prompttest"
)

func TestDisableEnable(t *testing.T) {
	const disableTitle = `To disable workspace "SEO Agent", type its name: `
	tests := []struct {
		name        string
		tty         bool
		prompter    func(t *testing.T) prompt.Prompter
		args        []string
		patch       bool
		wantCode    cmdutil.ExitCode
		wantStdout  string
		wantStderr  string
		wantReqs    []string
		wantBody    string
		wantHeaders map[string]string
	}{
		{
			name:        "disable with flags",
			args:        []string{"disable", seoID, "--confirm-name", "SEO Agent", "--reason", reason},
			patch:       true,
			wantStderr:  seoDisablePreflight + "Disabled workspace " + seoID + " on 127.0.0.1:9\n",
			wantReqs:    []string{"GET " + impactPath, "PATCH " + seoPath},
			wantBody:    `{"disabled":true,"reason":"` + reason + `"}`,
			wantHeaders: map[string]string{"X-Confirm-Name": "SEO Agent", "X-Audit-Reason": reason, "If-Match": `"v7"`},
		},
		{
			name: "disable on a terminal",
			tty:  true,
			prompter: func(t *testing.T) prompt.Prompter {
				p := prompttest.New(t)
				p.ExpectInput(disableTitle, "SEO Agent")
				p.ExpectInput(reasonTitle, reason)
				return p
			},
			args:       []string{"disable", seoID, "-o", "json"},
			patch:      true,
			wantStdout: "{\n  \"status\": \"updated\"\n}\n",
			wantStderr: seoDisablePreflight,
			wantReqs:   []string{"GET " + impactPath, "PATCH " + seoPath},
		},
		{
			name:     "disable in a pipe without flags",
			args:     []string{"disable", seoID},
			wantCode: cmdutil.ExitConfirm,
			wantStderr: seoDisablePreflight + "error: missing --confirm-name and --reason: wsctl cannot prompt because standard input is not a terminal\n" +
				"nothing was changed: pass --confirm-name with the workspace's exact name and --reason saying why\n",
			wantReqs: []string{"GET " + impactPath},
		},
		{
			name:        "enable",
			args:        []string{"enable", seoID},
			patch:       true,
			wantStderr:  "Enabled workspace " + seoID + " on 127.0.0.1:9\n",
			wantReqs:    []string{"PATCH " + seoPath},
			wantBody:    `{"disabled":false}`,
			wantHeaders: map[string]string{"X-Confirm-Name": "", "X-Audit-Reason": "", "If-Match": ""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			if tt.args[0] == "disable" {
				stubImpact(reg)
			}
			if tt.patch {
				reg.Register("patch", clienttest.REST("PATCH", seoPath), clienttest.JSON(200, `{"status":"updated"}`))
			}
			setup := cmdtest.Setup{TTY: tt.tty, Registry: reg}
			if tt.prompter != nil {
				setup.Prompter = tt.prompter(t)
			}

			got := run(t, setup, append([]string{"ws"}, tt.args...)...)

			got.check(t, tt.wantCode, tt.wantStdout, tt.wantStderr)
			checkRequests(t, reg, tt.wantReqs...)
			if !tt.patch {
				return
			}
			requests := reg.Requests()
			sent := requests[len(requests)-1]
			if tt.wantBody != "" && string(sent.Body) != tt.wantBody {
				t.Errorf("body = %s, want %s", sent.Body, tt.wantBody)
			}
			for header, want := range tt.wantHeaders {
				if got := sent.Header.Get(header); got != want {
					t.Errorf("%s = %q, want %q", header, got, want)
				}
			}
		})
	}
}
