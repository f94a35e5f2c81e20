package cmd

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/output"
)

// Build information, stamped at link time:
//
//	go build -ldflags "-X github.com/wsctl/wsctl/cmd.Version=v1.2.0
//	  -X github.com/wsctl/wsctl/cmd.Commit=$(git rev-parse --short HEAD)
//	  -X github.com/wsctl/wsctl/cmd.BuildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
//
// An unstamped build reports Version "dev" and empty Commit and BuildDate.
var (
	Version   = "dev"
	Commit    = ""
	BuildDate = ""
)

func buildVersion() string { return Version }

// VersionInfo is what wsctl version prints; its JSON form is stable.
type VersionInfo struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	BuildDate string `json:"build_date"`
	GoVersion string `json:"go_version"`
	Platform  string `json:"platform"`
}

// VersionOptions are the inputs of wsctl version.
type VersionOptions struct {
	IO   *output.IOStreams
	JSON bool
	Info VersionInfo
}

// NewCmdVersion returns the version command. runF replaces the run func in
// tests; nil runs it for real.
func NewCmdVersion(f *cmdutil.Factory, runF func(*VersionOptions) error) *cobra.Command {
	opts := &VersionOptions{IO: f.IOStreams}
	return &cobra.Command{
		Use:   "version",
		Short: "Show the wsctl version, commit, build date and Go version",
		Args:  cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.JSON = f.Flags.JSON()
			opts.Info = VersionInfo{
				Version:   Version,
				Commit:    valueOr(Commit, "unknown"),
				BuildDate: valueOr(BuildDate, "unknown"),
				GoVersion: runtime.Version(),
				Platform:  runtime.GOOS + "/" + runtime.GOARCH,
			}
			if runF != nil {
				return runF(opts)
			}
			return versionRun(opts)
		},
	}
}

func versionRun(opts *VersionOptions) error {
	if opts.JSON {
		return output.JSON(opts.IO.Out, opts.Info)
	}
	info := opts.Info
	_, err := fmt.Fprintf(opts.IO.Out, "wsctl %s\ncommit: %s\nbuilt: %s\ngo: %s %s\n",
		info.Version, info.Commit, info.BuildDate, info.GoVersion, info.Platform)
	return err
}

func valueOr(value, fallback string) string {
	if value == "" {
		return fallback
	}
	return value
}
