package ws_test

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/wsctl/wsctl/client/clienttest"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/internal/cmdtest"
	"github.com/wsctl/wsctl/prompt"
	"github.com/wsctl/wsctl/prompt/prompttest"
)

const (
	nameTitle   = `To delete workspace "SEO Agent", type its name: `
	reasonTitle = "Reason, recorded in the audit log: "
	reason      = "stuck session cleanup"
	deletedJSON = `{"status":"removed","cascade_deleted":0,"removed_at":"2026-03-14T09:00:00Z","restorable_until":"2026-03-17T09:00:00Z"}`
	removedLine = `Removed workspace "SEO Agent" (` + seoID + `) on 127.0.0.1:9
  restorable until 2026-03-17T09:00:00Z (in 3d)
  to undo: wsctl ws restore ` + seoID + "\n"
)

var (
	impactPath = "/workspaces/" + seoID + "/impact"
	seoPath    = "/workspaces/" + seoID
)

func stubImpact(reg *clienttest.Registry) {
	reg.Register("impact", clienttest.REST(http.MethodGet, impactPath), clienttest.JSON(http.StatusOK, seoImpactJSON))
}

func TestDeleteSends(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	stubImpact(reg)
	reg.Register("delete", clienttest.REST(http.MethodDelete, seoPath), clienttest.JSON(http.StatusOK, deletedJSON))

	got := run(t, cmdtest.Setup{Registry: reg}, "ws", "delete", seoID, "--confirm-name", "SEO Agent", "--reason", reason)

	got.check(t, cmdutil.ExitOK, "", seoPreflight+removedLine)
	checkRequests(t, reg, "GET "+impactPath, "DELETE "+seoPath)
	sent := reg.Requests()[1]
	for header, want := range map[string]string{
		"X-Confirm-Name": "SEO Agent",
		"X-Audit-Reason": reason,
		"If-Match":       `"v7"`,
		"Authorization":  "Bearer " + cmdtest.Token,
	} {
		if got := sent.Header.Get(header); got != want {
			t.Errorf("%s = %q, want %q", header, got, want)
		}
	}
	if body := string(sent.Body); body != `{"reason":"`+reason+`"}` {
		t.Errorf("body = %s, want the reason", body)
	}
	if sent.URL.RawQuery != "" {
		t.Errorf("query = %q, want none without --cascade", sent.URL.RawQuery)
	}
}

func TestDeleteInteractive(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	stubList(reg, true)
	stubImpact(reg)
	reg.Register("delete", clienttest.REST(http.MethodDelete, seoPath), clienttest.JSON(http.StatusOK, deletedJSON))
	p := prompttest.New(t)
	p.ExpectInput(nameTitle, "SEO Agent")
	p.ExpectInput(reasonTitle, reason)

	got := run(t, cmdtest.Setup{TTY: true, Registry: reg, Prompter: p}, "ws", "delete", "SEO Agent", "-o", "json")

	want := `{
  "workspace_id": "` + seoID + `",
  "name": "SEO Agent",
  "status": "removed",
  "cascade_deleted": 0,
  "removed_at": "2026-03-14T09:00:00Z",
  "restorable_until": "2026-03-17T09:00:00Z"
}
`
	got.check(t, cmdutil.ExitOK, want, seoPreflight+"✓ "+removedLine)
	checkRequests(t, reg, "GET /workspaces?show_removed=true", "GET "+impactPath, "DELETE "+seoPath)
}

func TestDeleteRefused(t *testing.T) {
	tests := []struct {
		name       string
		tty        bool
		prompter   func(t *testing.T) prompt.Prompter
		args       []string
		wantCode   cmdutil.ExitCode
		wantStderr string
	}{
		{
			name:     "pipe without flags",
			args:     []string{seoID},
			wantCode: cmdutil.ExitConfirm,
			wantStderr: seoPreflight +
				"error: missing --confirm-name and --reason: wsctl cannot prompt because standard input is not a terminal\n" +
				"nothing was changed: pass --confirm-name with the workspace's exact name and --reason saying why\n",
		},
		{
			name:     "pipe with wrong name",
			args:     []string{seoID, "--confirm-name", "SEO agent", "--reason", reason},
			wantCode: cmdutil.ExitConfirm,
			wantStderr: seoPreflight +
				"error: the name given with --confirm-name differs in letter case, and names are case-sensitive\n" +
				"nothing was changed: pass the workspace's exact name, as shown above in quotes\n",
		},
		{
			name:       "pipe with short reason",
			args:       []string{seoID, "--confirm-name", "SEO Agent", "--reason", "oops"},
			wantCode:   cmdutil.ExitConfirm,
			wantStderr: seoPreflight + "error: invalid --reason: the reason is too short: 4 characters, minimum 8\nnothing was changed: a reason is 8 to 1000 characters on one line, with no control characters\n",
		},
		{
			name: "terminal no answer",
			tty:  true,
			prompter: func(t *testing.T) prompt.Prompter {
				p := prompttest.New(t)
				p.ExpectInputError(nameTitle, prompt.ErrNoAnswer)
				return p
			},
			args:       []string{seoID},
			wantCode:   cmdutil.ExitConfirm,
			wantStderr: seoPreflight + "error: no answer before the end of input: nothing was changed\n",
		},
		{
			name: "terminal ctrl-c",
			tty:  true,
			prompter: func(t *testing.T) prompt.Prompter {
				p := prompttest.New(t)
				p.ExpectInput(nameTitle, "SEO Agent")
				p.ExpectInputError(reasonTitle, prompt.ErrInterrupted)
				return p
			},
			args:       []string{seoID},
			wantCode:   cmdutil.ExitInterrupted,
			wantStderr: seoPreflight + "interrupted: nothing was changed\n",
		},
		{
			name:       "terminal with no-prompt",
			tty:        true,
			args:       []string{seoID, "--no-prompt", "--confirm-name", "SEO Agent"},
			wantCode:   cmdutil.ExitConfirm,
			wantStderr: seoPreflight + "error: missing --reason: wsctl cannot prompt because --no-prompt is set\n" + "nothing was changed: pass --reason saying why\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			stubImpact(reg)
			setup := cmdtest.Setup{TTY: tt.tty, Registry: reg}
			if tt.prompter != nil {
				setup.Prompter = tt.prompter(t)
			}

			got := run(t, setup, append([]string{"ws", "delete"}, tt.args...)...)

			got.check(t, tt.wantCode, "", tt.wantStderr)
			checkRequests(t, reg, "GET "+impactPath)
		})
	}
}

func TestDeleteDryRun(t *testing.T) {
	const notTried = " (the platform's budget and its own checks were not tried)\n"
	tests := []struct {
		name       string
		args       []string
		env        map[string]string
		wantCode   cmdutil.ExitCode
		wantStderr string
	}{
		{
			name:     "no flags on a pipe",
			args:     nil,
			wantCode: cmdutil.ExitOK,
			wantStderr: "dry run: nothing was sent; no name or reason was given, so neither was checked" + notTried +
				"a real run here also needs --confirm-name and --reason, because wsctl cannot prompt: standard input is not a terminal\n",
		},
		{
			name:       "name and reason pass",
			args:       []string{"--confirm-name", "SEO Agent", "--reason", reason},
			wantCode:   cmdutil.ExitOK,
			wantStderr: "dry run: nothing was sent; the name and reason given pass wsctl's checks" + notTried,
		},
		{
			name:     "name only",
			args:     []string{"--confirm-name", "SEO Agent"},
			wantCode: cmdutil.ExitOK,
			wantStderr: "dry run: nothing was sent; the name given passes wsctl's checks; no reason was given, so none was checked" + notTried +
				"a real run here also needs --reason, because wsctl cannot prompt: standard input is not a terminal\n",
		},
		{
			name:     "name differs in case",
			args:     []string{"--confirm-name", "seo agent", "--reason", reason},
			wantCode: cmdutil.ExitConfirm,
			wantStderr: "error: the name given with --confirm-name differs in letter case, and names are case-sensitive\n" +
				"nothing was changed: pass the workspace's exact name, as shown above in quotes\n",
		},
		{
			name:     "short reason",
			args:     []string{"--confirm-name", "SEO Agent", "--reason", "short"},
			wantCode: cmdutil.ExitConfirm,
			wantStderr: "error: invalid --reason: the reason is too short: 5 characters, minimum 8\n" +
				"nothing was changed: a reason is 8 to 1000 characters on one line, with no control characters\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			stubImpact(reg)

			got := run(t, cmdtest.Setup{Registry: reg, Env: tt.env}, append([]string{"ws", "delete", seoID, "--dry-run"}, tt.args...)...)

			got.check(t, tt.wantCode, "", seoPreflight+tt.wantStderr)
			checkRequests(t, reg, "GET "+impactPath)
		})
	}
}

// TestDeleteDryRunMatchesRealRun runs the same flags with and without
// --dry-run: both must exit with the same code, and neither may send the
// delete when the flags fail wsctl's checks.
func TestDeleteDryRunMatchesRealRun(t *testing.T) {
	for _, args := range [][]string{
		{"--confirm-name", "Seo Agent", "--reason", reason},
		{"--confirm-name", "SEO Agent", "--reason", "short"},
		{"--confirm-name", "SEO Agent", "--reason", "tab\there please"},
		{"--confirm-name", "SEO Agent ", "--reason", reason},
	} {
		t.Run(args[1]+" "+args[3], func(t *testing.T) {
			codes := map[bool]cmdutil.ExitCode{}
			for _, dryRun := range []bool{false, true} {
				reg := clienttest.NewRegistry(t)
				stubImpact(reg)
				full := append([]string{"ws", "delete", seoID}, args...)
				if dryRun {
					full = append(full, "--dry-run")
				}
				codes[dryRun] = run(t, cmdtest.Setup{Registry: reg}, full...).code
				checkRequests(t, reg, "GET "+impactPath)
			}
			if codes[true] != codes[false] || codes[true] != cmdutil.ExitConfirm {
				t.Errorf("exit code with --dry-run = %d, without = %d, want both %d", codes[true], codes[false], cmdutil.ExitConfirm)
			}
		})
	}
}

// busyImpactJSON is the SEO Agent with a running task, two descendants and
// budget headers; its GET carries the stuck-session warning.
const busyImpactJSON = `{"workspace_id":"` + seoID + `","name":"SEO Agent","status":"online","active_tasks":1,
  "child_count":0,"schedule_count":11,"enabled_schedule_count":9,"memory_count":8,"token_count":2,"etag":"\"v7\"",
  "descendants":{"count":2,"active_tasks":1,"schedule_count":1,"enabled_schedule_count":1,"memory_count":5,"token_count":1}}`

const busyPreflight = `Platform:      127.0.0.1:9
Workspace:     ` + seoID + ` "SEO Agent"
Status:        online
Active tasks:  1 (+1 in 2 descendants)
Children:      0
Schedules:     9 enabled of 11 (+1 enabled of 1 in 2 descendants)
Memories:      8 (+5 in 2 descendants)
Tokens:        2 (+1 in 2 descendants)
Undo:          unknown: this platform does not report a restore window

WARNING: 2 active tasks in progress will be interrupted by the delete
WARNING: the agent session looks stuck: it has reported active tasks for 3d
  a restart is the likely cure, and keeps the configuration and schedules:
  wsctl ws restart ` + seoID + "\n"

func stubBusy(reg *clienttest.Registry) {
	impact := clienttest.JSON(http.StatusOK, busyImpactJSON)
	impact = clienttest.WithHeader(impact, "X-Destructive-Budget-Limit", "20")
	impact = clienttest.WithHeader(impact, "X-Destructive-Budget-Remaining", "17")
	reg.Register("impact", clienttest.REST(http.MethodGet, impactPath), impact)
	reg.Register("warnings", clienttest.REST(http.MethodGet, seoPath), clienttest.JSON(http.StatusOK, `{"id":"`+seoID+`","name":"SEO Agent","status":"online","active_tasks":1,
	  "warnings":[{"code":"session_likely_stuck","severity":"warn","first_observed_at":"2026-03-11T09:00:00Z","duration_seconds":259200}]}`))
}

func TestDeleteBusyWorkspace(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	stubBusy(reg)

	got := run(t, cmdtest.Setup{Registry: reg}, "ws", "delete", seoID, "--dry-run", "--confirm-name", "SEO Agent", "--reason", reason)

	got.check(t, cmdutil.ExitOK, "", busyPreflight+
		"destructive actions left for this credential: 17 of 20\n"+
		"dry run: nothing was sent; the name and reason given pass wsctl's checks (the platform's budget and its own checks were not tried)\n")
	checkRequests(t, reg, "GET "+impactPath, "GET "+seoPath)
}

func TestDeleteBaseChildrenNotCounted(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	reg.Register("impact", clienttest.REST(http.MethodGet, "/workspaces/"+teamID+"/impact"), clienttest.Body(404, "text/plain", "404 page not found"))
	reg.Register("workspace", clienttest.REST(http.MethodGet, "/workspaces/"+teamID), clienttest.JSON(200, `{"id":"`+teamID+`","name":"Research Team","status":"online"}`))
	reg.Register("schedules", clienttest.REST(http.MethodGet, "/workspaces/"+teamID+"/schedules"), clienttest.JSON(200, `[]`))
	reg.Register("memories", clienttest.REST(http.MethodGet, "/workspaces/"+teamID+"/memories"), clienttest.JSON(200, `[]`))
	reg.Register("list", clienttest.REST(http.MethodGet, "/workspaces"), clienttest.JSON(200, `[{"id":"`+teamID+`","name":"Research Team","status":"online"},
	  {"id":"22222222-2222-4222-8222-2222222222c1","name":"Research Scout","status":"online","active_tasks":3,"parent_id":"`+teamID+`"}]`))

	got := run(t, cmdtest.Setup{Registry: reg}, "ws", "delete", teamID, "--dry-run", "--cascade")

	want := "Platform:      127.0.0.1:9\nWorkspace:     " + teamID + ` "Research Team"` + "\nStatus:        online\n" +
		"Active tasks:  0 (+3 in 1 descendant)\n" +
		`Children:      1: "Research Scout"` + "\nSchedules:     0 enabled of 0\nMemories:      0\n" +
		"Tokens:        unknown (this platform does not report tokens)\n" +
		"note: this platform has no impact endpoint, so the schedules, memories and tokens of the children were not counted\n" +
		"Undo:          none: this platform deletes permanently\n" +
		"\nWARNING: 3 active tasks in progress will be interrupted by the delete\n" +
		"dry run: nothing was sent; no name or reason was given, so neither was checked (the platform's budget and its own checks were not tried)\n" +
		"a real run here also needs --confirm-name and --reason, because wsctl cannot prompt: standard input is not a terminal\n"
	if got.code != cmdutil.ExitOK {
		t.Errorf("exit code = %d, want 0", got.code)
	}
	if got.stderr != want {
		t.Errorf("stderr:\ngot:\n%s\nwant:\n%s", got.stderr, want)
	}
}

func TestDeleteChildren(t *testing.T) {
	const teamImpact = `{"workspace_id":"` + teamID + `","name":"Research Team","status":"online","child_count":2,
	  "schedule_count":0,"enabled_schedule_count":0,"memory_count":0,"token_count":0}`
	const children = `[{"id":"` + teamID + `","name":"Research Team","status":"online"},
	  {"id":"22222222-2222-4222-8222-2222222222c1","name":"Research Scout","status":"online","parent_id":"` + teamID + `"},
	  {"id":"22222222-2222-4222-8222-2222222222c2","name":"Research Writer","status":"online","parent_id":"` + teamID + `"}]`
	teamPreflight := "Platform:      127.0.0.1:9\nWorkspace:     " + teamID + ` "Research Team"` + "\nStatus:        online\nActive tasks:  0\n" +
		`Children:      2: "Research Scout", "Research Writer"` + "\nSchedules:     0 enabled of 0\nMemories:      0\nTokens:        0\n" +
		"Undo:          unknown: this platform does not report a restore window\n"
	confirm := []string{"--confirm-name", "Research Team", "--reason", "team disbanded"}

	t.Run("without cascade", func(t *testing.T) {
		reg := clienttest.NewRegistry(t)
		reg.Register("impact", clienttest.REST("GET", "/workspaces/"+teamID+"/impact"), clienttest.JSON(200, teamImpact))
		reg.Register("list", clienttest.REST("GET", "/workspaces"), clienttest.JSON(200, children))

		got := run(t, cmdtest.Setup{Registry: reg}, append([]string{"ws", "delete", teamID}, confirm...)...)

		got.check(t, cmdutil.ExitConfirm, "", teamPreflight+
			`error: workspace "Research Team" has 2 live children, so deleting it also removes them: nothing was changed`+"\n"+
			`  22222222-2222-4222-8222-2222222222c1  "Research Scout"`+"\n"+
			`  22222222-2222-4222-8222-2222222222c2  "Research Writer"`+"\n"+
			"pass --cascade to delete the workspace together with its children\n")
		checkRequests(t, reg, "GET /workspaces/"+teamID+"/impact", "GET /workspaces")
	})

	t.Run("with cascade", func(t *testing.T) {
		reg := clienttest.NewRegistry(t)
		reg.Register("impact", clienttest.REST("GET", "/workspaces/"+teamID+"/impact"), clienttest.JSON(200, teamImpact))
		reg.Register("list", clienttest.REST("GET", "/workspaces"), clienttest.JSON(200, children))
		reg.Register("delete", clienttest.WithQuery(clienttest.REST("DELETE", "/workspaces/"+teamID), cmdtest.Query("confirm", "true")),
			clienttest.JSON(200, `{"status":"removed","cascade_deleted":2,"restorable_until":"2026-03-17T09:00:00Z"}`))

		got := run(t, cmdtest.Setup{Registry: reg}, append([]string{"ws", "delete", teamID, "--cascade"}, confirm...)...)

		got.check(t, cmdutil.ExitOK, "", teamPreflight+
			`Removed workspace "Research Team" (`+teamID+") on 127.0.0.1:9\n"+
			"  2 descendant workspaces were removed with it\n"+
			"  restorable until 2026-03-17T09:00:00Z (in 3d)\n"+
			"  to undo: wsctl ws restore "+teamID+"\n")
		checkRequests(t, reg, "GET /workspaces/"+teamID+"/impact", "GET /workspaces", "DELETE /workspaces/"+teamID+"?confirm=true")
	})
}

func TestDeletePlatformRefusals(t *testing.T) {
	tests := []struct {
		name       string
		respond    clienttest.Responder
		extra      func(reg *clienttest.Registry)
		wantCode   cmdutil.ExitCode
		wantStderr string
		wantReqs   []string
	}{
		{
			name:     "changed since preflight",
			respond:  clienttest.JSON(412, `{"error":"precondition_failed","message":"workspace changed"}`),
			extra:    stubImpact,
			wantCode: cmdutil.ExitConflict,
			wantStderr: "the workspace changed since it was read, so nothing was deleted; here is its current state:\n" + seoPreflight +
				"error: workspace changed since the pre-flight read, nothing was deleted: DELETE /workspaces/" + seoID + ": HTTP 412: precondition_failed: workspace changed\n" +
				"check the new state above and run the command again\n",
			wantReqs: []string{"GET " + impactPath, "DELETE " + seoPath, "GET " + impactPath},
		},
		{
			name:     "budget used up",
			respond:  clienttest.WithHeader(clienttest.JSON(429, `{"error":"destructive_budget_exceeded","message":"20 destructive actions per hour"}`), "Retry-After", "120"),
			wantCode: cmdutil.ExitRateLimited,
			wantStderr: "error: the platform rejected the delete, nothing was changed: DELETE /workspaces/" + seoID + ": HTTP 429: destructive_budget_exceeded: 20 destructive actions per hour\n" +
				"retry after 2m\n",
			wantReqs: []string{"GET " + impactPath, "DELETE " + seoPath},
		},
		{
			name:    "confirmation mismatch on the server",
			respond: clienttest.JSON(400, `{"error":"confirmation_mismatch","message":"X-Confirm-Name does not match","hint":"send the name as UTF-8'' ext-value"}`),
			extra: func(reg *clienttest.Registry) {
				reg.Register("reread", clienttest.REST("GET", seoPath), clienttest.JSON(200, `{"id":"`+seoID+`","name":"SEO Agent","status":"online"}`))
			},
			wantCode: cmdutil.ExitConfirm,
			wantStderr: "error: the platform rejected the confirmation, nothing was changed: DELETE /workspaces/" + seoID + ": HTTP 400: confirmation_mismatch: X-Confirm-Name does not match\n" +
				"platform hint: send the name as UTF-8'' ext-value\n",
			wantReqs: []string{"GET " + impactPath, "DELETE " + seoPath, "GET " + seoPath},
		},
		{
			name:    "renamed after the pre-flight",
			respond: clienttest.JSON(400, `{"error":"confirmation_mismatch","message":"X-Confirm-Name does not match","hint":"send the name as UTF-8'' ext-value"}`),
			extra: func(reg *clienttest.Registry) {
				reg.Register("reread", clienttest.REST("GET", seoPath), clienttest.JSON(200, `{"id":"`+seoID+`","name":"SEO Agent v2","status":"online"}`))
			},
			wantCode: cmdutil.ExitConflict,
			wantStderr: "error: workspace " + seoID + ` was renamed from "SEO Agent" to "SEO Agent v2" after the pre-flight; nothing was changed` + "\n" +
				"check the new name and run the command again\n",
			wantReqs: []string{"GET " + impactPath, "DELETE " + seoPath, "GET " + seoPath},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			stubImpact(reg)
			reg.Register("delete", clienttest.REST("DELETE", seoPath), tt.respond)
			if tt.extra != nil {
				tt.extra(reg)
			}

			got := run(t, cmdtest.Setup{Registry: reg}, "ws", "delete", seoID, "--confirm-name", "SEO Agent", "--reason", reason)

			got.check(t, tt.wantCode, "", seoPreflight+tt.wantStderr)
			checkRequests(t, reg, tt.wantReqs...)
		})
	}
}

// TestDeleteLostAnswer drops the connection or times out during the DELETE:
// wsctl must not send it again, and one GET shows whether it happened.
func TestDeleteLostAnswer(t *testing.T) {
	tests := []struct {
		name       string
		sendErr    error
		verify     clienttest.Responder
		wantCode   cmdutil.ExitCode
		wantStderr string
	}{
		{
			name:     "dropped and applied",
			sendErr:  clienttest.ErrConnection,
			verify:   clienttest.JSON(410, `{"error":"workspace_removed","restorable_until":"2026-03-17T09:00:00Z"}`),
			wantCode: cmdutil.ExitOK,
			wantStderr: "no answer to the delete (DELETE " + cmdtest.BaseURL + seoPath + ": clienttest: connection reset by peer); reading the workspace to see whether it happened\n" +
				`the delete happened: workspace "SEO Agent" is removed` + "\nsee the restore window with: wsctl ws trash\n",
		},
		{
			name:     "timed out and not applied",
			sendErr:  os.ErrDeadlineExceeded,
			verify:   clienttest.JSON(200, `{"id":"`+seoID+`","name":"SEO Agent","status":"online"}`),
			wantCode: cmdutil.ExitError,
			wantStderr: "no answer to the delete (DELETE " + cmdtest.BaseURL + seoPath + ": i/o timeout); reading the workspace to see whether it happened\n" +
				`error: the delete did not happen, workspace "SEO Agent" is still online: DELETE ` + cmdtest.BaseURL + seoPath + ": i/o timeout\n" +
				"nothing was changed; run the command again when the platform is reachable\n" +
				"the platform did not answer in time: check that 127.0.0.1:9 is reachable from here, and the URL in --platform or WSCTL_PLATFORM\n" +
				"platform: " + cmdtest.BaseURL + "\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			stubImpact(reg)
			reg.Register("delete", clienttest.REST("DELETE", seoPath), clienttest.Fail(tt.sendErr))
			reg.Register("verify", clienttest.REST("GET", seoPath), tt.verify)

			got := run(t, cmdtest.Setup{Registry: reg}, "ws", "delete", seoID, "--confirm-name", "SEO Agent", "--reason", reason)

			if got.code != tt.wantCode {
				t.Errorf("exit code = %d, want %d", got.code, tt.wantCode)
			}
			if want := seoPreflight + tt.wantStderr; got.stderr != want {
				t.Errorf("stderr:\ngot:\n%s\nwant:\n%s", got.stderr, want)
			}
			checkRequests(t, reg, "GET "+impactPath, "DELETE "+seoPath, "GET "+seoPath)
		})
	}
}

// sentRecorder is a prompter that records, at every question, whether the
// command counts a mutating request as sent: Ctrl-C exits at once only when
// it does not.
type sentRecorder struct {
	*prompttest.Prompter
	sent    func() bool
	records []bool
}

func (s *sentRecorder) Input(q prompt.InputPrompt) (string, error) {
	s.records = append(s.records, s.sent())
	return s.Prompter.Input(q)
}

func TestDeleteAsksAgainAfterChange(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	stubImpact(reg)
	reg.Register("delete refused", clienttest.REST("DELETE", seoPath), clienttest.JSON(412, `{"error":"precondition_failed"}`))
	stubImpact(reg)
	reg.Register("delete", clienttest.REST("DELETE", seoPath), clienttest.JSON(200, deletedJSON))
	scripted := prompttest.New(t)
	for range 2 {
		scripted.ExpectInput(nameTitle, "SEO Agent")
		scripted.ExpectInput(reasonTitle, reason)
	}
	f, streams := cmdtest.NewFactory(t, cmdtest.Setup{TTY: true, Registry: reg})
	recorder := &sentRecorder{Prompter: scripted, sent: f.Changes.Sent}
	f.Prompter = func() prompt.Prompter { return recorder }

	code := executeFactory(f, "ws", "delete", seoID)

	if code != cmdutil.ExitOK {
		t.Errorf("exit code = %d, want 0; stderr:\n%s", code, streams.ErrOut)
	}
	wantStderr := seoPreflight + "the workspace changed since it was read, so nothing was deleted; here is its current state:\n" + seoPreflight + "✓ " + removedLine
	if got := streams.ErrOut.String(); got != wantStderr {
		t.Errorf("stderr:\ngot:\n%s\nwant:\n%s", got, wantStderr)
	}
	checkRequests(t, reg, "GET "+impactPath, "DELETE "+seoPath, "GET "+impactPath, "DELETE "+seoPath)
	if got, want := fmt.Sprint(recorder.records), "[false false false false]"; got != want {
		t.Errorf("request marked sent at each question = %s, want %s", got, want)
	}
}

func TestDeleteAsksAgainAfterRename(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	stubImpact(reg)
	reg.Register("delete refused", clienttest.REST("DELETE", seoPath), clienttest.JSON(400, `{"error":"confirmation_mismatch"}`))
	reg.Register("reread", clienttest.REST("GET", seoPath), clienttest.JSON(200, `{"id":"`+seoID+`","name":"SEO Agent v2","status":"online"}`))
	reg.Register("impact again", clienttest.REST(http.MethodGet, impactPath), clienttest.JSON(http.StatusOK,
		strings.Replace(seoImpactJSON, `"SEO Agent"`, `"SEO Agent v2"`, 1)))
	reg.Register("delete", clienttest.REST("DELETE", seoPath), clienttest.JSON(200, deletedJSON))
	p := prompttest.New(t)
	p.ExpectInput(nameTitle, "SEO Agent")
	p.ExpectInput(reasonTitle, reason)
	p.ExpectInput(strings.Replace(nameTitle, `"SEO Agent"`, `"SEO Agent v2"`, 1), "SEO Agent v2")
	p.ExpectInput(reasonTitle, reason)

	got := run(t, cmdtest.Setup{TTY: true, Registry: reg, Prompter: p}, "ws", "delete", seoID)

	renamedPreflight := strings.Replace(seoPreflight, `"SEO Agent"`, `"SEO Agent v2"`, 1)
	got.check(t, cmdutil.ExitOK, "", seoPreflight+
		"workspace "+seoID+` was renamed from "SEO Agent" to "SEO Agent v2" after the pre-flight; nothing was changed; here is its current state:`+"\n"+
		renamedPreflight+"✓ "+strings.Replace(removedLine, `"SEO Agent"`, `"SEO Agent v2"`, 1))
	checkRequests(t, reg, "GET "+impactPath, "DELETE "+seoPath, "GET "+seoPath, "GET "+impactPath, "DELETE "+seoPath)
}
