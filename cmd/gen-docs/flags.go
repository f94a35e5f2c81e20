package main

import (
	"flag"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/wsctl/wsctl/cmd"
)

// options are the parsed flags of gen-docs.
type options struct {
	completionsDir string
	manDir         string
	// date is the man page header date. Only its month and year are shown.
	date time.Time
	// version is shown in the man page footer as "wsctl <version>".
	version string
}

func parseFlags(args []string, stderr io.Writer, getenv func(string) string) (*options, error) {
	opts := &options{}
	var date string

	fs := flag.NewFlagSet("gen-docs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gen-docs [--completions DIR] [--man DIR] [--date DATE] [--version VERSION]")
		fs.PrintDefaults()
	}
	fs.StringVar(&opts.completionsDir, "completions", "", "write the bash, zsh, fish and PowerShell completion scripts into `DIR`")
	fs.StringVar(&opts.manDir, "man", "", "write one man page per command into `DIR`, created if missing")
	fs.StringVar(&date, "date", "", "man page `DATE` as YYYY-MM-DD or RFC 3339 (default: SOURCE_DATE_EPOCH, else the last git commit's time)")
	fs.StringVar(&opts.version, "version", cmd.Version, "wsctl `VERSION` shown in the man page footer")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}

	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q: gen-docs takes only flags", fs.Arg(0))
	}
	if opts.completionsDir == "" && opts.manDir == "" {
		return nil, fmt.Errorf("nothing to do: pass --completions DIR, --man DIR or both")
	}
	if opts.manDir == "" {
		return opts, nil
	}

	resolved, err := resolveDate(date, getenv)
	if err != nil {
		return nil, err
	}
	opts.date = resolved
	return opts, nil
}

// resolveDate returns the man page date from the --date value, else from
// SOURCE_DATE_EPOCH, else from the last git commit, always in UTC.
func resolveDate(flagValue string, getenv func(string) string) (time.Time, error) {
	if flagValue != "" {
		return parseDate(flagValue)
	}
	if epoch := getenv("SOURCE_DATE_EPOCH"); epoch != "" {
		seconds, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("invalid SOURCE_DATE_EPOCH %q: use seconds since 1970-01-01 UTC", epoch)
		}
		return time.Unix(seconds, 0).UTC(), nil
	}

	out, err := exec.Command("git", "log", "-1", "--format=%ct").Output()
	if err != nil {
		return time.Time{}, fmt.Errorf("no man page date: pass --date YYYY-MM-DD or set SOURCE_DATE_EPOCH (reading the last commit's time failed: %v)", err)
	}
	return parseDate("@" + strings.TrimSpace(string(out)))
}

// parseDate accepts YYYY-MM-DD, RFC 3339, or "@" followed by Unix seconds.
func parseDate(value string) (time.Time, error) {
	if seconds, ok := strings.CutPrefix(value, "@"); ok {
		n, err := strconv.ParseInt(seconds, 10, 64)
		if err == nil {
			return time.Unix(n, 0).UTC(), nil
		}
	}
	if t, err := time.Parse(time.DateOnly, value); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, value); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("invalid --date %q: use YYYY-MM-DD or an RFC 3339 time such as 2026-12-04T20:00:00Z", value)
}
