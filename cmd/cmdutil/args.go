package cmdutil

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// Output formats of the global -o/--output flag.
const (
	OutputTable = "table"
	OutputJSON  = "json"
)

// ValidateOutput returns a FlagError unless format is a known output format.
func ValidateOutput(format string) error {
	if format == OutputTable || format == OutputJSON {
		return nil
	}
	return FlagErrorf("invalid --output %q: use table or json", format)
}

// ExactArgs returns a cobra.PositionalArgs that requires exactly n
// arguments, described by names (such as "<id|name>") in the error. Errors
// are FlagErrors so they exit with ExitUsage.
func ExactArgs(names ...string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) < len(names):
			return FlagErrorf("missing %s: %s takes %s", strings.Join(names[len(args):], " "), cmd.CommandPath(), strings.Join(names, " "))
		case len(args) > len(names):
			return FlagErrorf("too many arguments: %s takes %s, got %d: %s", cmd.CommandPath(), strings.Join(names, " "), len(args), quoteAll(args))
		}
		return nil
	}
}

// MinimumArgs returns a cobra.PositionalArgs that requires at least the
// named arguments; the last name may repeat.
func MinimumArgs(names ...string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < len(names) {
			return FlagErrorf("missing %s: %s takes %s...", strings.Join(names[len(args):], " "), cmd.CommandPath(), strings.Join(names, " "))
		}
		return nil
	}
}

// NoArgs rejects any positional argument with a FlagError.
func NoArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return FlagErrorf("%s takes no arguments, got %s", cmd.CommandPath(), quoteAll(args))
	}
	return nil
}

// OneOf returns a FlagError unless value is one of allowed.
func OneOf(flag, value string, allowed ...string) error {
	if slices.Contains(allowed, value) {
		return nil
	}
	return FlagErrorf("invalid --%s %q: use one of %s", flag, value, strings.Join(allowed, ", "))
}

func quoteAll(args []string) string {
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = fmt.Sprintf("%q", a)
	}
	return strings.Join(quoted, " ")
}
