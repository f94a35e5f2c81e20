// Command wsctl is a safe operator CLI for agent-workspace platforms.
package main

import (
	"os"

	"github.com/wsctl/wsctl/cmd"
)

func main() {
	os.Exit(cmd.Main())
}
