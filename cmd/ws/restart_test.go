package ws_test

import (
	"strings"
	"testing"

	"github.com/wsctl/wsctl/client/clienttest"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/internal/cmdtest"
	"github.com/wsctl/wsctl/prompt"
	"github.com/wsctl/wsctl/prompt/prompttest"
)

func TestRestart(t *testing.T) {
	restartPath := seoPath + "/restart"
	const question = `Discard the agent session of workspace "SEO Agent" (` + seoID + ")?"
	const provisioning = `{"status":"provisioning","reset_session":true}`
	const restarting = "restarting workspace " + seoID + ": provisioning\n"
	tests := []struct {
		name       string
		tty        bool
		prompter   func(t *testing.T) prompt.Prompter
		args       []string
		stub       func(reg *clienttest.Registry)
		wantCode   cmdutil.ExitCode
		wantStdout string
		wantStderr string
		wantReqs   []string
		wantBody   string
	}{
		{
			name: "plain",
			args: []string{seoID},
			stub: func(reg *clienttest.Registry) {
				reg.Register("restart", clienttest.REST("POST", restartPath), clienttest.JSON(200, `{"status":"provisioning"}`))
			},
			wantStderr: restarting,
			wantReqs:   []string{"POST " + restartPath},
			wantBody:   `{"reset":false}`,
		},
		{
			name: "reset confirmed on a terminal",
			tty:  true,
			prompter: func(t *testing.T) prompt.Prompter {
				p := prompttest.New(t)
				p.ExpectConfirm(question, true)
				return p
			},
			args: []string{seoID, "--reset-session"},
			stub: func(reg *clienttest.Registry) {
				reg.Register("name", clienttest.REST("GET", seoPath), clienttest.JSON(200, `{"id":"`+seoID+`","name":"SEO Agent","status":"online"}`))
				reg.Register("restart", clienttest.REST("POST", restartPath), clienttest.JSON(200, provisioning))
			},
			wantStderr: restarting,
			wantReqs:   []string{"GET " + seoPath, "POST " + restartPath},
			wantBody:   `{"reset":true}`,
		},
		{
			name: "reset declined on a terminal",
			tty:  true,
			prompter: func(t *testing.T) prompt.Prompter {
				p := prompttest.New(t)
				p.ExpectConfirm(question, false)
				return p
			},
			args: []string{seoID, "--reset-session"},
			stub: func(reg *clienttest.Registry) {
				reg.Register("name", clienttest.REST("GET", seoPath), clienttest.JSON(200, `{"id":"`+seoID+`","name":"SEO Agent","status":"online"}`))
			},
			wantCode:   cmdutil.ExitConfirm,
			wantStderr: "error: declined: nothing was changed\n",
			wantReqs:   []string{"GET " + seoPath},
		},
		{
			name:       "reset in a pipe without yes",
			args:       []string{seoID, "--reset-session"},
			wantCode:   cmdutil.ExitConfirm,
			wantStderr: "error: missing --yes: wsctl cannot prompt because standard input is not a terminal\nnothing was changed\n",
		},
		{
			name: "reset in a pipe with yes and wait",
			args: []string{seoID, "--reset-session", "--yes", "--wait"},
			stub: func(reg *clienttest.Registry) {
				reg.Register("restart", clienttest.REST("POST", restartPath), clienttest.JSON(200, provisioning))
				reg.Register("poll", clienttest.REST("GET", seoPath), clienttest.JSON(200, `{"id":"`+seoID+`","name":"SEO Agent","status":"online"}`))
			},
			wantStderr: restarting + "workspace " + seoID + " is online\n",
			wantReqs:   []string{"POST " + restartPath, "GET " + seoPath},
			wantBody:   `{"reset":true}`,
		},
		{
			name: "wait ends failed",
			args: []string{seoID, "--wait"},
			stub: func(reg *clienttest.Registry) {
				reg.Register("restart", clienttest.REST("POST", restartPath), clienttest.JSON(200, `{"status":"provisioning"}`))
				reg.Register("poll", clienttest.REST("GET", seoPath), clienttest.JSON(200, `{"id":"`+seoID+`","name":"SEO Agent","status":"failed","last_sample_error":"image pull failed"}`))
			},
			wantCode:   cmdutil.ExitError,
			wantStderr: restarting + "error: workspace " + seoID + " failed to start: image pull failed\n",
			wantReqs:   []string{"POST " + restartPath, "GET " + seoPath},
		},
		{
			name: "wait as json",
			args: []string{seoID, "--wait", "-o", "json"},
			stub: func(reg *clienttest.Registry) {
				reg.Register("restart", clienttest.REST("POST", restartPath), clienttest.JSON(200, `{"status":"provisioning"}`))
				reg.Register("poll", clienttest.REST("GET", seoPath), clienttest.JSON(200, `{"id":"`+seoID+`","status":"online"}`))
			},
			wantStdout: "{\n  \"id\": \"" + seoID + "\",\n  \"status\": \"online\"\n}\n",
			wantStderr: restarting,
			wantReqs:   []string{"POST " + restartPath, "GET " + seoPath},
		},
		{
			name: "removed workspace",
			args: []string{seoID},
			stub: func(reg *clienttest.Registry) {
				reg.Register("restart", clienttest.REST("POST", restartPath), clienttest.JSON(410, `{"error":"workspace_removed","restorable_until":"2026-03-16T09:00:00Z"}`))
			},
			wantCode: cmdutil.ExitGone,
			wantStderr: "error: workspace " + seoID + " is removed: POST " + restartPath + ": HTTP 410: workspace_removed\n" +
				"it can be restored until 2026-03-16T09:00:00Z (in 48h): wsctl ws restore " + seoID + "\n",
			wantReqs: []string{"POST " + restartPath},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			if tt.stub != nil {
				tt.stub(reg)
			}
			setup := cmdtest.Setup{TTY: tt.tty, Registry: reg}
			if tt.prompter != nil {
				setup.Prompter = tt.prompter(t)
			}

			got := run(t, setup, append([]string{"ws", "restart"}, tt.args...)...)

			got.check(t, tt.wantCode, tt.wantStdout, tt.wantStderr)
			checkRequests(t, reg, tt.wantReqs...)
			if tt.wantBody != "" {
				if body := string(restartRequest(reg).Body); body != tt.wantBody {
					t.Errorf("restart body = %s, want %s", body, tt.wantBody)
				}
			}
		})
	}
}

// restartRequest returns the POST of a restart among the requests reg
// received.
func restartRequest(reg *clienttest.Registry) clienttest.Request {
	for _, r := range reg.Requests() {
		if r.Method == "POST" {
			return r
		}
	}
	return clienttest.Request{}
}

// TestRestartHelpMatchesStuckHint checks that the help names a plain
// restart as what clears a stuck session, as the stuck-session hint does,
// and --reset-session as the extra step that discards the session.
func TestRestartHelpMatchesStuckHint(t *testing.T) {
	got := run(t, cmdtest.Setup{}, "ws", "restart", "--help")
	for _, want := range []string{
		"A plain restart ends the tasks in flight, which is what clears a stuck\nsession",
		"--reset-session also discards the agent's session, so the agent starts\nwithout its conversation state",
		"Also discard the agent's session (conversation state); asks first",
	} {
		if !strings.Contains(got.stdout, want) {
			t.Errorf("help lacks %q; help:\n%s", want, got.stdout)
		}
	}
	if strings.Contains(got.stdout, "which clears a session\nthat is stuck") {
		t.Errorf("help still says only --reset-session clears a stuck session; help:\n%s", got.stdout)
	}
}
