package cmd

import (
	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/cmd/cmdutil"
)

func coreCommands(f *cmdutil.Factory) []*cobra.Command {
	return nil
}

func adminCommands(f *cmdutil.Factory) []*cobra.Command {
	return nil
}
