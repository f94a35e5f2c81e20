package ws_test

import (
	"strings"
	"testing"

	"github.com/wsctl/wsctl/client/clienttest"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/internal/cmdtest"
)

func TestListTables(t *testing.T) {
	tests := []struct {
		name   string
		tty    bool
		args   []string
		golden string
	}{
		{name: "terminal", tty: true, args: []string{"ws", "list"}, golden: "list-tty"},
		{name: "pipe", tty: false, args: []string{"ws", "list"}, golden: "list-pipe"},
		{name: "terminal show removed", tty: true, args: []string{"ws", "list", "--show-removed"}, golden: "list-removed-tty"},
		{name: "pipe show removed", tty: false, args: []string{"ws", "list", "--show-removed"}, golden: "list-removed-pipe"},
		{name: "status filter", tty: true, args: []string{"ws", "list", "--status", "online"}, golden: "list-online-tty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			showRemoved := len(tt.args) > 2 && tt.args[2] == "--show-removed"
			stubList(reg, showRemoved)

			got := run(t, cmdtest.Setup{TTY: tt.tty, Registry: reg}, tt.args...)

			if got.code != cmdutil.ExitOK {
				t.Fatalf("exit code = %d, want 0; stderr:\n%s", got.code, got.stderr)
			}
			if got.stderr != "" {
				t.Errorf("stderr = %q, want empty", got.stderr)
			}
			cmdtest.Golden(t, tt.golden, got.stdout)
		})
	}
}

func TestListJSON(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	reg.Register("list", clienttest.REST("GET", "/workspaces"), clienttest.JSON(200,
		`[{"id":"`+seoID+`","name":"SEO Agent","status":"online","extra":{"kept":true}},{"id":"`+oldBotID+`","name":"old bot","status":"removed"}]`))

	got := run(t, cmdtest.Setup{TTY: true, Registry: reg}, "ws", "list", "-o", "json")

	want := `[
  {
    "id": "` + seoID + `",
    "name": "SEO Agent",
    "status": "online",
    "extra": {
      "kept": true
    }
  }
]
`
	got.check(t, cmdutil.ExitOK, want, "")
	checkRequests(t, reg, "GET /workspaces")
}

func TestListErrors(t *testing.T) {
	tests := []struct {
		name       string
		respond    clienttest.Responder
		wantCode   cmdutil.ExitCode
		wantStderr string
	}{
		{
			name:       "unauthorized",
			respond:    clienttest.WithHeader(clienttest.JSON(401, `{"error":"invalid_token","message":"token not recognised"}`), "X-Request-Id", "req-41"),
			wantCode:   cmdutil.ExitAuth,
			wantStderr: "error: list workspaces: GET /workspaces: HTTP 401: invalid_token: token not recognised\nrequest id: req-41\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			reg.Register("list", clienttest.REST("GET", "/workspaces"), tt.respond)

			got := run(t, cmdtest.Setup{Registry: reg}, "ws", "list")

			got.check(t, tt.wantCode, "", tt.wantStderr)
		})
	}
}

func TestListStatus(t *testing.T) {
	tests := []struct {
		name        string
		tty         bool
		status      string
		showRemoved bool
		wantCode    cmdutil.ExitCode
		wantStdout  string
		wantStderr  string
	}{
		{
			name:       "upper case matches",
			status:     "ONLINE",
			wantStdout: seoID + "\tSEO Agent\tonline\t1\tsession stuck for 3d: wsctl ws restart " + seoID + "\n" + cjkID + "\tデータ-ws\tonline\t2\t\n",
		},
		{
			name:        "removed lists removed",
			status:      "removed",
			showRemoved: true,
			wantStdout: oldBotID + "\told bot\tremoved\t0\trestorable for 48h\n" +
				trashID + "\tゴミ箱 ws\tremoved\t0\trestorable for 25h 30m\n" +
				baseGone + "\tno window\tremoved\t0\t\n",
		},
		{
			name:       "no rows on terminal",
			tty:        true,
			status:     "failed",
			wantStderr: "no workspaces with status failed\n",
		},
		{
			name:       "no rows on pipe",
			status:     "paused",
			wantStderr: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			stubList(reg, tt.showRemoved)

			got := run(t, cmdtest.Setup{TTY: tt.tty, Registry: reg}, "ws", "list", "--status", tt.status)

			got.check(t, tt.wantCode, tt.wantStdout, tt.wantStderr)
		})
	}
}

func TestListUnknownStatus(t *testing.T) {
	got := run(t, cmdtest.Setup{}, "ws", "list", "--status", "bogus")

	got.check(t, cmdutil.ExitUsage, "", `error: invalid --status "bogus": use one of provisioning, online, offline, degraded, failed, removed, paused, hibernated
Run 'wsctl ws list --help' for usage.
`)
}

// TestListMissingTenantHeader checks that a 404 with an empty body on the
// workspace list, as a multi-tenant platform answers without its
// organization header, keeps the header hint and is not reported as a
// workspace that was not found.
func TestListMissingTenantHeader(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	reg.Register("list", clienttest.REST("GET", "/workspaces"), clienttest.Empty(404))

	got := run(t, cmdtest.Setup{Registry: reg}, "ws", "list")

	if got.code != cmdutil.ExitError {
		t.Errorf("exit code = %d, want %d", got.code, cmdutil.ExitError)
	}
	if want := "X-Molecule-Org-Id"; !strings.Contains(got.stderr, want) {
		t.Errorf("stderr lacks %q; stderr:\n%s", want, got.stderr)
	}
	if strings.Contains(got.stderr, "not found") {
		t.Errorf("stderr calls it not found; stderr:\n%s", got.stderr)
	}
}
