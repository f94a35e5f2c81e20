// Package output is the CLI's terminal layer: IO streams with TTY detection,
// colour, tables, JSON, time formats, a spinner and name quoting.
//
// Data goes to Out only. Prompts, progress, hints and errors go to ErrOut,
// so a script that pipes stdout gets data and nothing else.
package output

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// defaultTerminalWidth is the width assumed when stdout is not a terminal or
// its size cannot be read.
const defaultTerminalWidth = 80

// IOStreams owns the CLI's standard streams and what is known about them.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdinTTY  bool
	stdoutTTY bool
	stderrTTY bool

	// colorEnv contains the colour variables read once at construction, so
	// ColorEnabled returns the same result for a whole command run.
	colorEnv      colorEnv
	colorOverride *bool

	terminalWidth func() int
}

// System returns IOStreams bound to the process's stdin, stdout and stderr.
// It detects which of them are terminals from the file descriptors and reads
// the colour settings from NO_COLOR, CLICOLOR, CLICOLOR_FORCE and TERM.
func System() *IOStreams {
	ios := &IOStreams{
		In:        os.Stdin,
		Out:       os.Stdout,
		ErrOut:    os.Stderr,
		stdinTTY:  isTerminal(os.Stdin),
		stdoutTTY: isTerminal(os.Stdout),
		stderrTTY: isTerminal(os.Stderr),
		colorEnv:  readColorEnv(os.Getenv),
	}
	ios.terminalWidth = func() int {
		width, _, err := term.GetSize(int(os.Stdout.Fd()))
		if err != nil || width <= 0 {
			return defaultTerminalWidth
		}
		return width
	}
	return ios
}

// Test returns IOStreams over in-memory buffers for tests. No stream is a
// TTY, colour is off and the environment is ignored until a Set method
// changes that.
func Test() (ios *IOStreams, in *bytes.Buffer, out *bytes.Buffer, errOut *bytes.Buffer) {
	in = &bytes.Buffer{}
	out = &bytes.Buffer{}
	errOut = &bytes.Buffer{}
	ios = &IOStreams{
		In:            in,
		Out:           out,
		ErrOut:        errOut,
		terminalWidth: func() int { return defaultTerminalWidth },
	}
	return ios, in, out, errOut
}

func isTerminal(f *os.File) bool {
	return term.IsTerminal(int(f.Fd()))
}

// IsStdinTTY reports whether stdin is a terminal.
func (s *IOStreams) IsStdinTTY() bool { return s.stdinTTY }

// IsStdoutTTY reports whether stdout is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }

// IsStderrTTY reports whether stderr is a terminal.
func (s *IOStreams) IsStderrTTY() bool { return s.stderrTTY }

// SetStdinTTY overrides whether stdin counts as a terminal.
func (s *IOStreams) SetStdinTTY(isTTY bool) { s.stdinTTY = isTTY }

// SetStdoutTTY overrides whether stdout counts as a terminal.
func (s *IOStreams) SetStdoutTTY(isTTY bool) { s.stdoutTTY = isTTY }

// SetStderrTTY overrides whether stderr counts as a terminal.
func (s *IOStreams) SetStderrTTY(isTTY bool) { s.stderrTTY = isTTY }

// SetColorEnabled forces colour on or off, ignoring the TTY and environment.
func (s *IOStreams) SetColorEnabled(enabled bool) { s.colorOverride = &enabled }

// SetTerminalWidth fixes the width that TerminalWidth returns.
func (s *IOStreams) SetTerminalWidth(width int) {
	s.terminalWidth = func() int { return width }
}

// TerminalWidth returns the width of stdout in columns, or 80 when stdout is
// not a terminal or its size cannot be read.
func (s *IOStreams) TerminalWidth() int {
	if s.terminalWidth == nil {
		return defaultTerminalWidth
	}
	return s.terminalWidth()
}

// ColorEnabled reports whether Out may carry ANSI colour codes.
//
// The rules, first match wins: SetColorEnabled; NO_COLOR set non-empty turns
// colour off; CLICOLOR_FORCE set to anything but "" or "0" turns it on even
// when stdout is piped; CLICOLOR=0 or TERM=dumb turns it off; otherwise colour
// follows whether stdout is a terminal.
func (s *IOStreams) ColorEnabled() bool {
	if s.colorOverride != nil {
		return *s.colorOverride
	}
	return s.colorEnv.enabled(s.stdoutTTY)
}

type colorEnv struct {
	noColor       string
	cliColor      string
	cliColorForce string
	term          string
}

func readColorEnv(getenv func(string) string) colorEnv {
	return colorEnv{
		noColor:       getenv("NO_COLOR"),
		cliColor:      getenv("CLICOLOR"),
		cliColorForce: getenv("CLICOLOR_FORCE"),
		term:          getenv("TERM"),
	}
}

func (e colorEnv) enabled(stdoutTTY bool) bool {
	switch {
	case e.noColor != "":
		return false
	case e.cliColorForce != "" && e.cliColorForce != "0":
		return true
	case e.cliColor == "0", e.term == "dumb":
		return false
	default:
		return stdoutTTY
	}
}
