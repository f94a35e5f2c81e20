package shared

import (
	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/cmd/cmdutil"
)

// GroupRunE is the run func of a command group such as "wsctl ws": without
// arguments it prints the group's help, and with any it reports an unknown
// subcommand as a usage error instead of printing help and exiting 0.
func GroupRunE(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmd.Help()
	}
	return cmdutil.FlagErrorf("unknown command %q for %q", args[0], cmd.CommandPath())
}
