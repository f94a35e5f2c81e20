package cmd

import (
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// fileFlags are the flags whose value is a path, so the shell may offer
// file names for them.
var fileFlags = map[string]bool{"token-file": true, "ca-file": true, "db": true, "seed": true}

// disableFileCompletion turns off the shell's file-name fallback for every
// argument and flag value of cmd and its subcommands that has no completion
// of its own and is not a path, because cobra otherwise offers file names.
func disableFileCompletion(cmd *cobra.Command) {
	if cmd.ValidArgsFunction == nil && len(cmd.ValidArgs) == 0 {
		cmd.ValidArgsFunction = cobra.NoFileCompletions
	}
	noFiles := func(flag *pflag.Flag) {
		if fileFlags[flag.Name] || flag.Value.Type() == "bool" {
			return
		}
		if _, ok := cmd.GetFlagCompletionFunc(flag.Name); ok {
			return
		}
		_ = cmd.RegisterFlagCompletionFunc(flag.Name, cobra.NoFileCompletions)
	}
	cmd.LocalNonPersistentFlags().VisitAll(noFiles)
	cmd.PersistentFlags().VisitAll(noFiles)
	for _, sub := range cmd.Commands() {
		disableFileCompletion(sub)
	}
}
