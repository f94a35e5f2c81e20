package ws_test

import (
	"testing"

	"github.com/wsctl/wsctl/client/clienttest"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/internal/cmdtest"
)

// TestTrashTables checks the order (soonest purge first, no deadline last)
// and the countdowns from the fixed clock, on a terminal and in a pipe.
func TestTrashTables(t *testing.T) {
	tests := []struct {
		name   string
		tty    bool
		golden string
	}{
		{name: "terminal", tty: true, golden: "trash-tty"},
		{name: "pipe", tty: false, golden: "trash-pipe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			stubList(reg, true)

			got := run(t, cmdtest.Setup{TTY: tt.tty, Registry: reg}, "ws", "trash")

			if got.code != cmdutil.ExitOK {
				t.Fatalf("exit code = %d, want 0; stderr:\n%s", got.code, got.stderr)
			}
			if got.stderr != "" {
				t.Errorf("stderr = %q, want empty", got.stderr)
			}
			cmdtest.Golden(t, tt.golden, got.stdout)
			checkRequests(t, reg, "GET /workspaces?show_removed=true")
		})
	}
}

func TestTrashEmpty(t *testing.T) {
	tests := []struct {
		name       string
		tty        bool
		args       []string
		wantStdout string
		wantStderr string
	}{
		{name: "terminal", tty: true, args: []string{"ws", "trash"}, wantStderr: "the trash is empty: no removed workspace can be restored\n"},
		{name: "pipe", args: []string{"ws", "trash"}},
		{name: "json", args: []string{"ws", "trash", "-o", "json"}, wantStdout: "[]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			reg.Register("list", clienttest.REST("GET", "/workspaces"), clienttest.JSON(200, `[{"id":"`+seoID+`","name":"SEO Agent","status":"online"}]`))

			got := run(t, cmdtest.Setup{TTY: tt.tty, Registry: reg}, tt.args...)

			got.check(t, cmdutil.ExitOK, tt.wantStdout, tt.wantStderr)
		})
	}
}
