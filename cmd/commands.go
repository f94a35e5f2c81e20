package cmd

import (
	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/cmd/audit"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/memory"
	"github.com/wsctl/wsctl/cmd/serve"
	"github.com/wsctl/wsctl/cmd/ws"
)

func coreCommands(f *cmdutil.Factory) []*cobra.Command {
	return []*cobra.Command{ws.NewCmdWs(f), memory.NewCmdMemory(f), audit.NewCmdAudit(f)}
}

func adminCommands(f *cmdutil.Factory) []*cobra.Command {
	return []*cobra.Command{serve.NewCmdServe(f, nil), serve.NewCmdSandbox(f)}
}
