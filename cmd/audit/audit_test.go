package audit_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/client/clienttest"
	"github.com/wsctl/wsctl/cmd"
	"github.com/wsctl/wsctl/cmd/audit"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/internal/cmdtest"
)

const seoID = "11111111-1111-4111-8111-111111111111"

const page1 = `{"entries":[
  {"id":"a3","time":"2026-03-14T08:55:00Z","action":"workspace.delete","outcome":"allowed","actor":{"kind":"org","token_prefix":"org_4f2a"},
   "workspace_id":"` + seoID + `","workspace_name":"SEO Agent","reason":"stuck session cleanup"},
  {"id":"a2","time":"2026-03-14T08:50:00Z","action":"workspace.delete","outcome":"refused","error":"confirmation_mismatch","actor":{"kind":"admin","label":"ops-laptop"},
   "workspace_id":"33333333-3333-4333-8333-333333333302","workspace_name":"データ-ws 🤖"}
],"next_cursor":"c2"}`

const page2 = `{"entries":[
  {"id":"a1","time":"2026-03-13T12:00:00Z","action":"memory.delete","outcome":"failed","error":"database unavailable","actor":{"kind":"workspace","token_prefix":"ws_91bc"},
   "workspace_id":"` + seoID + `","resource_id":"11111111-1111-4111-8111-3e0000000002","reason":"leaked credentials"}
]}`

type result struct {
	code           cmdutil.ExitCode
	stdout, stderr string
}

func run(t *testing.T, setup cmdtest.Setup, args ...string) result {
	t.Helper()
	f, streams := cmdtest.NewFactory(t, setup)
	code := cmd.Execute(context.Background(), f, args)
	return result{code: code, stdout: streams.Out.String(), stderr: streams.ErrOut.String()}
}

func checkRequests(t *testing.T, reg *clienttest.Registry, want ...string) {
	t.Helper()
	got := cmdtest.Requests(reg)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests:\ngot:  %q\nwant: %q", got, want)
	}
}

func TestListTables(t *testing.T) {
	tests := []struct {
		name       string
		tty        bool
		args       []string
		wantStderr string
		golden     string
		wantReqs   []string
	}{
		{
			name:       "first page on a terminal",
			tty:        true,
			args:       []string{"audit", "list"},
			wantStderr: "more entries exist: pass --all to fetch every page\n",
			golden:     "list-tty",
			wantReqs:   []string{"GET /admin/audit"},
		},
		{
			name:     "every page in a pipe",
			args:     []string{"audit", "list", "--all"},
			golden:   "list-all-pipe",
			wantReqs: []string{"GET /admin/audit", "GET /admin/audit?cursor=c2"},
		},
		{
			name:     "every page on a terminal",
			tty:      true,
			args:     []string{"audit", "list", "--all"},
			golden:   "list-all-tty",
			wantReqs: []string{"GET /admin/audit", "GET /admin/audit?cursor=c2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			reg.Register("page 1", func(r *http.Request) bool { return r.URL.Path == "/admin/audit" && r.URL.RawQuery == "" }, clienttest.JSON(200, page1))
			if len(tt.wantReqs) > 1 {
				reg.Register("page 2", clienttest.WithQuery(clienttest.REST("GET", "/admin/audit"), cmdtest.Query("cursor", "c2")), clienttest.JSON(200, page2))
			}

			got := run(t, cmdtest.Setup{TTY: tt.tty, Registry: reg}, tt.args...)

			if got.code != cmdutil.ExitOK {
				t.Errorf("exit code = %d, want 0; stderr:\n%s", got.code, got.stderr)
			}
			if got.stderr != tt.wantStderr {
				t.Errorf("stderr = %q, want %q", got.stderr, tt.wantStderr)
			}
			cmdtest.Golden(t, tt.golden, got.stdout)
			checkRequests(t, reg, tt.wantReqs...)
		})
	}
}

func TestListJSONAllPages(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	reg.Register("page 1", func(r *http.Request) bool { return r.URL.RawQuery == "limit=2" }, clienttest.JSON(200, page1))
	reg.Register("page 2", clienttest.WithQuery(clienttest.REST("GET", "/admin/audit"), cmdtest.Query("cursor", "c2", "limit", "2")), clienttest.JSON(200, page2))

	got := run(t, cmdtest.Setup{Registry: reg}, "audit", "list", "--all", "--limit", "2", "-o", "json")

	if got.code != cmdutil.ExitOK || got.stderr != "" {
		t.Errorf("exit code = %d, stderr = %q, want 0 and empty", got.code, got.stderr)
	}
	var page client.AuditPage
	if err := json.Unmarshal([]byte(got.stdout), &page); err != nil {
		t.Fatalf("stdout is not an audit page: %v\n%s", err, got.stdout)
	}
	var ids []string
	for _, e := range page.Entries {
		ids = append(ids, e.ID)
	}
	if strings.Join(ids, " ") != "a3 a2 a1" {
		t.Errorf("entry ids = %v, want [a3 a2 a1]", ids)
	}
	if n := len(page.Entries); n == 3 {
		if got, want := page.Entries[2].ResourceID, "11111111-1111-4111-8111-3e0000000002"; got != want {
			t.Errorf("resource_id of a1 = %q, want %q", got, want)
		}
	}
	if page.NextCursor != "" {
		t.Errorf("next_cursor = %q, want empty after the last page", page.NextCursor)
	}
	checkRequests(t, reg, "GET /admin/audit?limit=2", "GET /admin/audit?cursor=c2&limit=2")
}

func TestListJSONEmptyLog(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	reg.Register("empty", clienttest.REST("GET", "/admin/audit"), clienttest.JSON(200, `{"entries":[],"next_cursor":""}`))

	got := run(t, cmdtest.Setup{Registry: reg}, "audit", "list", "-o", "json")

	if got.code != cmdutil.ExitOK {
		t.Errorf("exit code = %d, want 0; stderr:\n%s", got.code, got.stderr)
	}
	if !strings.Contains(got.stdout, `"entries": []`) {
		t.Errorf("stdout = %q, want an empty entries array", got.stdout)
	}
}

// TestListFilters checks that each filter flag becomes its query parameter,
// ages counted back from the fixed clock (2026-03-14T09:00:00Z).
func TestListFilters(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		wantQuery url.Values
	}{
		{name: "workspace", args: []string{"--workspace", seoID}, wantQuery: cmdtest.Query("workspace_id", seoID)},
		{name: "action", args: []string{"--action", "memory.delete"}, wantQuery: cmdtest.Query("action", "memory.delete")},
		{name: "actor", args: []string{"--actor", "org_4f2a"}, wantQuery: cmdtest.Query("actor", "org_4f2a")},
		{name: "outcome", args: []string{"--outcome", "refused"}, wantQuery: cmdtest.Query("outcome", "refused")},
		{name: "since days", args: []string{"--since", "30d"}, wantQuery: cmdtest.Query("since", "2026-02-12T09:00:00Z")},
		{name: "since hours", args: []string{"--since", "12h"}, wantQuery: cmdtest.Query("since", "2026-03-13T21:00:00Z")},
		{name: "until time", args: []string{"--until", "2026-03-01T00:00:00+01:00"}, wantQuery: cmdtest.Query("until", "2026-02-28T23:00:00Z")},
		{name: "limit", args: []string{"--limit", "5"}, wantQuery: cmdtest.Query("limit", "5")},
		{name: "limit maximum", args: []string{"--limit", "1000"}, wantQuery: cmdtest.Query("limit", "1000")},
		{name: "upper case id", args: []string{"--workspace", strings.ToUpper(seoID)}, wantQuery: cmdtest.Query("workspace_id", seoID)},
		{
			name:      "together",
			args:      []string{"--action", "workspace.delete", "--outcome", "allowed", "--since", "90m"},
			wantQuery: cmdtest.Query("action", "workspace.delete", "outcome", "allowed", "since", "2026-03-14T07:30:00Z"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			reg.Register("audit", clienttest.REST("GET", "/admin/audit"), clienttest.JSON(200, `{"entries":[]}`))

			got := run(t, cmdtest.Setup{Registry: reg}, append([]string{"audit", "list"}, tt.args...)...)

			if got.code != cmdutil.ExitOK {
				t.Fatalf("exit code = %d, want 0; stderr:\n%s", got.code, got.stderr)
			}
			requests := reg.Requests()
			if len(requests) != 1 {
				t.Fatalf("requests = %d, want 1", len(requests))
			}
			if query := requests[0].URL.Query().Encode(); query != tt.wantQuery.Encode() {
				t.Errorf("query = %q, want %q", query, tt.wantQuery.Encode())
			}
		})
	}
}

func TestListUsage(t *testing.T) {
	const ages = "use an age such as 30d, 12h or 90m, or an RFC 3339 time such as 2025-01-31T09:00:00Z"
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{name: "bad since", args: []string{"--since", "last week"}, wantErr: `invalid --since "last week": ` + ages},
		{name: "negative since", args: []string{"--since", "-3d"}, wantErr: `invalid --since "-3d": ` + ages},
		{name: "date without time", args: []string{"--until", "2026-03-01"}, wantErr: `invalid --until "2026-03-01": ` + ages},
		{name: "bad outcome", args: []string{"--outcome", "denied"}, wantErr: `invalid --outcome "denied": use one of allowed, refused, failed`},
		{name: "negative limit", args: []string{"--limit", "-1"}, wantErr: "invalid --limit -1: use a number from 1 to 1000"},
		{name: "zero limit", args: []string{"--limit", "0"}, wantErr: "invalid --limit 0: use a number from 1 to 1000"},
		{name: "limit too large", args: []string{"--limit", "1001"}, wantErr: "invalid --limit 1001: use a number from 1 to 1000"},
		{
			name:    "unknown action",
			args:    []string{"--action", "workspace.remove"},
			wantErr: `invalid --action "workspace.remove": use one of workspace.delete, workspace.restore, workspace.purge, workspace.disable, workspace.restart, workspace.pause, workspace.resume, memory.delete`,
		},
		{
			name:    "since after until",
			args:    []string{"--since", "1h", "--until", "2d"},
			wantErr: `invalid --since "1h" and --until "2d": --since must be before --until (since 2026-03-14T08:00:00Z, until 2026-03-12T09:00:00Z)`,
		},
		{
			name:    "since equals until",
			args:    []string{"--since", "2026-03-01T00:00:00Z", "--until", "2026-03-01T00:00:00Z"},
			wantErr: `invalid --since "2026-03-01T00:00:00Z" and --until "2026-03-01T00:00:00Z": --since must be before --until (since 2026-03-01T00:00:00Z, until 2026-03-01T00:00:00Z)`,
		},
		{name: "argument", args: []string{"today"}, wantErr: `wsctl audit list takes no arguments, got "today"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(t, cmdtest.Setup{}, append([]string{"audit", "list"}, tt.args...)...)

			if got.code != cmdutil.ExitUsage {
				t.Errorf("exit code = %d, want %d", got.code, cmdutil.ExitUsage)
			}
			want := "error: " + tt.wantErr + "\nRun 'wsctl audit list --help' for usage.\n"
			if got.stderr != want {
				t.Errorf("stderr = %q, want %q", got.stderr, want)
			}
			if got.stdout != "" {
				t.Errorf("stdout = %q, want empty", got.stdout)
			}
		})
	}
}

func TestListFlagsCaptured(t *testing.T) {
	f, _ := cmdtest.NewFactory(t, cmdtest.Setup{})
	var got *audit.ListOptions
	root := &cobra.Command{Use: "wsctl", SilenceErrors: true, SilenceUsage: true}
	root.SetOut(io.Discard)
	group := &cobra.Command{Use: "audit"}
	root.AddCommand(group)
	group.AddCommand(audit.NewCmdList(f, func(o *audit.ListOptions) error { got = o; return nil }))
	root.SetArgs([]string{"audit", "list", "--workspace", seoID, "--since", "1d", "--until", "1h", "--all"})

	if _, err := root.ExecuteC(); err != nil {
		t.Fatalf("error = %v, want none", err)
	}

	want := client.AuditQuery{
		WorkspaceID: seoID,
		Since:       time.Date(2026, 3, 13, 9, 0, 0, 0, time.UTC),
		Until:       time.Date(2026, 3, 14, 8, 0, 0, 0, time.UTC),
	}
	if got.Query != want {
		t.Errorf("query = %+v, want %+v", got.Query, want)
	}
	if !got.All {
		t.Errorf("All = false, want true")
	}
}

func TestListWithoutAuditLog(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	reg.Register("audit", clienttest.REST("GET", "/admin/audit"), clienttest.Empty(404))

	got := run(t, cmdtest.Setup{Registry: reg}, "audit", "list")

	if got.code != cmdutil.ExitError {
		t.Errorf("exit code = %d, want %d", got.code, cmdutil.ExitError)
	}
	if !strings.HasPrefix(got.stderr, "error: this platform keeps no audit log: GET /admin/audit: HTTP 404") {
		t.Errorf("stderr = %q, want the no-audit-log error", got.stderr)
	}
}

func TestListWorkspaceName(t *testing.T) {
	const workspaces = `[
  {"id":"` + seoID + `","name":"SEO Agent","status":"online"},
  {"id":"22222222-2222-4222-8222-222222222222","name":"twin","status":"online"},
  {"id":"22222222-2222-4222-8222-222222222223","name":"twin","status":"removed"},
  {"id":"22222222-2222-4222-8222-222222222224","name":"old bot","status":"removed"}
]`
	tests := []struct {
		name       string
		workspace  string
		wantQuery  url.Values
		wantCode   cmdutil.ExitCode
		wantStderr string
	}{
		{name: "live name", workspace: "SEO Agent", wantQuery: cmdtest.Query("workspace_id", seoID)},
		{name: "removed name", workspace: "old bot", wantQuery: cmdtest.Query("workspace_id", "22222222-2222-4222-8222-222222222224")},
		{
			name:      "ambiguous name",
			workspace: "twin",
			wantCode:  cmdutil.ExitUsage,
			wantStderr: `error: name "twin" matches 2 workspaces: pass the id instead
  22222222-2222-4222-8222-222222222222  "twin"  online
  22222222-2222-4222-8222-222222222223  "twin"  removed
`,
		},
		{
			name:      "unknown name",
			workspace: "nosuch",
			wantCode:  cmdutil.ExitNotFound,
			wantStderr: `error: no workspace named "nosuch"
list workspaces with: wsctl ws list
a purged workspace is no longer listed by name: pass its id
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			reg.Register("list", clienttest.WithQuery(clienttest.REST("GET", "/workspaces"), cmdtest.Query("show_removed", "true")),
				clienttest.JSON(200, workspaces))
			if tt.wantQuery != nil {
				reg.Register("audit", clienttest.WithQuery(clienttest.REST("GET", "/admin/audit"), tt.wantQuery), clienttest.JSON(200, `{"entries":[]}`))
			}

			got := run(t, cmdtest.Setup{Registry: reg}, "audit", "list", "--workspace", tt.workspace)

			if got.code != tt.wantCode {
				t.Errorf("exit code = %d, want %d; stderr:\n%s", got.code, tt.wantCode, got.stderr)
			}
			if got.stderr != tt.wantStderr {
				t.Errorf("stderr:\ngot:\n%s\nwant:\n%s", got.stderr, tt.wantStderr)
			}
			if strings.Contains(got.stderr, "workspace_id") {
				t.Errorf("stderr names the API parameter workspace_id:\n%s", got.stderr)
			}
		})
	}
}

// TestListCutsLongReasonOnTerminal checks that a long reason is cut with an
// ellipsis when that keeps the row within the terminal, and never in piped
// output.
func TestListCutsLongReasonOnTerminal(t *testing.T) {
	long := strings.Repeat("retired after the incident review ", 6)
	page := `{"entries":[{"id":"a9","time":"2026-03-14T08:55:00Z","action":"workspace.delete","outcome":"allowed",
	  "actor":{"kind":"org","token_prefix":"org_4f2a"},"workspace_id":"` + seoID + `","reason":"` + long + `"}]}`
	tests := []struct {
		name     string
		tty      bool
		wantCut  bool
		wantLong bool
	}{
		{name: "terminal", tty: true, wantCut: true},
		{name: "pipe", wantLong: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			reg.Register("audit", clienttest.REST("GET", "/admin/audit"), clienttest.JSON(200, page))

			got := run(t, cmdtest.Setup{TTY: tt.tty, Registry: reg, Width: 200}, "audit", "list")

			if got.code != cmdutil.ExitOK {
				t.Fatalf("exit code = %d, want 0; stderr:\n%s", got.code, got.stderr)
			}
			if cut := strings.Contains(got.stdout, "…"); cut != tt.wantCut {
				t.Errorf("reason cut = %v, want %v; stdout:\n%s", cut, tt.wantCut, got.stdout)
			}
			if whole := strings.Contains(got.stdout, strings.TrimSpace(long)); whole != tt.wantLong {
				t.Errorf("whole reason shown = %v, want %v; stdout:\n%s", whole, tt.wantLong, got.stdout)
			}
			for _, line := range strings.Split(strings.TrimSuffix(got.stdout, "\n"), "\n") {
				if tt.tty && len([]rune(line)) > 200 {
					t.Errorf("line is %d columns, wider than the 200-column terminal: %q", len([]rune(line)), line)
				}
			}
		})
	}
}
