package ws_test

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/internal/cmdtest"
	"github.com/wsctl/wsctl/cmd/shared"
	"github.com/wsctl/wsctl/cmd/ws"
)

// parse runs args through a command built by build, below parents named
// "wsctl ws" as in the real tree, with runF capturing the options. It
// returns the exit code and the error.
func parse(t *testing.T, build func(f *cmdutil.Factory) *cobra.Command, args ...string) (cmdutil.ExitCode, error) {
	t.Helper()
	f, _ := cmdtest.NewFactory(t, cmdtest.Setup{})
	root := &cobra.Command{Use: "wsctl", SilenceErrors: true, SilenceUsage: true}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &cmdutil.FlagError{Err: err} })
	root.SetOut(io.Discard)
	root.SetErr(io.Discard)
	group := &cobra.Command{Use: "ws"}
	root.AddCommand(group)
	group.AddCommand(build(f))
	root.SetArgs(append([]string{"ws"}, args...))

	_, err := root.ExecuteC()
	return cmdutil.ExitCodeOf(err), err
}

func checkParsed(t *testing.T, err error, code cmdutil.ExitCode, wantErr string, got, want any) {
	t.Helper()
	if wantErr != "" {
		if err == nil || err.Error() != wantErr {
			t.Errorf("error = %v, want %q", err, wantErr)
		}
		if code != cmdutil.ExitUsage {
			t.Errorf("exit code = %d, want %d", code, cmdutil.ExitUsage)
		}
		return
	}
	if err != nil {
		t.Fatalf("error = %v, want none", err)
	}
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Errorf("options:\ngot:  %+v\nwant: %+v", got, want)
	}
}

func TestDeleteFlags(t *testing.T) {
	type parsed struct {
		Workspace string
		Confirm   shared.ConfirmFlags
		Cascade   bool
		DryRun    bool
		Blocker   string
	}
	tests := []struct {
		name    string
		args    []string
		want    parsed
		wantErr string
	}{
		{
			name: "id only",
			args: []string{"delete", seoID},
			want: parsed{Workspace: seoID, Blocker: "standard input is not a terminal"},
		},
		{
			name: "every flag",
			args: []string{"delete", "SEO Agent", "--confirm-name", "SEO Agent", "--reason", "why not", "--cascade", "--dry-run"},
			want: parsed{Workspace: "SEO Agent", Confirm: shared.ConfirmFlags{Name: "SEO Agent", NameSet: true, Reason: "why not", ReasonSet: true},
				Cascade: true, DryRun: true, Blocker: "standard input is not a terminal"},
		},
		{
			name: "empty flags count as given",
			args: []string{"rm", seoID, "--confirm-name=", "--reason="},
			want: parsed{Workspace: seoID, Confirm: shared.ConfirmFlags{NameSet: true, ReasonSet: true}, Blocker: "standard input is not a terminal"},
		},
		{name: "no argument", args: []string{"delete"}, wantErr: "missing <id|name>: wsctl ws delete takes <id|name>"},
		{name: "two arguments", args: []string{"delete", "a", "b"}, wantErr: `too many arguments: wsctl ws delete takes <id|name>, got 2: "a" "b"`},
		{name: "unknown flag", args: []string{"delete", seoID, "--force"}, wantErr: "unknown flag: --force"},
		{name: "flag without value", args: []string{"delete", seoID, "--reason"}, wantErr: "flag needs an argument: --reason"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got parsed
			code, err := parse(t, func(f *cmdutil.Factory) *cobra.Command {
				return ws.NewCmdDelete(f, func(o *ws.DeleteOptions) error {
					got = parsed{Workspace: o.Workspace, Confirm: o.Confirm, Cascade: o.Cascade, DryRun: o.DryRun, Blocker: o.Blocker}
					return nil
				})
			}, tt.args...)
			checkParsed(t, err, code, tt.wantErr, got, tt.want)
		})
	}
}

func TestRestartFlags(t *testing.T) {
	type parsed struct {
		Workspace    string
		ResetSession bool
		Yes          bool
		Wait         bool
		Timeout      time.Duration
	}
	tests := []struct {
		name    string
		args    []string
		want    parsed
		wantErr string
	}{
		{name: "defaults", args: []string{"restart", seoID}, want: parsed{Workspace: seoID, Timeout: 5 * time.Minute}},
		{
			name: "every flag",
			args: []string{"restart", seoID, "--reset-session", "-y", "--wait", "--timeout", "90s"},
			want: parsed{Workspace: seoID, ResetSession: true, Yes: true, Wait: true, Timeout: 90 * time.Second},
		},
		{name: "zero timeout", args: []string{"restart", seoID, "--timeout", "0s"}, wantErr: "invalid --timeout 0s: use a positive duration such as 5m"},
		{name: "negative timeout", args: []string{"restart", seoID, "--timeout", "-1m"}, wantErr: "invalid --timeout -1m0s: use a positive duration such as 5m"},
		{name: "bad timeout", args: []string{"restart", seoID, "--timeout", "soon"}, wantErr: `invalid argument "soon" for "--timeout" flag: time: invalid duration "soon"`},
		{name: "no argument", args: []string{"restart"}, wantErr: "missing <id|name>: wsctl ws restart takes <id|name>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got parsed
			code, err := parse(t, func(f *cmdutil.Factory) *cobra.Command {
				return ws.NewCmdRestart(f, func(o *ws.RestartOptions) error {
					got = parsed{Workspace: o.Workspace, ResetSession: o.ResetSession, Yes: o.Yes, Wait: o.Wait, Timeout: o.Timeout}
					return nil
				})
			}, tt.args...)
			checkParsed(t, err, code, tt.wantErr, got, tt.want)
		})
	}
}

func TestRestoreFlags(t *testing.T) {
	type parsed struct{ Workspace, Reason string }
	tests := []struct {
		name    string
		args    []string
		want    parsed
		wantErr string
	}{
		{name: "no reason", args: []string{"restore", "old bot"}, want: parsed{Workspace: "old bot"}},
		{name: "reason trimmed", args: []string{"restore", oldBotID, "--reason", " deleted by mistake "}, want: parsed{Workspace: oldBotID, Reason: "deleted by mistake"}},
		{name: "no argument", args: []string{"restore"}, wantErr: "missing <id|name>: wsctl ws restore takes <id|name>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got parsed
			code, err := parse(t, func(f *cmdutil.Factory) *cobra.Command {
				return ws.NewCmdRestore(f, func(o *ws.RestoreOptions) error {
					got = parsed{Workspace: o.Workspace, Reason: o.Reason}
					return nil
				})
			}, tt.args...)
			checkParsed(t, err, code, tt.wantErr, got, tt.want)
		})
	}
}

func TestListFlags(t *testing.T) {
	type parsed struct {
		Status      string
		ShowRemoved bool
	}
	tests := []struct {
		name    string
		args    []string
		want    parsed
		wantErr string
	}{
		{name: "defaults", args: []string{"list"}, want: parsed{}},
		{name: "filters", args: []string{"list", "--status", "online", "--show-removed"}, want: parsed{Status: "online", ShowRemoved: true}},
		{name: "argument", args: []string{"list", "prod"}, wantErr: `wsctl ws list takes no arguments, got "prod"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got parsed
			code, err := parse(t, func(f *cmdutil.Factory) *cobra.Command {
				return ws.NewCmdList(f, func(o *ws.ListOptions) error {
					got = parsed{Status: o.Status, ShowRemoved: o.ShowRemoved}
					return nil
				})
			}, tt.args...)
			checkParsed(t, err, code, tt.wantErr, got, tt.want)
		})
	}
}

func TestSimpleCommandFlags(t *testing.T) {
	tests := []struct {
		name    string
		build   func(f *cmdutil.Factory, captured *string) *cobra.Command
		args    []string
		want    string
		wantErr string
	}{
		{
			name: "get",
			build: func(f *cmdutil.Factory, captured *string) *cobra.Command {
				return ws.NewCmdGet(f, func(o *ws.GetOptions) error { *captured = o.Workspace; return nil })
			},
			args: []string{"get", "データ-ws"},
			want: "データ-ws",
		},
		{
			name: "get without argument",
			build: func(f *cmdutil.Factory, captured *string) *cobra.Command {
				return ws.NewCmdGet(f, func(o *ws.GetOptions) error { return nil })
			},
			args:    []string{"get"},
			wantErr: "missing <id|name>: wsctl ws get takes <id|name>",
		},
		{
			name: "trash with argument",
			build: func(f *cmdutil.Factory, captured *string) *cobra.Command {
				return ws.NewCmdTrash(f, func(o *ws.TrashOptions) error { return nil })
			},
			args:    []string{"trash", "x"},
			wantErr: `wsctl ws trash takes no arguments, got "x"`,
		},
		{
			name: "disable",
			build: func(f *cmdutil.Factory, captured *string) *cobra.Command {
				return ws.NewCmdDisable(f, func(o *ws.DisableOptions) error {
					*captured = fmt.Sprintf("%s %v %+v", o.Workspace, o.Disable, o.Confirm)
					return nil
				})
			},
			args: []string{"disable", seoID, "--confirm-name", "SEO Agent", "--reason", "paused for audit"},
			want: seoID + " true {Name:SEO Agent NameSet:true Reason:paused for audit ReasonSet:true}",
		},
		{
			name: "enable takes no confirmation",
			build: func(f *cmdutil.Factory, captured *string) *cobra.Command {
				return ws.NewCmdEnable(f, func(o *ws.DisableOptions) error { return nil })
			},
			args:    []string{"enable", seoID, "--reason", "back to work"},
			wantErr: "unknown flag: --reason",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			code, err := parse(t, func(f *cmdutil.Factory) *cobra.Command { return tt.build(f, &got) }, tt.args...)
			checkParsed(t, err, code, tt.wantErr, got, tt.want)
		})
	}
}
