package cmdutil

import (
	"strings"
	"sync/atomic"
)

// commandTarget is the "--platform X --profile Y" part of the command line
// that wsctl repeats in the commands it prints. One wsctl process runs one
// command, so the root command sets it once before the command runs.
var commandTarget atomic.Pointer[string]

// SetCommandTarget records the target flags given on the command line, so
// that Command repeats them. Values from the environment or a profile are
// left out, because the pasted command reads them from the same place.
func SetCommandTarget(flags TargetFlags) {
	var parts []string
	if flags.Platform != "" {
		parts = append(parts, "--platform", ShellQuote(flags.Platform))
	}
	if flags.Profile != "" {
		parts = append(parts, "--profile", ShellQuote(flags.Profile))
	}
	target := strings.Join(parts, " ")
	commandTarget.Store(&target)
}

// Command returns a wsctl command line for the operator to copy: "wsctl",
// the target flags recorded by SetCommandTarget, then args.
func Command(args ...string) string {
	parts := []string{"wsctl"}
	if target := commandTarget.Load(); target != nil && *target != "" {
		parts = append(parts, *target)
	}
	parts = append(parts, args...)
	return strings.Join(parts, " ")
}

// ShellQuote returns s unchanged when a POSIX shell reads it as one word
// as it is, and otherwise wrapped in single quotes.
func ShellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:@%+=,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
