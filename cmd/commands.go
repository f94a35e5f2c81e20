package cmd

import (
	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/ws"
)

func coreCommands(f *cmdutil.Factory) []*cobra.Command {
	return []*cobra.Command{ws.NewCmdWs(f)}
}

func adminCommands(f *cmdutil.Factory) []*cobra.Command {
	return nil
}
