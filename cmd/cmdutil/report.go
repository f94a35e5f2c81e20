package cmdutil

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/wsctl/wsctl/client"
)

// ExitCodeOf maps err to the exit code wsctl returns for it. An *Error
// decides its own code; API errors map by HTTP status; anything else is
// ExitError.
func ExitCodeOf(err error) ExitCode {
	if err == nil {
		return ExitOK
	}

	var cmdErr *Error
	var flagErr *FlagError
	var apiErr *client.APIError
	switch {
	case errors.As(err, &cmdErr):
		return cmdErr.Code
	case errors.As(err, &flagErr):
		return ExitUsage
	case IsInterrupt(err):
		return ExitInterrupted
	case errors.Is(err, client.ErrNotSupported):
		// An empty 404 means a missing route or a missing tenant header,
		// not a missing workspace.
		return ExitError
	case errors.As(err, &apiErr):
		return exitCodeForStatus(apiErr.Status)
	}
	return ExitError
}

func exitCodeForStatus(status int) ExitCode {
	switch status {
	case http.StatusUnauthorized, http.StatusForbidden:
		return ExitAuth
	case http.StatusNotFound:
		return ExitNotFound
	case http.StatusGone:
		return ExitGone
	case http.StatusConflict, http.StatusPreconditionFailed:
		return ExitConflict
	case http.StatusTooManyRequests:
		return ExitRateLimited
	}
	return ExitError
}

// PrintError writes err to w the way every wsctl command reports failures:
// the message on one line, then each hint on its own line, then the
// platform's hint and request id when err carries an API error. The usage
// pointer names commandPath for flag errors.
func PrintError(w io.Writer, err error, commandPath string) {
	var interrupted *InterruptedError
	if errors.As(err, &interrupted) || (IsInterrupt(err) && !errors.As(err, new(*Error))) {
		if interrupted == nil {
			interrupted = ErrInterruptedNothingChanged
		}
		fmt.Fprintln(w, interrupted.Error())
		return
	}

	fmt.Fprintf(w, "error: %s\n", err)

	var cmdErr *Error
	if errors.As(err, &cmdErr) {
		for _, hint := range cmdErr.Hints {
			fmt.Fprintln(w, hint)
		}
	}

	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		if apiErr.Hint != "" && (cmdErr == nil || !containsText(cmdErr.Hints, apiErr.Hint)) {
			fmt.Fprintf(w, "platform hint: %s\n", apiErr.Hint)
		}
		if apiErr.RequestID != "" {
			fmt.Fprintf(w, "request id: %s\n", apiErr.RequestID)
		}
	}

	var flagErr *FlagError
	if errors.As(err, &flagErr) && commandPath != "" {
		fmt.Fprintf(w, "Run '%s --help' for usage.\n", commandPath)
	}
}

func containsText(lines []string, text string) bool {
	for _, line := range lines {
		if strings.Contains(line, text) {
			return true
		}
	}
	return false
}
