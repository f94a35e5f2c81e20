package ws_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/wsctl/wsctl/client/clienttest"
	"github.com/wsctl/wsctl/cmd"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/internal/cmdtest"
)

const (
	seoID     = "11111111-1111-4111-8111-111111111111"
	teamID    = "22222222-2222-4222-8222-222222222222"
	cjkID     = "33333333-3333-4333-8333-333333333302"
	emojiID   = "33333333-3333-4333-8333-333333333307"
	oldBotID  = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaa1"
	trashID   = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaa2"
	baseGone  = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaa3"
	unknownID = "99999999-9999-4999-8999-999999999999"
)

// workspacesJSON is a list with a stuck session, CJK and emoji names (one
// with a trailing space), and removed workspaces with and without a
// restore deadline. The clock of cmdtest is 2026-03-14T09:00:00Z.
const workspacesJSON = `[
  {"id":"` + seoID + `","name":"SEO Agent","status":"online","active_tasks":1,
   "warnings":[{"code":"session_likely_stuck","severity":"warn","first_observed_at":"2026-03-11T09:00:00Z","duration_seconds":259200}]},
  {"id":"` + teamID + `","name":"Research Team","status":"offline","active_tasks":0},
  {"id":"` + cjkID + `","name":"データ-ws","status":"online","active_tasks":2},
  {"id":"` + emojiID + `","name":"🤖 bot ","status":"provisioning","active_tasks":0},
  {"id":"` + oldBotID + `","name":"old bot","status":"removed","removed_at":"2026-03-13T09:00:00Z","restorable_until":"2026-03-16T09:00:00Z"},
  {"id":"` + trashID + `","name":"ゴミ箱 ws","status":"removed","removed_at":"2026-03-12T10:00:00Z","restorable_until":"2026-03-15T10:30:00Z"},
  {"id":"` + baseGone + `","name":"no window","status":"removed"}
]`

// seoImpactJSON is the guarded platform's impact of the SEO Agent while
// it is idle, which needs no second read for warnings.
const seoImpactJSON = `{"workspace_id":"` + seoID + `","name":"SEO Agent","status":"online","active_tasks":0,
  "child_count":0,"schedule_count":11,"enabled_schedule_count":9,"memory_count":8,"token_count":2,"etag":"\"v7\"",
  "restore_window_seconds":259200}`

// seoCounts is the part of the pre-flight that delete and disable share.
const seoCounts = `Platform:      127.0.0.1:9
Workspace:     ` + seoID + ` "SEO Agent"
Status:        online
Active tasks:  0
Children:      0
Schedules:     9 enabled of 11
Memories:      8
Tokens:        2
`

// seoPreflight is what delete prints on stderr before asking.
const seoPreflight = seoCounts + "Undo:          restorable for 72h after the delete (wsctl ws restore)\n"

// seoDisablePreflight is what disable prints on stderr before asking.
const seoDisablePreflight = seoCounts + "Undo:          wsctl ws enable " + seoID + "\n"

type result struct {
	code           cmdutil.ExitCode
	stdout, stderr string
}

// run executes the real command tree with args on a stubbed Factory.
func run(t *testing.T, setup cmdtest.Setup, args ...string) result {
	t.Helper()
	f, streams := cmdtest.NewFactory(t, setup)
	code := executeFactory(f, args...)
	got := result{code: code, stdout: streams.Out.String(), stderr: streams.ErrOut.String()}
	if strings.Contains(got.stdout+got.stderr, cmdtest.Token) {
		t.Errorf("output contains the API token")
	}
	return got
}

// executeFactory runs the real command tree with args on f.
func executeFactory(f *cmdutil.Factory, args ...string) cmdutil.ExitCode {
	return cmd.Execute(context.Background(), f, args)
}

func (r result) check(t *testing.T, wantCode cmdutil.ExitCode, wantStdout, wantStderr string) {
	t.Helper()
	if r.code != wantCode {
		t.Errorf("exit code = %d, want %d", r.code, wantCode)
	}
	if r.stdout != wantStdout {
		t.Errorf("stdout:\ngot:\n%s\nwant:\n%s", r.stdout, wantStdout)
	}
	if r.stderr != wantStderr {
		t.Errorf("stderr:\ngot:\n%s\nwant:\n%s", r.stderr, wantStderr)
	}
}

func checkRequests(t *testing.T, reg *clienttest.Registry, want ...string) {
	t.Helper()
	got := cmdtest.Requests(reg)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests:\ngot:  %q\nwant: %q", got, want)
	}
}

func stubList(reg *clienttest.Registry, showRemoved bool) {
	m := clienttest.REST(http.MethodGet, "/workspaces")
	if showRemoved {
		m = clienttest.WithQuery(m, cmdtest.Query("show_removed", "true"))
	}
	reg.Register("list workspaces", m, clienttest.JSON(http.StatusOK, workspacesJSON))
}
