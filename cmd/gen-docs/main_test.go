package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func noEnv(string) string { return "" }

// runGenDocs runs gen-docs with args and fails the test unless it exits 0.
func runGenDocs(t *testing.T, args ...string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(args, &stdout, &stderr, noEnv); code != 0 {
		t.Fatalf("gen-docs %s: exit code %d, want 0; stderr: %s", strings.Join(args, " "), code, stderr.String())
	}
}

// visiblePages returns the man page file names expected for the real tree:
// one per visible command and one per help topic.
func visiblePages(c *cobra.Command) []string {
	var pages []string
	if c.IsAvailableCommand() || c.IsAdditionalHelpTopicCommand() || !c.HasParent() {
		pages = append(pages, manPageName(c))
	}
	for _, sub := range c.Commands() {
		pages = append(pages, visiblePages(sub)...)
	}
	return pages
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(entries))
	for _, entry := range entries {
		names = append(names, entry.Name())
	}
	return names
}

func TestManPagesOnePerCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "man")
	runGenDocs(t, "--man", dir, "--date", "2026-12-04")

	want := visiblePages(newRootCommand())
	slices.Sort(want)
	got := dirNames(t, dir)
	if !slices.Equal(got, want) {
		t.Errorf("man pages:\ngot  %v\nwant %v", got, want)
	}
	for _, page := range []string{"wsctl.1", "wsctl-ws.1", "wsctl-ws-delete.1", "wsctl-ws-restore.1", "wsctl-exit-codes.1"} {
		if !slices.Contains(got, page) {
			t.Errorf("man page %s missing; got %v", page, got)
		}
	}
}

func TestManPageDeleteContent(t *testing.T) {
	dir := t.TempDir()
	runGenDocs(t, "--man", dir, "--date", "2026-12-04", "--version", "v1.2.3")

	page, err := os.ReadFile(filepath.Join(dir, "wsctl-ws-delete.1"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`.TH "WSCTL-WS-DELETE" "1" "Dec 2026" "wsctl v1.2.3" "wsctl manual"`,
		`\fBwsctl ws delete <id|name> [flags]\fP`,
		`\fB--confirm-name\fP`,
		`\fB--reason\fP`,
		`\fB--dry-run\fP`,
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("wsctl-ws-delete.1 does not contain %q", want)
		}
	}
	if bytes.Contains(page, []byte("Auto generated")) {
		t.Errorf("wsctl-ws-delete.1 contains cobra's auto-generated tag, want it disabled")
	}
}

func TestManPageHelpTopic(t *testing.T) {
	dir := t.TempDir()
	runGenDocs(t, "--man", dir, "--date", "2026-12-04")

	page, err := os.ReadFile(filepath.Join(dir, "wsctl-exit-codes.1"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`\fBwsctl exit-codes\fP`, "3  confirmation missing"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("wsctl-exit-codes.1 does not contain %q", want)
		}
	}
	if bytes.Contains(page, []byte("exit-codes [flags]")) {
		t.Errorf("wsctl-exit-codes.1 synopsis shows [flags], want none for a help topic")
	}
}

func TestManPagesReproducible(t *testing.T) {
	first, second := t.TempDir(), t.TempDir()
	runGenDocs(t, "--man", first, "--date", "2026-12-04")
	runGenDocs(t, "--man", second, "--date", "2026-12-04")

	for _, name := range dirNames(t, first) {
		a, err := os.ReadFile(filepath.Join(first, name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(second, name))
		if err != nil {
			t.Fatalf("second run did not write %s: %v", name, err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs with the same --date", name)
		}
	}
}

func TestManPagesRemoveStalePages(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, "wsctl-renamed-command.1")
	unrelated := filepath.Join(dir, "README")
	for _, path := range []string{stale, unrelated} {
		if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	runGenDocs(t, "--man", dir, "--date", "2026-12-04")

	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale page %s: stat error %v, want it removed", stale, err)
	}
	if _, err := os.Stat(unrelated); err != nil {
		t.Errorf("unrelated file %s: %v, want it kept", unrelated, err)
	}
}

func TestCompletionScripts(t *testing.T) {
	dir := t.TempDir()
	runGenDocs(t, "--completions", dir)

	tests := []struct {
		file   string
		marker string
	}{
		{file: "wsctl.bash", marker: "complete -o default -F __start_wsctl wsctl"},
		{file: "_wsctl", marker: "#compdef wsctl"},
		{file: "wsctl.fish", marker: "complete -c wsctl"},
		{file: "wsctl.ps1", marker: "Register-ArgumentCompleter -CommandName 'wsctl'"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			script, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if len(script) == 0 {
				t.Fatalf("%s is empty", tt.file)
			}
			if !bytes.Contains(script, []byte(tt.marker)) {
				t.Errorf("%s does not contain %q", tt.file, tt.marker)
			}
		})
	}
	if got := dirNames(t, dir); len(got) != len(tests) {
		t.Errorf("completion files: got %v, want %d files", got, len(tests))
	}
}

func TestFlagErrors(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		env        map[string]string
		wantStderr string
	}{
		{
			name:       "no output folder",
			args:       nil,
			wantStderr: "nothing to do: pass --completions DIR, --man DIR or both",
		},
		{
			name:       "invalid date",
			args:       []string{"--man", "unused", "--date", "04/12/2026"},
			wantStderr: `invalid --date "04/12/2026": use YYYY-MM-DD`,
		},
		{
			name:       "invalid SOURCE_DATE_EPOCH",
			args:       []string{"--man", "unused"},
			env:        map[string]string{"SOURCE_DATE_EPOCH": "yesterday"},
			wantStderr: `invalid SOURCE_DATE_EPOCH "yesterday"`,
		},
		{
			name:       "positional argument",
			args:       []string{"--man", "unused", "extra"},
			wantStderr: `unexpected argument "extra"`,
		},
		{
			name:       "unknown flag",
			args:       []string{"--manpages", "unused"},
			wantStderr: "flag provided but not defined: -manpages",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			getenv := func(key string) string { return tt.env[key] }

			code := run(tt.args, &stdout, &stderr, getenv)

			if code != 2 {
				t.Errorf("exit code: got %d, want 2", code)
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr: got %q, want it to contain %q", stderr.String(), tt.wantStderr)
			}
			if _, err := os.Stat("unused"); !os.IsNotExist(err) {
				t.Errorf("folder unused was created although the flags were invalid")
			}
		})
	}
}
