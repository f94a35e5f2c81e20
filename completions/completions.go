// Package completions holds the committed shell completion scripts of wsctl
// and generates them from the real command tree.
//
// The scripts are exactly what "wsctl completion <shell>" prints, because
// Generate runs that command in process. Packagers install the files as they
// are; a test fails when a file no longer matches the command tree.
package completions

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/wsctl/wsctl/cmd"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/factory"
	"github.com/wsctl/wsctl/output"
)

// Script is one shell's completion script and the file name it is
// committed and installed under.
type Script struct {
	// Shell is the argument of "wsctl completion".
	Shell string
	// File is the file name inside this folder.
	File string
}

// Scripts lists the generated completion scripts. The zsh file is named
// _wsctl because zsh loads a completion function from a file named after it.
var Scripts = []Script{
	{Shell: "bash", File: "wsctl.bash"},
	{Shell: "zsh", File: "_wsctl"},
	{Shell: "fish", File: "wsctl.fish"},
	{Shell: "powershell", File: "wsctl.ps1"},
}

// Generate returns the completion script for shell by running
// "wsctl completion <shell>" on the real command tree, without reading the
// environment or the configuration file.
func Generate(shell string) ([]byte, error) {
	ios, _, stdout, stderr := output.Test()
	f := factory.New(cmd.Version, ios, func(string) string { return "" })

	code := cmd.Execute(context.Background(), f, []string{"completion", shell})
	if code != cmdutil.ExitOK {
		return nil, fmt.Errorf("wsctl completion %s exited with code %d: %s", shell, code, stderr.String())
	}
	if stdout.Len() == 0 {
		return nil, fmt.Errorf("wsctl completion %s printed nothing", shell)
	}
	return stdout.Bytes(), nil
}

// WriteAll generates every script in Scripts into dir, which must exist,
// and returns the paths it wrote.
func WriteAll(dir string) ([]string, error) {
	paths := make([]string, 0, len(Scripts))
	for _, script := range Scripts {
		content, err := Generate(script.Shell)
		if err != nil {
			return paths, err
		}

		path := filepath.Join(dir, script.File)
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return paths, fmt.Errorf("write %s completion: %w", script.Shell, err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}
