package cmd

import (
	"fmt"
	"runtime"
	"runtime/debug"

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
// An unstamped build reports Version "dev", and takes the commit and its
// time from the VCS information the Go toolchain records (go build in a
// Git checkout) when Commit and BuildDate are empty.
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
			commit, date := Commit, BuildDate
			if info, ok := debug.ReadBuildInfo(); ok {
				commit, date = fillFromBuildInfo(commit, date, info)
			}
			opts.Info = VersionInfo{
				Version:   Version,
				Commit:    valueOr(commit, "unknown"),
				BuildDate: valueOr(date, "unknown"),
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

// fillFromBuildInfo returns commit and date, each replaced by the build's
// vcs.revision or vcs.time when it is empty. The BuildDate is then the
// commit's time, which is the closest the toolchain records.
func fillFromBuildInfo(commit, date string, info *debug.BuildInfo) (string, string) {
	for _, setting := range info.Settings {
		switch {
		case setting.Key == "vcs.revision" && commit == "":
			commit = setting.Value
		case setting.Key == "vcs.time" && date == "":
			date = setting.Value
		}
	}
	return commit, date
}

func valueOr(value, fallback string) string {
	if value == "" {
		return fallback
	}
	return value
}
