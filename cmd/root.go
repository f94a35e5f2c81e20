// Package cmd is the wsctl command tree. Main builds the root command, runs
// it and maps its error to an exit code; each verb group lives in its own
// subpackage.
package cmd

import (
	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/shared"
)

// NewCmdRoot returns the wsctl root command with every subcommand attached
// and the global flags bound to f.Flags.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "wsctl <command> <subcommand> [flags]",
		Short: "Operate agent workspaces safely",
		Long: `wsctl lists, inspects, deletes, restores and restarts agent workspaces.

Every destructive command shows what it would affect, asks for the
workspace name and a reason, and sends them to the platform, which records
them in its audit log. Without a terminal the same confirmation comes from
--confirm-name and --reason.`,
		Example: `  wsctl --platform sandbox ws list
  wsctl ws get incident-bot
  wsctl ws delete incident-bot --dry-run
  WSCTL_TOKEN=... wsctl ws delete 3f0c... --confirm-name incident-bot --reason "retired after INC-1234"`,
		Version:       buildVersion(),
		SilenceErrors: true,
		SilenceUsage:  true,
		// Parse flags level by level, so an unknown flag before the command
		// name ("wsctl --bogus ws list") is reported as that flag instead of
		// swallowing "ws" as its value and reporting "list" as a command.
		TraverseChildren: true,
		// With TraverseChildren cobra no longer rejects an unknown command
		// name itself, so the root reports it like every command group.
		Args: cobra.ArbitraryArgs,
		RunE: shared.GroupRunE,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			cmdutil.SetCommandTarget(f.Flags.Target)
			return cmdutil.ValidateOutput(f.Flags.Output)
		},
	}
	cmdutil.SetCommandTarget(cmdutil.TargetFlags{})
	root.SetOut(f.IOStreams.Out)
	root.SetErr(f.IOStreams.ErrOut)
	root.SetIn(f.IOStreams.In)
	root.SetVersionTemplate(`{{with .Name}}{{printf "%s " .}}{{end}}{{printf "version %s" .Version}}` + "\n")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &cmdutil.FlagError{Err: err}
	})
	root.CompletionOptions.DisableDefaultCmd = true

	addGlobalFlags(root, f.Flags)

	root.AddGroup(
		&cobra.Group{ID: "core", Title: "Workspace commands:"},
		&cobra.Group{ID: "admin", Title: "Platform commands:"},
	)
	for _, sub := range coreCommands(f) {
		sub.GroupID = "core"
		root.AddCommand(sub)
	}
	for _, sub := range adminCommands(f) {
		sub.GroupID = "admin"
		root.AddCommand(sub)
	}
	root.AddCommand(NewCmdVersion(f, nil))
	root.AddCommand(NewCmdCompletion(f))
	root.AddCommand(newHelpTopic(exitCodesTopic))
	root.SetHelpCommand(newCmdHelp())
	root.SetUsageTemplate(alignHelpTopics(root.UsageTemplate()))
	disableFileCompletion(root)
	return root
}

func addGlobalFlags(root *cobra.Command, flags *cmdutil.GlobalFlags) {
	pf := root.PersistentFlags()
	pf.StringVarP(&flags.Output, "output", "o", cmdutil.OutputTable, "Output format: table or json")
	pf.StringVar(&flags.Target.Platform, "platform", "", `Platform base URL, or "sandbox" for a local in-process platform (env WSCTL_PLATFORM)`)
	pf.StringVar(&flags.Target.Profile, "profile", "", "Profile from the configuration file (env WSCTL_PROFILE)")
	pf.StringVar(&flags.Target.TokenFile, "token-file", "", `File holding the API token, or "-" for standard input (env WSCTL_TOKEN holds the token itself)`)
	pf.StringVar(&flags.Target.CAFile, "ca-file", "", "PEM file of CA certificates to trust for the platform's TLS certificate")
	pf.BoolVar(&flags.Debug, "debug", false, "Trace HTTP requests on stderr with tokens redacted (env WSCTL_DEBUG=1)")
	pf.BoolVar(&flags.NoPrompt, "no-prompt", false, "Never prompt: destructive commands then need their confirmation flags (env WSCTL_NO_PROMPT=1)")
	pf.BoolVar(&flags.Accessible, "accessible", false, "Use plain line-by-line prompts that work with screen readers (env WSCTL_ACCESSIBLE=1)")

	_ = root.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(
		[]string{cmdutil.OutputTable, cmdutil.OutputJSON}, cobra.ShellCompDirectiveNoFileComp))
	_ = root.RegisterFlagCompletionFunc("platform", cobra.FixedCompletions(
		[]string{cmdutil.SandboxPlatform}, cobra.ShellCompDirectiveNoFileComp))
}
