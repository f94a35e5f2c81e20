package prompt

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/huh"
)

// HuhPrompter asks questions with charmbracelet/huh, writing every prompt to
// the error stream.
//
// In accessible mode it prints plain prompts and reads one line per answer,
// which suits screen readers, TERM=dumb and piped input. There huh itself
// would return the default at end of input, so HuhPrompter accepts only
// answers that passed validation and returns ErrNoAnswer otherwise.
// Without accessible mode the in reader must be a terminal.
//
// NOTE: Ctrl-C maps to ErrInterrupted only in interactive mode, where the
// terminal is raw and huh reads the key. In accessible mode the terminal
// sends SIGINT, which the command must handle itself.
type HuhPrompter struct {
	in         io.Reader
	lines      *lineReader
	errOut     io.Writer
	accessible bool
}

var _ Prompter = (*HuhPrompter)(nil)

// NewHuhPrompter returns a Prompter reading answers from in and writing
// prompts to errOut. The caller decides accessible, for example from
// --accessible, WSCTL_ACCESSIBLE=1, TERM=dumb or a stdin that is not a
// terminal: huh's own TERM=dumb check is overridden by this setting.
func NewHuhPrompter(in io.Reader, errOut io.Writer, accessible bool) *HuhPrompter {
	return &HuhPrompter{
		in:         in,
		lines:      newLineReader(in),
		errOut:     errOut,
		accessible: accessible,
	}
}

// Input implements Prompter.
func (h *HuhPrompter) Input(p InputPrompt) (string, error) {
	q := h.buildInput(p)
	if err := h.run(q.form); err != nil {
		return "", err
	}
	return h.answer(q)
}

// Confirm implements Prompter.
func (h *HuhPrompter) Confirm(p ConfirmPrompt) (bool, error) {
	if h.accessible {
		q := h.buildAccessibleConfirm(p)
		if err := h.run(q.form); err != nil {
			return false, err
		}
		typed, err := h.answer(q)
		if err != nil {
			return false, err
		}
		return parseChoice(typed, p)
	}

	form, choice := h.buildConfirm(p)
	if err := h.run(form); err != nil {
		return false, err
	}
	return *choice, nil
}

// run runs a built form and turns huh's errors into this package's.
func (h *HuhPrompter) run(form *huh.Form) error {
	err := form.Run()
	switch {
	case err == nil:
		return nil
	case errors.Is(err, huh.ErrUserAborted):
		return ErrInterrupted
	case errors.Is(err, huh.ErrTimeout):
		return fmt.Errorf("prompt timed out: %w", err)
	default:
		return fmt.Errorf("prompt failed: %w", err)
	}
}

// answer returns the text a question ended with. In accessible mode that is
// the last line the validator accepted, taken as typed: huh trims its own
// copy of the value and substitutes the default at end of input.
func (h *HuhPrompter) answer(q *inputQuestion) (string, error) {
	if !h.accessible {
		return *q.value, nil
	}

	if q.recorder.accepted {
		return q.recorder.value, nil
	}
	if h.lines.err != nil {
		return "", fmt.Errorf("read answer: %w", h.lines.err)
	}
	if q.recorder.rejection != nil {
		return "", fmt.Errorf("%w: the last answer was not accepted: %w", ErrNoAnswer, q.recorder.rejection)
	}
	return "", ErrNoAnswer
}

// parseChoice maps a typed confirm answer to a choice. Validation has
// already accepted it, so anything but an affirmative answer is negative.
func parseChoice(typed string, p ConfirmPrompt) (bool, error) {
	affirmative, _ := p.labels()
	answer := strings.ToLower(strings.TrimSpace(typed))
	return answer == "y" || answer == "yes" || answer == strings.ToLower(affirmative), nil
}

// checkChoice accepts y, yes, n, no and the two labels, in any case.
func checkChoice(typed string, p ConfirmPrompt) error {
	affirmative, negative := p.labels()
	answer := strings.ToLower(strings.TrimSpace(typed))
	switch answer {
	case "y", "yes", "n", "no", strings.ToLower(affirmative), strings.ToLower(negative):
		return nil
	case "":
		return fmt.Errorf("an answer is required: type y for %s or n for %s", affirmative, negative)
	default:
		return fmt.Errorf("%q is not an answer: type y for %s or n for %s", strings.TrimSpace(typed), affirmative, negative)
	}
}
