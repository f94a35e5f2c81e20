package serve_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/internal/cmdtest"
	"github.com/wsctl/wsctl/cmd/serve"
)

func TestServeFlags(t *testing.T) {
	dataHome := t.TempDir()
	seedFile := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(seedFile, []byte(`{"version":1,"workspaces":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	type parsed struct {
		Listen, LogFormat, DSN, Seed string
		RestoreWindow, PurgeInterval time.Duration
		StuckAfter, TombstoneTTL     time.Duration
		ProvisionDelay               time.Duration
	}
	defaults := parsed{
		Listen: "127.0.0.1:8080", LogFormat: "text", DSN: filepath.Join(dataHome, "wsctl", "wsctl.db"),
		RestoreWindow: 72 * time.Hour, PurgeInterval: 10 * time.Minute, StuckAfter: 30 * time.Minute,
		TombstoneTTL: 720 * time.Hour, ProvisionDelay: 2 * time.Second,
	}
	tests := []struct {
		name    string
		args    []string
		want    func() parsed
		wantErr string
	}{
		{name: "defaults", want: func() parsed { return defaults }},
		{
			name: "every flag",
			args: []string{"--listen", "127.0.0.1:0", "--db", "/tmp/x.db", "--restore-window", "24h", "--purge-interval", "1m",
				"--stuck-after", "5m", "--tombstone-ttl", "48h", "--provision-delay", "10ms", "--seed", seedFile, "--log-format", "json"},
			want: func() parsed {
				return parsed{Listen: "127.0.0.1:0", LogFormat: "json", DSN: "/tmp/x.db", Seed: `{"version":1,"workspaces":[]}`,
					RestoreWindow: 24 * time.Hour, PurgeInterval: time.Minute, StuckAfter: 5 * time.Minute,
					TombstoneTTL: 48 * time.Hour, ProvisionDelay: 10 * time.Millisecond}
			},
		},
		{name: "restore window too short", args: []string{"--restore-window", "1h"}, wantErr: "invalid --restore-window 1h0m0s: use a value from 24h to 720h"},
		{name: "restore window too long", args: []string{"--restore-window", "721h"}, wantErr: "invalid --restore-window 721h0m0s: use a value from 24h to 720h"},
		{name: "zero purge interval", args: []string{"--purge-interval", "0s"}, wantErr: "invalid --purge-interval 0s: use a positive duration such as 10m"},
		{name: "negative provision delay", args: []string{"--provision-delay", "-1s"}, wantErr: "invalid --provision-delay -1s: use a positive duration such as 10m"},
		{name: "bad log format", args: []string{"--log-format", "xml"}, wantErr: `invalid --log-format "xml": use one of text, json`},
		{name: "missing seed", args: []string{"--seed", "/nonexistent/seed.json"}, wantErr: "invalid --seed: open /nonexistent/seed.json: no such file or directory"},
		{name: "argument", args: []string{"now"}, wantErr: `wsctl serve takes no arguments, got "now"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := cmdtest.NewFactory(t, cmdtest.Setup{Env: map[string]string{"XDG_DATA_HOME": dataHome}})
			var got parsed
			root := &cobra.Command{Use: "wsctl", SilenceErrors: true, SilenceUsage: true}
			root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &cmdutil.FlagError{Err: err} })
			root.SetOut(io.Discard)
			root.AddCommand(serve.NewCmdServe(f, func(o *serve.ServeOptions) error {
				p := o.Platform
				got = parsed{Listen: o.Listen, LogFormat: o.LogFormat, DSN: p.DSN, Seed: string(p.Seed),
					RestoreWindow: p.RestoreWindow, PurgeInterval: p.PurgeInterval, StuckAfter: p.StuckAfter,
					TombstoneTTL: p.TombstoneTTL, ProvisionDelay: p.ProvisionDelay}
				return nil
			}))
			root.SetArgs(append([]string{"serve"}, tt.args...))

			_, err := root.ExecuteC()

			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Errorf("error = %v, want %q", err, tt.wantErr)
				}
				if code := cmdutil.ExitCodeOf(err); code != cmdutil.ExitUsage {
					t.Errorf("exit code = %d, want %d", code, cmdutil.ExitUsage)
				}
				return
			}
			if err != nil {
				t.Fatalf("error = %v, want none", err)
			}
			if want := tt.want(); got != want {
				t.Errorf("options:\ngot:  %+v\nwant: %+v", got, want)
			}
		})
	}
}

func TestSandboxHelpNamesStateDirectory(t *testing.T) {
	for _, args := range [][]string{{"sandbox", "--help"}, {"sandbox", "reset", "--help"}} {
		t.Run(args[len(args)-2]+" "+args[len(args)-1], func(t *testing.T) {
			f, streams := cmdtest.NewFactory(t, cmdtest.Setup{})
			root := &cobra.Command{Use: "wsctl"}
			root.SetOut(streams.Out)
			root.AddCommand(serve.NewCmdSandbox(f))
			root.SetArgs(args)

			if _, err := root.ExecuteC(); err != nil {
				t.Fatalf("error = %v, want none", err)
			}
			for _, want := range []string{"$XDG_DATA_HOME/wsctl/sandbox", "WSCTL_SANDBOX_DIR"} {
				if !strings.Contains(streams.Out.String(), want) {
					t.Errorf("help lacks %q:\n%s", want, streams.Out.String())
				}
			}
		})
	}
}
