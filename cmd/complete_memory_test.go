package cmd

import (
	"strings"
	"testing"

	"github.com/wsctl/wsctl/cmd/cmdutil"
)

// TestCompleteMemoryIDs checks that the memory-id arguments of memory
// delete complete to the workspace's memory ids, described by the first
// line of their content, leaving out ids already given.
func TestCompleteMemoryIDs(t *testing.T) {
	url, token, _ := guardedPlatform(t)
	env := map[string]string{"WSCTL_PLATFORM": url, "WSCTL_TOKEN": token}
	listed := runWsctl(t, runConfig{env: env}, "memory", "list", seoAgentID)
	if listed.code != cmdutil.ExitOK {
		t.Fatalf("memory list exit code = %d; stderr:\n%s", listed.code, listed.stderr)
	}
	var want []string
	for _, row := range strings.Split(strings.TrimSuffix(listed.stdout, "\n"), "\n") {
		fields := strings.Split(row, "\t")
		want = append(want, fields[0])
	}
	if len(want) < 2 {
		t.Fatalf("the seed has %d memories for the SEO Agent, want at least 2 for this test", len(want))
	}

	got := runWsctl(t, runConfig{env: env}, "__complete", "memory", "delete", "SEO Agent", want[0], "")

	lines := strings.Split(strings.TrimSuffix(got.stdout, "\n"), "\n")
	if directive := lines[len(lines)-1]; directive != ":4" {
		t.Errorf("directive = %q, want %q (no file completion)", directive, ":4")
	}
	var ids []string
	for _, line := range lines[:len(lines)-1] {
		id, description, ok := strings.Cut(line, "\t")
		if !ok || description == "" {
			t.Errorf("candidate %q has no description", line)
		}
		ids = append(ids, id)
	}
	if strings.Join(ids, " ") != strings.Join(want[1:], " ") {
		t.Errorf("candidates = %v, want %v", ids, want[1:])
	}
}

// TestCompleteNoFileFallback checks that arguments and flag values that
// are not paths never fall back to file names, while path flags do.
func TestCompleteNoFileFallback(t *testing.T) {
	tests := []struct {
		name          string
		args          []string
		wantDirective string
	}{
		{name: "ws list argument", args: []string{"__complete", "ws", "list", ""}, wantDirective: ":4"},
		{name: "version argument", args: []string{"__complete", "version", ""}, wantDirective: ":4"},
		{name: "reason value", args: []string{"__complete", "ws", "delete", seoAgentID, "--reason", ""}, wantDirective: ":4"},
		{name: "since value", args: []string{"__complete", "audit", "list", "--since", ""}, wantDirective: ":4"},
		{name: "profile value", args: []string{"__complete", "ws", "list", "--profile", ""}, wantDirective: ":4"},
		{name: "token file value", args: []string{"__complete", "ws", "list", "--token-file", ""}, wantDirective: ":0"},
		{name: "ca file value", args: []string{"__complete", "ws", "list", "--ca-file", ""}, wantDirective: ":0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runWsctl(t, runConfig{}, tt.args...)

			lines := strings.Split(strings.TrimSuffix(got.stdout, "\n"), "\n")
			if directive := lines[len(lines)-1]; directive != tt.wantDirective {
				t.Errorf("directive = %q, want %q; stdout:\n%s", directive, tt.wantDirective, got.stdout)
			}
		})
	}
}
