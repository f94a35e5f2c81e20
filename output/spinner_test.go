package output

import (
	"testing"
	"time"
)

// fakeTicker is fed by the test. Sends on the unbuffered channel return
// only once the spinner goroutine has taken the tick.
type fakeTicker struct {
	ticks   chan time.Time
	stopped bool
}

func newTestSpinner(ios *IOStreams) (*Spinner, *fakeTicker) {
	ticker := &fakeTicker{ticks: make(chan time.Time)}
	spinner := NewSpinner(ios)
	spinner.newTicker = func() (<-chan time.Time, func()) {
		return ticker.ticks, func() { ticker.stopped = true }
	}
	return spinner, ticker
}

func TestSpinnerAnimates(t *testing.T) {
	ios, _, out, errOut := Test()
	ios.SetStdoutTTY(true)
	ios.SetStderrTTY(true)
	spinner, ticker := newTestSpinner(ios)

	spinner.Start("Deleting workspace")
	ticker.ticks <- time.Time{}
	ticker.ticks <- time.Time{}
	spinner.Stop()

	want := "\r\x1b[K⠋ Deleting workspace" +
		"\r\x1b[K⠙ Deleting workspace" +
		"\r\x1b[K⠹ Deleting workspace" +
		"\r\x1b[K"
	if got := errOut.String(); got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
	if got := out.String(); got != "" {
		t.Errorf("stdout = %q, want nothing", got)
	}
	if !ticker.stopped {
		t.Errorf("ticker still running after Stop")
	}
}

func TestSpinnerStopTwice(t *testing.T) {
	ios, _, _, errOut := Test()
	ios.SetStdoutTTY(true)
	ios.SetStderrTTY(true)
	spinner, _ := newTestSpinner(ios)

	spinner.Start("Purging")
	spinner.Stop()
	spinner.Stop()

	want := "\r\x1b[K⠋ Purging\r\x1b[K"
	if got := errOut.String(); got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
}

func TestSpinnerRestart(t *testing.T) {
	ios, _, _, errOut := Test()
	ios.SetStdoutTTY(true)
	ios.SetStderrTTY(true)
	spinner, ticker := newTestSpinner(ios)

	spinner.Start("Fetching")
	spinner.Start("Deleting")
	ticker.ticks <- time.Time{}
	spinner.Stop()
	spinner.Start("Verifying")
	spinner.Stop()

	want := "\r\x1b[K⠋ Fetching" +
		"\r\x1b[K⠙ Deleting" +
		"\r\x1b[K" +
		"\r\x1b[K⠋ Verifying" +
		"\r\x1b[K"
	if got := errOut.String(); got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
}

func TestSpinnerWithoutTerminal(t *testing.T) {
	tests := []struct {
		name      string
		stdoutTTY bool
		stderrTTY bool
		want      string
	}{
		{name: "stdout piped", stdoutTTY: false, stderrTTY: true, want: "Deleting workspace\n"},
		{name: "stderr piped", stdoutTTY: true, stderrTTY: false, want: ""},
		{name: "both piped", stdoutTTY: false, stderrTTY: false, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, out, errOut := Test()
			ios.SetStdoutTTY(tt.stdoutTTY)
			ios.SetStderrTTY(tt.stderrTTY)
			spinner, _ := newTestSpinner(ios)
			spinner.newTicker = func() (<-chan time.Time, func()) {
				t.Errorf("ticker started without both terminals")
				return nil, func() {}
			}

			spinner.Start("Deleting workspace")
			spinner.Stop()
			spinner.Stop()

			if got := errOut.String(); got != tt.want {
				t.Errorf("stderr = %q, want %q", got, tt.want)
			}
			if got := out.String(); got != "" {
				t.Errorf("stdout = %q, want nothing", got)
			}
		})
	}
}
