package shared

import (
	"fmt"
	"io"
	"strings"
)

// PrintDryRun writes the end of a destructive command's dry run to w: what
// passed wsctl's checks, what was never tried, and what a real run still
// needs. blocker is why wsctl cannot prompt, or "" when it can.
func PrintDryRun(w io.Writer, flags ConfirmFlags, blocker string) {
	fmt.Fprintln(w, dryRunSummary(flags))
	switch {
	case flags.NameSet && flags.ReasonSet:
	case blocker != "":
		fmt.Fprintf(w, "a real run here also needs %s, because wsctl cannot prompt: %s\n", missingConfirmFlags(flags), blocker)
	default:
		fmt.Fprintln(w, "a real run also asks for what was not given: the workspace name and a reason, typed at the prompt or passed as --confirm-name and --reason")
	}
}

// dryRunSummary is the summary line of a dry run. It names what passed
// wsctl's checks and what was never tried, so "passed" is never read as a
// promise that the delete will succeed.
func dryRunSummary(flags ConfirmFlags) string {
	const notTried = " (the platform's budget and its own checks were not tried)"
	var checked string
	switch {
	case flags.NameSet && flags.ReasonSet:
		checked = "the name and reason given pass wsctl's checks"
	case flags.NameSet:
		checked = "the name given passes wsctl's checks; no reason was given, so none was checked"
	case flags.ReasonSet:
		checked = "the reason given passes wsctl's checks; no name was given, so none was checked"
	default:
		checked = "no name or reason was given, so neither was checked"
	}
	return "dry run: nothing was sent; " + checked + notTried
}

func missingConfirmFlags(flags ConfirmFlags) string {
	var missing []string
	if !flags.NameSet {
		missing = append(missing, "--confirm-name")
	}
	if !flags.ReasonSet {
		missing = append(missing, "--reason")
	}
	return strings.Join(missing, " and ")
}
