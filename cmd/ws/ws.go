// Package ws holds the wsctl ws commands: list, get, delete, restore, trash,
// restart, disable and enable.
package ws

import (
	"encoding/json"

	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/shared"
)

// NewCmdWs returns the ws command group.
func NewCmdWs(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "ws <command>",
		Short:   "List, inspect, delete, restore and restart workspaces",
		Aliases: []string{"workspace", "workspaces"},
		Args:    cobra.ArbitraryArgs,
		RunE:    shared.GroupRunE,
	}
	cmd.AddCommand(NewCmdList(f, nil))
	cmd.AddCommand(NewCmdGet(f, nil))
	cmd.AddCommand(NewCmdDelete(f, nil))
	cmd.AddCommand(NewCmdRestore(f, nil))
	cmd.AddCommand(NewCmdTrash(f, nil))
	cmd.AddCommand(NewCmdRestart(f, nil))
	cmd.AddCommand(NewCmdDisable(f, nil))
	cmd.AddCommand(NewCmdEnable(f, nil))
	return cmd
}

// rawWorkspaces returns the workspaces as the server sent them, for -o json.
func rawWorkspaces(workspaces []client.Workspace) []json.RawMessage {
	raw := make([]json.RawMessage, len(workspaces))
	for i, ws := range workspaces {
		raw[i] = ws.Raw
	}
	return raw
}

// stuckWarning returns the session_likely_stuck warning of ws, or nil.
func stuckWarning(ws *client.Workspace) *client.Warning {
	for i := range ws.Warnings {
		if ws.Warnings[i].Code == client.WarningSessionLikelyStuck {
			return &ws.Warnings[i]
		}
	}
	return nil
}
