package ws_test

import (
	"strings"
	"testing"

	"github.com/wsctl/wsctl/client/clienttest"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/internal/cmdtest"
)

func TestRestore(t *testing.T) {
	restorePath := "/workspaces/" + oldBotID + "/restore"
	const restoredJSON = `{"status":"online","restored":{"schedules":9,"tokens":2,"children":0}}`
	const deadline = "workspace " + oldBotID + ` "old bot" is restorable until 2026-03-16T09:00:00Z (48h left)` + "\n"
	tests := []struct {
		name       string
		tty        bool
		args       []string
		stub       func(reg *clienttest.Registry)
		wantCode   cmdutil.ExitCode
		wantStdout string
		wantStderr string
		wantReqs   []string
		wantBody   string
	}{
		{
			name: "by name on a terminal",
			tty:  true,
			args: []string{"ws", "restore", "old bot", "--reason", "  deleted by mistake  "},
			stub: func(reg *clienttest.Registry) {
				stubList(reg, true)
				reg.Register("restore", clienttest.REST("POST", restorePath), clienttest.JSON(200, restoredJSON))
			},
			wantStderr: deadline + "✓ Restored workspace " + oldBotID + ": status online\n  brought back 9 schedules, 2 tokens and 0 children\n",
			wantReqs:   []string{"GET /workspaces?show_removed=true", "POST " + restorePath},
			wantBody:   `{"reason":"deleted by mistake"}`,
		},
		{
			name: "singular counts",
			args: []string{"ws", "restore", oldBotID},
			stub: func(reg *clienttest.Registry) {
				reg.Register("restore", clienttest.REST("POST", restorePath), clienttest.JSON(200, `{"status":"online","restored":{"schedules":1,"tokens":2,"children":1}}`))
			},
			wantStderr: "Restored workspace " + oldBotID + ": status online\n  brought back 1 schedule, 2 tokens and 1 child\n",
			wantReqs:   []string{"POST " + restorePath},
		},
		{
			name: "unknown name",
			args: []string{"ws", "restore", "nosuch"},
			stub: func(reg *clienttest.Registry) {
				stubList(reg, true)
			},
			wantCode: cmdutil.ExitNotFound,
			wantStderr: `error: no removed workspace named "nosuch"` + "\n" +
				"list the removed workspaces that can still be restored with: wsctl ws trash\n" +
				"a purged workspace can no longer be restored, and its name is no longer listed\n",
			wantReqs: []string{"GET /workspaces?show_removed=true"},
		},
		{
			name: "by id as json",
			args: []string{"ws", "restore", oldBotID, "-o", "json"},
			stub: func(reg *clienttest.Registry) {
				reg.Register("restore", clienttest.REST("POST", restorePath), clienttest.JSON(200, restoredJSON))
			},
			wantStdout: "{\n  \"status\": \"online\",\n  \"restored\": {\n    \"schedules\": 9,\n    \"tokens\": 2,\n    \"children\": 0\n  }\n}\n",
			wantReqs:   []string{"POST " + restorePath},
		},
		{
			name: "purged",
			args: []string{"ws", "restore", oldBotID},
			stub: func(reg *clienttest.Registry) {
				reg.Register("restore", clienttest.REST("POST", restorePath), clienttest.JSON(410, `{"error":"workspace_purged","hard_purged_at":"2026-03-13T10:00:00Z"}`))
			},
			wantCode:   cmdutil.ExitGone,
			wantStderr: "error: workspace " + oldBotID + " was purged at 2026-03-13T10:00:00Z and cannot be restored\n",
			wantReqs:   []string{"POST " + restorePath},
		},
		{
			name: "not removed",
			args: []string{"ws", "restore", oldBotID},
			stub: func(reg *clienttest.Registry) {
				reg.Register("restore", clienttest.REST("POST", restorePath), clienttest.JSON(409, `{"error":"workspace_not_removed"}`))
			},
			wantCode:   cmdutil.ExitConflict,
			wantStderr: "error: workspace " + oldBotID + " is not removed: there is nothing to restore\n",
			wantReqs:   []string{"POST " + restorePath},
		},
		{
			name: "live name",
			args: []string{"ws", "restore", "SEO Agent"},
			stub: func(reg *clienttest.Registry) {
				stubList(reg, true)
			},
			wantCode:   cmdutil.ExitConflict,
			wantStderr: `error: workspace "SEO Agent" (` + seoID + ") is not removed: there is nothing to restore\n",
			wantReqs:   []string{"GET /workspaces?show_removed=true"},
		},
		{
			name: "base platform",
			args: []string{"ws", "restore", oldBotID},
			stub: func(reg *clienttest.Registry) {
				reg.Register("restore", clienttest.REST("POST", restorePath), clienttest.Body(404, "text/plain", "404 page not found"))
			},
			wantCode: cmdutil.ExitError,
			wantStderr: "error: this platform has no restore endpoint, so wsctl cannot restore workspace " + oldBotID +
				": POST " + restorePath + ": HTTP 404: the endpoint does not exist on this platform\n" +
				"the base platform keeps no restore window; a removed workspace there cannot be brought back with wsctl\n",
			wantReqs: []string{"POST " + restorePath},
		},
		{
			name:       "reason too short",
			args:       []string{"ws", "restore", oldBotID, "--reason", "oops"},
			wantCode:   cmdutil.ExitConfirm,
			wantStderr: "error: invalid --reason: the reason is too short: 4 characters, minimum 8\nnothing was changed: a reason is 8 to 1000 characters on one line, with no control characters\n",
		},
		{
			name:       "reason with a line break",
			args:       []string{"ws", "restore", oldBotID, "--reason", "deleted by\nmistake"},
			wantCode:   cmdutil.ExitConfirm,
			wantStderr: "error: invalid --reason: the reason contains control character U+000A at character 11: write it on one line without tabs\nnothing was changed: a reason is 8 to 1000 characters on one line, with no control characters\n",
		},
		{
			name:       "empty reason",
			args:       []string{"ws", "restore", oldBotID, "--reason", ""},
			wantCode:   cmdutil.ExitConfirm,
			wantStderr: "error: invalid --reason: a reason is required: write 8 to 1000 characters saying why\nnothing was changed: a reason is 8 to 1000 characters on one line, with no control characters\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			if tt.stub != nil {
				tt.stub(reg)
			}

			got := run(t, cmdtest.Setup{TTY: tt.tty, Registry: reg}, tt.args...)

			got.check(t, tt.wantCode, tt.wantStdout, tt.wantStderr)
			checkRequests(t, reg, tt.wantReqs...)
			if tt.wantBody != "" {
				requests := reg.Requests()
				if body := string(requests[len(requests)-1].Body); body != tt.wantBody {
					t.Errorf("restore body = %s, want %s", body, tt.wantBody)
				}
			}
		})
	}
}

func TestRestoreHelpReasonOptional(t *testing.T) {
	got := run(t, cmdtest.Setup{}, "ws", "restore", "--help")
	for _, want := range []string{
		"--reason is optional: when given, it is recorded in the audit log.",
		"Why, recorded in the audit log (8 to 1000 characters, optional)",
	} {
		if !strings.Contains(got.stdout, want) {
			t.Errorf("help lacks %q; help:\n%s", want, got.stdout)
		}
	}
}
