package output_test

import (
	"testing"

	"github.com/wsctl/wsctl/output"
)

func TestColorEnabled(t *testing.T) {
	tests := []struct {
		name          string
		stdoutTTY     bool
		noColor       string
		cliColor      string
		cliColorForce string
		term          string
		want          bool
	}{
		{name: "tty", stdoutTTY: true, term: "xterm-256color", want: true},
		{name: "not a tty", stdoutTTY: false, term: "xterm-256color", want: false},
		{name: "no_color set", stdoutTTY: true, noColor: "1", want: false},
		{name: "no_color any value", stdoutTTY: true, noColor: "false", want: false},
		{name: "clicolor zero", stdoutTTY: true, cliColor: "0", want: false},
		{name: "clicolor one", stdoutTTY: true, cliColor: "1", want: true},
		{name: "clicolor_force piped", stdoutTTY: false, cliColorForce: "1", want: true},
		{name: "clicolor_force zero", stdoutTTY: false, cliColorForce: "0", want: false},
		{name: "force beats clicolor zero", stdoutTTY: false, cliColor: "0", cliColorForce: "1", want: true},
		{name: "no_color beats force", stdoutTTY: true, noColor: "1", cliColorForce: "1", want: false},
		{name: "dumb terminal", stdoutTTY: true, term: "dumb", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("NO_COLOR", tt.noColor)
			t.Setenv("CLICOLOR", tt.cliColor)
			t.Setenv("CLICOLOR_FORCE", tt.cliColorForce)
			t.Setenv("TERM", tt.term)

			ios := output.System()
			ios.SetStdoutTTY(tt.stdoutTTY)

			if got := ios.ColorEnabled(); got != tt.want {
				t.Errorf("ColorEnabled() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestColorEnabledOverride(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	ios := output.System()
	ios.SetColorEnabled(true)

	if got := ios.ColorEnabled(); !got {
		t.Errorf("ColorEnabled() after SetColorEnabled(true) = %v, want true", got)
	}
}

func TestTestStreamsDefaults(t *testing.T) {
	t.Setenv("CLICOLOR_FORCE", "1")
	ios, _, _, _ := output.Test()

	if ios.IsStdinTTY() || ios.IsStdoutTTY() || ios.IsStderrTTY() {
		t.Errorf("TTY answers = %v %v %v, want all false", ios.IsStdinTTY(), ios.IsStdoutTTY(), ios.IsStderrTTY())
	}
	if ios.ColorEnabled() {
		t.Errorf("ColorEnabled() = true, want false: Test ignores the environment")
	}
	if got := ios.TerminalWidth(); got != 80 {
		t.Errorf("TerminalWidth() = %d, want 80", got)
	}

	ios.SetStdinTTY(true)
	ios.SetStdoutTTY(true)
	ios.SetStderrTTY(true)
	ios.SetTerminalWidth(132)
	if !ios.IsStdinTTY() || !ios.IsStdoutTTY() || !ios.IsStderrTTY() {
		t.Errorf("TTY answers after Set = %v %v %v, want all true", ios.IsStdinTTY(), ios.IsStdoutTTY(), ios.IsStderrTTY())
	}
	if !ios.ColorEnabled() {
		t.Errorf("ColorEnabled() with stdout a TTY = false, want true")
	}
	if got := ios.TerminalWidth(); got != 132 {
		t.Errorf("TerminalWidth() = %d, want 132", got)
	}
}

func TestSystemPipedWidth(t *testing.T) {
	// Under go test stdout is a pipe or file, never a terminal.
	ios := output.System()
	if ios.IsStdoutTTY() {
		t.Skip("stdout is a terminal in this run")
	}
	if got := ios.TerminalWidth(); got != 80 {
		t.Errorf("TerminalWidth() = %d, want 80", got)
	}
}
