// Command gen-docs writes the shell completion scripts and man pages of
// wsctl, both generated from the real command tree:
//
//	go run ./cmd/gen-docs --completions completions --man manpages
//
// The man pages carry a date in their header. It comes from --date, else
// from SOURCE_DATE_EPOCH, else from the time of the last git commit, so two
// runs on the same commit write identical files.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}

// run parses args, writes what they ask for and returns the exit code:
// 0 on success, 1 when writing failed, 2 for invalid flags.
func run(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	opts, err := parseFlags(args, stderr, getenv)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "gen-docs: %v\n", err)
		return 2
	}

	if opts.completionsDir != "" {
		if err := writeCompletions(opts.completionsDir, stdout); err != nil {
			fmt.Fprintf(stderr, "gen-docs: %v\n", err)
			return 1
		}
	}
	if opts.manDir != "" {
		if err := writeManPages(opts, stdout); err != nil {
			fmt.Fprintf(stderr, "gen-docs: %v\n", err)
			return 1
		}
	}
	return 0
}
