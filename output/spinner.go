package output

import (
	"fmt"
	"sync"
	"time"
)

const spinnerInterval = 100 * time.Millisecond

var spinnerFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

// eraseLine returns the cursor to column 0 and clears the line.
const eraseLine = "\r\x1b[K"

// Spinner shows progress on ErrOut. It animates only when both stdout and
// stderr are terminals. When stderr is a terminal but stdout is piped it
// writes the label once as a plain line, and when stderr is not a terminal
// it writes nothing. Start and Stop are safe to call from any goroutine, and
// Stop may be called more than once.
type Spinner struct {
	ios *IOStreams

	// newTicker returns a tick channel and its stop function. Tests replace
	// it with a channel they feed by hand.
	newTicker func() (<-chan time.Time, func())

	mu      sync.Mutex
	label   string
	running bool
	stop    chan struct{}
	done    chan struct{}
}

// NewSpinner returns a stopped spinner writing to ios.ErrOut.
func NewSpinner(ios *IOStreams) *Spinner {
	return &Spinner{
		ios: ios,
		newTicker: func() (<-chan time.Time, func()) {
			ticker := time.NewTicker(spinnerInterval)
			return ticker.C, ticker.Stop
		},
	}
}

// Start shows label with the spinner. Calling Start while running replaces
// the label.
func (s *Spinner) Start(label string) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.label = label
	if s.running {
		return
	}

	if !s.animated() {
		if s.ios.IsStderrTTY() {
			fmt.Fprintln(s.ios.ErrOut, label)
		}
		return
	}

	s.running = true
	s.stop = make(chan struct{})
	s.done = make(chan struct{})
	ticks, stopTicker := s.newTicker()
	s.drawLocked(0)
	go s.animate(ticks, stopTicker, s.stop, s.done)
}

// Stop clears the spinner line and waits until the animation goroutine has
// exited, so nothing is written to ErrOut after Stop returns.
func (s *Spinner) Stop() {
	s.mu.Lock()
	if !s.running {
		s.mu.Unlock()
		return
	}
	s.running = false
	close(s.stop)
	done := s.done
	s.mu.Unlock()

	<-done

	s.mu.Lock()
	fmt.Fprint(s.ios.ErrOut, eraseLine)
	s.mu.Unlock()
}

func (s *Spinner) animated() bool {
	return s.ios.IsStdoutTTY() && s.ios.IsStderrTTY()
}

func (s *Spinner) animate(ticks <-chan time.Time, stopTicker func(), stop, done chan struct{}) {
	defer close(done)
	defer stopTicker()

	for frame := 1; ; frame++ {
		select {
		case <-stop:
			return
		case <-ticks:
			s.mu.Lock()
			s.drawLocked(frame)
			s.mu.Unlock()
		}
	}
}

func (s *Spinner) drawLocked(frame int) {
	symbol := spinnerFrames[frame%len(spinnerFrames)]
	fmt.Fprintf(s.ios.ErrOut, "%s%s %s", eraseLine, symbol, s.label)
}
