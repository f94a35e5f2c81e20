// Package prompt asks the operator questions on the terminal.
//
// Commands depend on the Prompter interface. NewHuhPrompter is the real
// implementation and prompt/prompttest has a scripted one for tests. Whether
// prompting is possible at all (a terminal on stdin, no --yes, and so on) is
// for the command to decide before it calls a Prompter.
package prompt

import "errors"

// ErrNoAnswer is returned when input ends before the operator answered.
// End of input is never taken as Enter or as a default answer.
var ErrNoAnswer = errors.New("no answer")

// ErrInterrupted is returned when the operator pressed Ctrl-C.
var ErrInterrupted = errors.New("interrupted")

// Prompter asks questions. Implementations write prompts to stderr, never
// to stdout, so piped data stays clean.
type Prompter interface {
	// Input asks for a line of text and returns it exactly as typed, with
	// no trimming. It re-asks until Validate accepts the answer, and
	// returns ErrNoAnswer or ErrInterrupted when no answer comes.
	Input(p InputPrompt) (string, error)

	// Confirm asks a yes-or-no question. There is no default answer: an
	// empty line is re-asked, and only an explicit yes returns true.
	Confirm(p ConfirmPrompt) (bool, error)
}

// InputPrompt describes one text question.
type InputPrompt struct {
	Title       string
	Description string
	Placeholder string

	// Validate, when set, returns an error explaining why an answer is not
	// accepted. The error is shown and the question is asked again.
	Validate func(string) error
}

// ConfirmPrompt describes one yes-or-no question.
type ConfirmPrompt struct {
	Title       string
	Description string

	// Affirmative and Negative label the two choices. Empty labels mean
	// "Yes" and "No".
	Affirmative string
	Negative    string
}

func (p ConfirmPrompt) labels() (affirmative, negative string) {
	affirmative, negative = p.Affirmative, p.Negative
	if affirmative == "" {
		affirmative = "Yes"
	}
	if negative == "" {
		negative = "No"
	}
	return affirmative, negative
}
