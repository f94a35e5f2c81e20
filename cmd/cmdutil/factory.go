package cmdutil

import (
	"strings"
	"sync/atomic"
	"time"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/output"
	"github.com/wsctl/wsctl/prompt"
)

// GlobalFlags are the root command's persistent flags. The root command
// binds them before any subcommand runs, so the Factory's lazy funcs read
// parsed values.
type GlobalFlags struct {
	// Output is OutputTable or OutputJSON.
	Output     string
	Target     TargetFlags
	Debug      bool
	NoPrompt   bool
	Accessible bool
}

// JSON reports whether -o json was given.
func (g *GlobalFlags) JSON() bool { return g.Output == OutputJSON }

// Factory supplies the dependencies of every command. The funcs are lazy,
// so a command that fails flag validation never reads the configuration,
// touches a token file or builds a client. Tests replace any of them.
type Factory struct {
	// AppVersion is the wsctl version, sent in the User-Agent header.
	AppVersion string
	IOStreams  *output.IOStreams
	// Getenv reads environment variables; tests pass a map lookup.
	Getenv func(string) string
	// Now is the clock for countdowns and relative times.
	Now   func() time.Time
	Flags *GlobalFlags
	// Changes records whether a mutating request has been sent, so an
	// interrupt can say truthfully whether anything changed.
	Changes *ChangeTracker

	// Config reads the configuration file.
	Config func() (*Config, error)
	// Target resolves the platform from flags, environment and profile.
	Target func() (*Target, error)
	// Client returns the API client for the target.
	Client func() (*client.Client, error)
	// CompletionClient returns a client for shell completion: no retries,
	// no debug trace and a short timeout.
	CompletionClient func() (*client.Client, error)
	// Prompter returns the interactive prompter. Commands call it only after
	// PromptBlocker returned "".
	Prompter func() prompt.Prompter

	closers []func() error
}

// PromptBlocker returns why wsctl must not prompt, or "" when it may. wsctl
// prompts only when stdin and stderr are terminals, CI is unset (or empty,
// "0", "false", "no" or "off" in any letter case), prompting
// is not disabled and stdin is not carrying the token.
func (f *Factory) PromptBlocker() string {
	switch {
	case f.Flags.NoPrompt:
		return "--no-prompt is set"
	case isTruthy(f.Getenv("WSCTL_NO_PROMPT")):
		return "WSCTL_NO_PROMPT is set"
	case isTruthy(f.Getenv("CI")):
		// CI systems set CI=true; CI=false or CI=0 says this is not one.
		return "CI is set"
	case f.Flags.Target.TokenFile == "-":
		return "the token is read from standard input"
	case !f.IOStreams.IsStdinTTY():
		return "standard input is not a terminal"
	case !f.IOStreams.IsStderrTTY():
		return "standard error is not a terminal"
	}
	return ""
}

// DebugEnabled reports whether --debug or WSCTL_DEBUG asks for a request
// trace on stderr.
func (f *Factory) DebugEnabled() bool {
	return f.Flags.Debug || isTruthy(f.Getenv("WSCTL_DEBUG"))
}

// AccessibleEnabled reports whether --accessible or WSCTL_ACCESSIBLE selects
// the prompter's screen-reader friendly mode.
func (f *Factory) AccessibleEnabled() bool {
	return f.Flags.Accessible || isTruthy(f.Getenv("WSCTL_ACCESSIBLE"))
}

// isTruthy reports whether a boolean environment variable is set. Any
// letter case of "false", "no" and "off" counts as unset, as does "0".
func isTruthy(value string) bool {
	switch strings.ToLower(strings.TrimSpace(value)) {
	case "", "0", "false", "no", "off":
		return false
	}
	return true
}

// ChangeTracker records whether a command sent a request that may have
// changed something on the platform, and whether the command stops cleanly by
// itself when its context is cancelled.
type ChangeTracker struct {
	sent     atomic.Bool
	graceful atomic.Bool
}

// MarkSent records that a mutating request is about to be sent.
func (c *ChangeTracker) MarkSent() { c.sent.Store(true) }

// ClearSent records that the platform answered the request sent since
// MarkSent with a refusal that changed nothing, such as a 412. A command
// that then prompts again can be interrupted with "nothing was changed".
func (c *ChangeTracker) ClearSent() { c.sent.Store(false) }

// Sent reports whether a request was marked sent and not cleared since.
func (c *ChangeTracker) Sent() bool { return c.sent.Load() }

// HandleInterrupts declares that the running command stops cleanly when its
// context is cancelled, as a server does on SIGTERM. Main then cancels the
// context on Ctrl-C instead of exiting at once.
func (c *ChangeTracker) HandleInterrupts() { c.graceful.Store(true) }

// HandlesInterrupts reports whether HandleInterrupts was called.
func (c *ChangeTracker) HandlesInterrupts() bool { return c.graceful.Load() }

// OnClose registers fn to run when the command finishes, such as closing
// the sandbox database. Close runs them in reverse order.
func (f *Factory) OnClose(fn func() error) { f.closers = append(f.closers, fn) }

// Close runs the functions registered with OnClose and returns the first
// error.
func (f *Factory) Close() error {
	var first error
	for i := len(f.closers) - 1; i >= 0; i-- {
		if err := f.closers[i](); err != nil && first == nil {
			first = err
		}
	}
	f.closers = nil
	return first
}
