// Package serve holds wsctl serve, which runs the reference platform, and
// wsctl sandbox, which manages the local in-process sandbox.
package serve

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/factory"
	"github.com/wsctl/wsctl/output"
	"github.com/wsctl/wsctl/platform"
)

// ServeOptions are the inputs of wsctl serve.
type ServeOptions struct {
	IO      *output.IOStreams
	Changes *cmdutil.ChangeTracker

	Listen    string
	LogFormat string
	SeedFile  string
	Platform  platform.Options
}

// NewCmdServe returns wsctl serve. runF replaces the run func in tests.
func NewCmdServe(f *cmdutil.Factory, runF func(*ServeOptions) error) *cobra.Command {
	opts := &ServeOptions{IO: f.IOStreams, Changes: f.Changes}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the reference platform server with guarded destructive requests",
		Long: `Serve the reference platform API: soft delete with a restore window, a
purge job, stuck-session warnings and an audit log, with every destructive
request confirmed by name and reason.

--db takes a SQLite file path or a postgres:// URL. When the database is
empty, the server creates an org token and prints it once on stderr. With
a SQLite file it also writes the token to org-token in the file's
directory (mode 0600). With a postgres:// URL it is written nowhere, so
copy it when it is printed. SIGINT or SIGTERM stops the server after
in-flight requests finish.`,
		Example: `  wsctl serve --listen 127.0.0.1:8080 --restore-window 72h
  wsctl serve --db postgres://wsctl@127.0.0.1:5432/wsctl?sslmode=disable`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := cmdutil.OneOf("log-format", opts.LogFormat, "text", "json"); err != nil {
				return err
			}
			if err := checkDurations(opts.Platform); err != nil {
				return err
			}
			if opts.Platform.DSN == "" {
				dir, err := cmdutil.DataDir(f.Getenv)
				if err != nil {
					return err
				}
				opts.Platform.DSN = filepath.Join(dir, "wsctl.db")
			}
			if opts.SeedFile != "" {
				seed, err := os.ReadFile(opts.SeedFile)
				if err != nil {
					return cmdutil.FlagErrorf("invalid --seed: %w", err)
				}
				opts.Platform.Seed = seed
			}
			if runF != nil {
				return runF(opts)
			}
			return serveRun(cmd.Context(), opts)
		},
	}
	flags := cmd.Flags()
	flags.StringVar(&opts.Listen, "listen", "127.0.0.1:8080", "Address to listen on")
	flags.StringVar(&opts.Platform.DSN, "db", "", "SQLite file or postgres:// URL (default $XDG_DATA_HOME/wsctl/wsctl.db)")
	flags.DurationVar(&opts.Platform.RestoreWindow, "restore-window", platform.DefaultRestoreWindow, "How long a removed workspace can be restored (24h to 720h)")
	flags.DurationVar(&opts.Platform.PurgeInterval, "purge-interval", platform.DefaultPurgeInterval, "Pause between runs of the purge job")
	flags.DurationVar(&opts.Platform.StuckAfter, "stuck-after", platform.DefaultStuckAfter, "How long active tasks must last before a stuck-session warning")
	flags.DurationVar(&opts.Platform.TombstoneTTL, "tombstone-ttl", platform.DefaultTombstoneTTL, "How long a purged workspace answers 410 before 404")
	flags.DurationVar(&opts.Platform.ProvisionDelay, "provision-delay", platform.DefaultProvisionDelay, "How long a restarted workspace stays provisioning")
	flags.StringVar(&opts.SeedFile, "seed", "", "JSON seed applied when the database is empty")
	flags.StringVar(&opts.LogFormat, "log-format", "text", "Log format on stderr: text or json")
	return cmd
}

// checkDurations rejects duration flags the platform would not run with,
// naming the flag, before anything is opened. The platform treats zero as
// "use the default", so a zero given on the command line is rejected too.
func checkDurations(opts platform.Options) error {
	window := opts.RestoreWindow
	if window < platform.MinRestoreWindow || window > platform.MaxRestoreWindow {
		return cmdutil.FlagErrorf("invalid --restore-window %s: use a value from %gh to %gh",
			window, platform.MinRestoreWindow.Hours(), platform.MaxRestoreWindow.Hours())
	}
	for _, d := range []struct {
		flag  string
		value time.Duration
	}{
		{"purge-interval", opts.PurgeInterval},
		{"stuck-after", opts.StuckAfter},
		{"tombstone-ttl", opts.TombstoneTTL},
		{"provision-delay", opts.ProvisionDelay},
	} {
		if d.value <= 0 {
			return cmdutil.FlagErrorf("invalid --%s %s: use a positive duration such as 10m", d.flag, d.value)
		}
	}
	return nil
}

func serveRun(ctx context.Context, opts *ServeOptions) error {
	opts.Changes.HandleInterrupts()
	opts.Platform.Logger = newLogger(opts.IO, opts.LogFormat)
	if opts.Platform.DataDir == "" && !isURL(opts.Platform.DSN) {
		opts.Platform.DataDir = filepath.Dir(opts.Platform.DSN)
	}

	return platform.Serve(ctx, opts.Platform, opts.Listen, func(addr string) {
		fmt.Fprintf(opts.IO.ErrOut, "serving the platform API on http://%s\n", addr)
	})
}

func newLogger(ios *output.IOStreams, format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(ios.ErrOut, nil))
	}
	return slog.New(slog.NewTextHandler(ios.ErrOut, nil))
}

// isURL reports whether dsn is a Postgres URL. The platform accepts the
// scheme in any letter case, so this check does too.
func isURL(dsn string) bool {
	lower := strings.ToLower(dsn)
	return strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://")
}

// sandboxLocation says where the sandbox keeps its state, for help text.
const sandboxLocation = `The sandbox keeps its state (database, org token and destructive budget)
in $XDG_DATA_HOME/wsctl/sandbox, or ~/.local/share/wsctl/sandbox when
XDG_DATA_HOME is unset. WSCTL_SANDBOX_DIR overrides that directory.`

// NewCmdSandbox returns the sandbox command group.
func NewCmdSandbox(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sandbox <command>",
		Short: "Manage the local sandbox platform used by --platform sandbox",
		Long: `The sandbox is the reference platform running inside wsctl on a SQLite
file, seeded with an example incident. Use it with --platform sandbox.

` + sandboxLocation,
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "reset",
		Short: "Delete the sandbox database so the next use starts from the seed",
		Long: `Delete the sandbox database, so the next use of --platform sandbox starts
again from the seeded example incident, with a new org token and a full
destructive budget.

` + sandboxLocation,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := factory.SandboxDir(f.Getenv)
			if err != nil {
				return err
			}
			if err := platform.ResetSandbox(dir); err != nil {
				return err
			}
			fmt.Fprintf(f.IOStreams.ErrOut, "sandbox reset: %s\n", dir)
			return nil
		},
	})
	return cmd
}
