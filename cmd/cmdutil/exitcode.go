// Package cmdutil holds what every wsctl command shares: the Factory of lazy
// dependencies, exit codes and typed errors, configuration, target and token
// resolution, and flag value parsers.
package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// ExitCode is the process exit status of wsctl. Scripts depend on these
// values, so they never change meaning; docs/exit-codes.md lists them.
type ExitCode int

// Exit codes of wsctl.
const (
	ExitOK ExitCode = 0
	// ExitError is any failure without a more specific code.
	ExitError ExitCode = 1
	// ExitUsage means bad flags or arguments; no request was sent.
	ExitUsage ExitCode = 2
	// ExitConfirm means a destructive action lacked a confirmation, the
	// confirmation did not match, or the operator declined or gave no answer.
	// Nothing was changed.
	ExitConfirm ExitCode = 3
	// ExitAuth means the platform rejected the credential (401 or 403).
	ExitAuth ExitCode = 4
	// ExitNotFound means the workspace or memory does not exist (404).
	ExitNotFound ExitCode = 5
	// ExitGone means the workspace was removed or purged (410).
	ExitGone ExitCode = 6
	// ExitConflict means the request conflicts with the current state or the
	// workspace changed since the pre-flight read (409 or 412).
	ExitConflict ExitCode = 7
	// ExitRateLimited means a rate limit or the destructive budget was
	// exceeded (429).
	ExitRateLimited ExitCode = 8
	// ExitInterrupted means the operator pressed Ctrl-C (128 + SIGINT).
	ExitInterrupted ExitCode = 130
)

// Error is a command failure with an exit code and hints. Main prints Err
// first and then each hint on its own stderr line.
type Error struct {
	Code  ExitCode
	Err   error
	Hints []string
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a message formatted as
// fmt.Errorf does, so %w keeps the cause reachable.
func Errorf(code ExitCode, format string, args ...any) *Error {
	return &Error{Code: code, Err: fmt.Errorf(format, args...)}
}

// WithHint returns e with hint appended; hints are printed after the error.
func (e *Error) WithHint(hint ...string) *Error {
	e.Hints = append(e.Hints, hint...)
	return e
}

// FlagError reports bad flags or arguments. Main prints it with a pointer to
// --help and exits with ExitUsage.
type FlagError struct{ Err error }

func (e *FlagError) Error() string { return e.Err.Error() }
func (e *FlagError) Unwrap() error { return e.Err }

// FlagErrorf returns a *FlagError formatted as fmt.Errorf does.
func FlagErrorf(format string, args ...any) error {
	return &FlagError{Err: fmt.Errorf(format, args...)}
}

// ConfirmErrorf returns an ExitConfirm error: a destructive action was not
// confirmed, so nothing was sent and nothing changed.
func ConfirmErrorf(format string, args ...any) *Error {
	return Errorf(ExitConfirm, format, args...)
}

// InterruptedError reports that the operator pressed Ctrl-C. Changed tells
// whether the platform may have applied a change before the interruption.
type InterruptedError struct {
	// Changed is false when wsctl knows no mutating request was sent.
	Changed bool
	// Workspace is the id to check after a sent request, or "".
	Workspace string
}

func (e *InterruptedError) Error() string {
	if e.Changed {
		return strings.TrimSpace("interrupted: the request was already sent, check the workspace with " + Command("ws", "get", e.Workspace))
	}
	return "interrupted: nothing was changed"
}

// ErrInterruptedNothingChanged is the interruption of a command that had sent
// no mutating request.
var ErrInterruptedNothingChanged = &InterruptedError{}

// IsInterrupt reports whether err comes from Ctrl-C: an *InterruptedError or
// the command context's cancellation.
func IsInterrupt(err error) bool {
	var ie *InterruptedError
	return errors.As(err, &ie) || errors.Is(err, context.Canceled)
}
