package memory_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/wsctl/wsctl/client/clienttest"
	"github.com/wsctl/wsctl/cmd"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/internal/cmdtest"
	"github.com/wsctl/wsctl/prompt/prompttest"
)

const (
	seoID   = "11111111-1111-4111-8111-111111111111"
	seoPath = "/workspaces/" + seoID
	memA    = "11111111-1111-4111-8111-3e0000000001"
	memB    = "11111111-1111-4111-8111-3e0000000002"
	memC    = "11111111-1111-4111-8111-3e0000000003"
	reason  = "leaked credentials in memory"
)

const memoriesJSON = `[
  {"id":"` + memA + `","workspace_id":"` + seoID + `","content":"Sitemap lives at /sitemap.xml","scope":"workspace","namespace":"seo","created_at":"2026-03-01T08:00:00Z"},
  {"id":"` + memB + `","workspace_id":"` + seoID + `","content":"顧客の連絡先は共有ドライブにある 📁","scope":"global","namespace":"データ","created_at":"2026-03-02T09:30:00Z"},
  {"id":"` + memC + `","workspace_id":"` + seoID + `","content":"A very long note that goes on and on about keyword research results for the spring campaign","scope":"workspace","namespace":"seo","created_at":"2026-03-03T10:00:00Z"}
]`

type result struct {
	code           cmdutil.ExitCode
	stdout, stderr string
}

func run(t *testing.T, setup cmdtest.Setup, args ...string) result {
	t.Helper()
	f, streams := cmdtest.NewFactory(t, setup)
	code := cmd.Execute(context.Background(), f, args)
	got := result{code: code, stdout: streams.Out.String(), stderr: streams.ErrOut.String()}
	if strings.Contains(got.stdout+got.stderr, cmdtest.Token) {
		t.Errorf("output contains the API token")
	}
	return got
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

func TestListTables(t *testing.T) {
	tests := []struct {
		name   string
		tty    bool
		golden string
	}{
		{name: "terminal", tty: true, golden: "list-tty"},
		{name: "pipe", golden: "list-pipe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			reg.Register("memories", clienttest.REST("GET", seoPath+"/memories"), clienttest.JSON(200, memoriesJSON))

			got := run(t, cmdtest.Setup{TTY: tt.tty, Registry: reg}, "memory", "list", seoID)

			if got.code != cmdutil.ExitOK || got.stderr != "" {
				t.Errorf("exit code = %d, stderr = %q, want 0 and empty", got.code, got.stderr)
			}
			cmdtest.Golden(t, tt.golden, got.stdout)
			checkRequests(t, reg, "GET "+seoPath+"/memories")
		})
	}
}

func TestListEmpty(t *testing.T) {
	tests := []struct {
		name       string
		tty        bool
		wantStdout string
		wantStderr string
	}{
		{name: "terminal", tty: true, wantStderr: "no memories in workspace " + seoID + "\n"},
		{name: "pipe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			reg.Register("memories", clienttest.REST("GET", seoPath+"/memories"), clienttest.JSON(200, `[]`))

			got := run(t, cmdtest.Setup{TTY: tt.tty, Registry: reg}, "memory", "list", seoID)

			if got.code != cmdutil.ExitOK {
				t.Errorf("exit code = %d, want 0", got.code)
			}
			if got.stdout != tt.wantStdout {
				t.Errorf("stdout = %q, want %q", got.stdout, tt.wantStdout)
			}
			if got.stderr != tt.wantStderr {
				t.Errorf("stderr = %q, want %q", got.stderr, tt.wantStderr)
			}
		})
	}
}

func TestListAtBaseLimit(t *testing.T) {
	items := make([]string, 50)
	for i := range items {
		items[i] = fmt.Sprintf(`{"id":"m%02d","content":"note %d","created_at":"2026-03-01T08:00:00Z"}`, i, i)
	}
	reg := clienttest.NewRegistry(t)
	reg.Register("memories", clienttest.REST("GET", seoPath+"/memories"), clienttest.JSON(200, "["+strings.Join(items, ",")+"]"))

	got := run(t, cmdtest.Setup{Registry: reg}, "memory", "list", seoID)

	if got.code != cmdutil.ExitOK {
		t.Errorf("exit code = %d, want 0", got.code)
	}
	if n := strings.Count(got.stdout, "\n"); n != 50 {
		t.Errorf("stdout rows = %d, want 50", n)
	}
	if want := "note: the platform lists at most 50 memories, so there may be more\n"; got.stderr != want {
		t.Errorf("stderr = %q, want %q", got.stderr, want)
	}
}

// previewLines are the lines the delete preview shows for each memory of
// memoriesJSON.
var previewLines = map[string]string{
	memA: "  " + memA + "  workspace  2026-03-01T08:00:00Z  Sitemap lives at /sitemap.xml\n",
	memB: "  " + memB + "  global  2026-03-02T09:30:00Z  顧客の連絡先は共有ドライブにある 📁\n",
	memC: "  " + memC + "  workspace  2026-03-03T10:00:00Z  A very long note that goes on and on about keyword research…\n",
}

// preview returns the summary and preview lines for ids.
func preview(ids ...string) string {
	out := fmt.Sprintf("Workspace:     "+seoID+" \"SEO Agent\"\nMemories:      %d to delete, permanently:\n", len(ids))
	for _, id := range ids {
		out += previewLines[id]
	}
	return out + undoLine
}

// undoLine ends every memory delete pre-flight.
const undoLine = "Undo:          none: memory deletes are permanent\n"

func TestDelete(t *testing.T) {
	const nameTitle = `To delete memories of workspace "SEO Agent", type its name: `
	const reasonTitle = "Reason, recorded in the audit log: "
	deleted := clienttest.JSON(200, `{"status":"deleted"}`)
	tests := []struct {
		name       string
		tty        bool
		args       []string
		answers    bool
		memories   map[string]clienttest.Responder
		wantCode   cmdutil.ExitCode
		wantStdout string
		wantStderr string
	}{
		{
			name:       "batch with flags",
			args:       []string{memA, memB, "--confirm-name", "SEO Agent", "--reason", reason},
			memories:   map[string]clienttest.Responder{memA: deleted, memB: deleted},
			wantStderr: preview(memA, memB) + memA + ": deleted\n" + memB + ": deleted\n",
		},
		{
			name:       "one confirmation on a terminal",
			tty:        true,
			args:       []string{memA, memB, memC},
			answers:    true,
			memories:   map[string]clienttest.Responder{memA: deleted, memB: deleted, memC: deleted},
			wantStderr: preview(memA, memB, memC) + "✓ " + memA + ": deleted\n✓ " + memB + ": deleted\n✓ " + memC + ": deleted\n",
		},
		{
			name: "one failure in the batch",
			args: []string{memA, memB, memC, "--confirm-name", "SEO Agent", "--reason", reason, "-o", "json"},
			memories: map[string]clienttest.Responder{
				memA: deleted,
				memB: clienttest.JSON(404, `{"error":"memory_not_found"}`),
				memC: deleted,
			},
			wantCode: cmdutil.ExitNotFound,
			wantStdout: `[
  {
    "memory_id": "` + memA + `",
    "status": "deleted"
  },
  {
    "memory_id": "` + memB + `",
    "status": "failed",
    "error": "DELETE ` + seoPath + `/memories/` + memB + `: HTTP 404: memory_not_found"
  },
  {
    "memory_id": "` + memC + `",
    "status": "deleted"
  }
]
`,
			wantStderr: preview(memA, memB, memC) + memA + ": deleted\n" + memB + ": failed: DELETE " + seoPath + "/memories/" + memB + ": HTTP 404: memory_not_found\n" +
				memC + ": deleted\nerror: 1 of 3 memory deletes failed\n",
		},
		{
			name:     "pipe without flags",
			args:     []string{memA},
			wantCode: cmdutil.ExitConfirm,
			wantStderr: preview(memA) + "error: missing --confirm-name and --reason: wsctl cannot prompt because standard input is not a terminal\n" +
				"nothing was changed: pass --confirm-name with the workspace's exact name and --reason saying why\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			reg.Register("workspace", clienttest.REST("GET", seoPath), clienttest.JSON(200, `{"id":"`+seoID+`","name":"SEO Agent","status":"online"}`))
			reg.Register("memories", clienttest.REST("GET", seoPath+"/memories"), clienttest.JSON(200, memoriesJSON))
			wantReqs := []string{"GET " + seoPath, "GET " + seoPath + "/memories"}
			for _, arg := range tt.args {
				respond, ok := tt.memories[arg]
				if !ok {
					continue
				}
				reg.Register("delete "+arg, clienttest.REST("DELETE", seoPath+"/memories/"+arg), respond)
				wantReqs = append(wantReqs, "DELETE "+seoPath+"/memories/"+arg)
			}
			p := prompttest.New(t)
			if tt.answers {
				p.ExpectInput(nameTitle, "SEO Agent")
				p.ExpectInput(reasonTitle, reason)
			}

			got := run(t, cmdtest.Setup{TTY: tt.tty, Registry: reg, Prompter: p}, append([]string{"memory", "delete", seoID}, tt.args...)...)

			got.check(t, tt.wantCode, tt.wantStdout, tt.wantStderr)
			checkRequests(t, reg, wantReqs...)
			for _, r := range reg.Requests()[2:] {
				if name := r.Header.Get("X-Confirm-Name"); name != "SEO Agent" {
					t.Errorf("%s X-Confirm-Name = %q, want %q", r.URL.Path, name, "SEO Agent")
				}
				if got := r.Header.Get("X-Audit-Reason"); got != reason {
					t.Errorf("%s X-Audit-Reason = %q, want %q", r.URL.Path, got, reason)
				}
			}
		})
	}
}

// fullPage returns a listing of client.BaseMemoryListLimit memories that
// contains memA, so the listing may be cut off.
func fullPage() string {
	items := []string{`{"id":"` + memA + `","workspace_id":"` + seoID + `","content":"Sitemap lives at /sitemap.xml","scope":"workspace","created_at":"2026-03-01T08:00:00Z"}`}
	for i := 1; i < 50; i++ {
		items = append(items, fmt.Sprintf(`{"id":"m%02d","workspace_id":"%s","content":"c","created_at":"2026-03-01T08:00:00Z"}`, i, seoID))
	}
	return "[" + strings.Join(items, ",") + "]"
}

func TestDeleteMissing(t *testing.T) {
	const unknown = "11111111-1111-4111-8111-3e00000000ff"
	confirm := []string{"--confirm-name", "SEO Agent", "--reason", reason}
	deleted := clienttest.JSON(200, `{"status":"deleted"}`)
	tests := []struct {
		name       string
		listing    string
		args       []string
		deletes    []string
		wantCode   cmdutil.ExitCode
		wantStderr string
	}{
		{
			name:     "refused on a complete listing",
			listing:  memoriesJSON,
			args:     append([]string{memA, unknown}, confirm...),
			wantCode: cmdutil.ExitNotFound,
			wantStderr: "Workspace:     " + seoID + " \"SEO Agent\"\nMemories:      1 to delete, permanently:\n" + previewLines[memA] +
				"  " + unknown + "  not found in this workspace\n" + undoLine +
				"error: memory " + unknown + ` not found in workspace "SEO Agent": nothing was changed` + "\n" +
				"pass --ignore-missing to delete the others, or list the memories with: wsctl memory list " + seoID + "\n",
		},
		{
			name:    "skipped with ignore-missing",
			listing: memoriesJSON,
			args:    append([]string{memA, unknown, "--ignore-missing"}, confirm...),
			deletes: []string{memA},
			wantStderr: "Workspace:     " + seoID + " \"SEO Agent\"\nMemories:      1 to delete, permanently:\n" + previewLines[memA] +
				"  " + unknown + "  not found in this workspace\n" + undoLine + memA + ": deleted\n",
		},
		{
			name:    "sent beyond a full listing",
			listing: fullPage(),
			args:    append([]string{memA, unknown}, confirm...),
			deletes: []string{memA, unknown},
			wantStderr: "Workspace:     " + seoID + " \"SEO Agent\"\nMemories:      2 to delete, permanently:\n" + previewLines[memA] +
				"  " + unknown + "  not among the first 50 listed, so not shown\n" + undoLine + memA + ": deleted\n" + unknown + ": deleted\n",
		},
		{
			name:    "dry run",
			listing: memoriesJSON,
			args:    []string{memA, memB, "--dry-run"},
			wantStderr: preview(memA, memB) +
				"dry run: nothing was sent; no name or reason was given, so neither was checked (the platform's budget and its own checks were not tried)\n" +
				"a real run here also needs --confirm-name and --reason, because wsctl cannot prompt: standard input is not a terminal\n",
		},
		{
			name:     "dry run with wrong name",
			listing:  memoriesJSON,
			args:     []string{memA, "--dry-run", "--confirm-name", "SEO", "--reason", reason},
			wantCode: cmdutil.ExitConfirm,
			wantStderr: preview(memA) +
				"error: the name given with --confirm-name does not match the workspace name\n" +
				"nothing was changed: pass the workspace's exact name, as shown above in quotes\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			reg.Register("workspace", clienttest.REST("GET", seoPath), clienttest.JSON(200, `{"id":"`+seoID+`","name":"SEO Agent","status":"online"}`))
			reg.Register("memories", clienttest.REST("GET", seoPath+"/memories"), clienttest.JSON(200, tt.listing))
			wantReqs := []string{"GET " + seoPath, "GET " + seoPath + "/memories"}
			for _, id := range tt.deletes {
				reg.Register("delete "+id, clienttest.REST("DELETE", seoPath+"/memories/"+id), deleted)
				wantReqs = append(wantReqs, "DELETE "+seoPath+"/memories/"+id)
			}
			got := run(t, cmdtest.Setup{Registry: reg}, append([]string{"memory", "delete", seoID}, tt.args...)...)

			got.check(t, tt.wantCode, "", tt.wantStderr)
			checkRequests(t, reg, wantReqs...)
		})
	}
}

func TestDeleteUsage(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantStderr string
	}{
		{name: "no memory id", args: []string{"memory", "delete", seoID}, wantStderr: "error: missing <memory-id>: wsctl memory delete takes <workspace> <memory-id>...\nRun 'wsctl memory delete --help' for usage.\n"},
		{name: "nothing", args: []string{"memory", "delete"}, wantStderr: "error: missing <workspace> <memory-id>: wsctl memory delete takes <workspace> <memory-id>...\nRun 'wsctl memory delete --help' for usage.\n"},
		{name: "list without workspace", args: []string{"memory", "list"}, wantStderr: "error: missing <workspace>: wsctl memory list takes <workspace>\nRun 'wsctl memory list --help' for usage.\n"},
		{name: "unknown subcommand", args: []string{"memory", "purge"}, wantStderr: "error: unknown command \"purge\" for \"wsctl memory\"\nRun 'wsctl memory --help' for usage.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(t, cmdtest.Setup{}, tt.args...)

			got.check(t, cmdutil.ExitUsage, "", tt.wantStderr)
		})
	}
}

// TestDeleteDuplicateIDs checks that an id given twice is previewed and
// deleted once, with a note, instead of failing the second delete.
func TestDeleteDuplicateIDs(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	reg.Register("workspace", clienttest.REST("GET", seoPath), clienttest.JSON(200, `{"id":"`+seoID+`","name":"SEO Agent","status":"online"}`))
	reg.Register("memories", clienttest.REST("GET", seoPath+"/memories"), clienttest.JSON(200, memoriesJSON))
	reg.Register("delete a", clienttest.REST("DELETE", seoPath+"/memories/"+memA), clienttest.JSON(200, `{"status":"deleted"}`))
	reg.Register("delete b", clienttest.REST("DELETE", seoPath+"/memories/"+memB), clienttest.JSON(200, `{"status":"deleted"}`))

	got := run(t, cmdtest.Setup{Registry: reg}, "memory", "delete", seoID, memA, memB, memA, memA,
		"--confirm-name", "SEO Agent", "--reason", reason)

	got.check(t, cmdutil.ExitOK, "", "note: memory "+memA+" was given more than once; it is deleted once\n"+
		preview(memA, memB)+memA+": deleted\n"+memB+": deleted\n")
	checkRequests(t, reg, "GET "+seoPath, "GET "+seoPath+"/memories",
		"DELETE "+seoPath+"/memories/"+memA, "DELETE "+seoPath+"/memories/"+memB)
}

// TestDeleteDryRunJSON checks that memory delete --dry-run -o json prints
// the pre-flight as JSON on stdout and sends no delete.
func TestDeleteDryRunJSON(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	reg.Register("workspace", clienttest.REST("GET", seoPath), clienttest.JSON(200, `{"id":"`+seoID+`","name":"SEO Agent","status":"online"}`))
	reg.Register("memories", clienttest.REST("GET", seoPath+"/memories"), clienttest.JSON(200, memoriesJSON))

	got := run(t, cmdtest.Setup{Registry: reg}, "memory", "delete", seoID, memA, "--dry-run", "-o", "json",
		"--confirm-name", "SEO Agent", "--reason", reason)

	if got.code != cmdutil.ExitOK {
		t.Fatalf("exit code = %d, want 0; stderr:\n%s", got.code, got.stderr)
	}
	var report struct {
		DryRun      bool            `json:"dry_run"`
		WorkspaceID string          `json:"workspace_id"`
		Checked     map[string]bool `json:"checked"`
		ToDelete    []string        `json:"to_delete"`
		Memories    []struct {
			ID string `json:"id"`
		} `json:"memories"`
		Missing    []string `json:"missing"`
		Restorable bool     `json:"restorable"`
	}
	if err := json.Unmarshal([]byte(got.stdout), &report); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, got.stdout)
	}
	if !report.DryRun {
		t.Errorf("dry_run = false, want true")
	}
	if report.WorkspaceID != seoID {
		t.Errorf("workspace_id = %q, want %q", report.WorkspaceID, seoID)
	}
	if !report.Checked["name"] || !report.Checked["reason"] {
		t.Errorf("checked = %v, want name and reason true", report.Checked)
	}
	if len(report.ToDelete) != 1 || report.ToDelete[0] != memA {
		t.Errorf("to_delete = %v, want [%s]", report.ToDelete, memA)
	}
	if len(report.Memories) != 1 || report.Memories[0].ID != memA {
		t.Errorf("memories = %v, want one with id %s", report.Memories, memA)
	}
	if report.Missing == nil || len(report.Missing) != 0 {
		t.Errorf("missing = %#v, want an empty list", report.Missing)
	}
	if want := "dry run: nothing was sent; the name and reason given pass wsctl's checks"; !strings.Contains(got.stderr, want) {
		t.Errorf("stderr lacks %q; stderr:\n%s", want, got.stderr)
	}
	checkRequests(t, reg, "GET "+seoPath, "GET "+seoPath+"/memories")
}
