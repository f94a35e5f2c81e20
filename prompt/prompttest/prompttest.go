// Package prompttest provides a scripted prompt.Prompter for tests.
//
// Register the questions a command should ask, in order, with their
// answers. An unexpected question fails the test, and so does an answer
// left unused when the test ends.
//
//	pt := prompttest.New(t)
//	pt.ExpectInput(`To delete workspace "prod", type its name`, "prod")
//	pt.ExpectInput("Reason, recorded in the audit log", "rollback after incident")
package prompttest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/wsctl/wsctl/prompt"
)

type kind string

const (
	kindInput   kind = "input"
	kindConfirm kind = "confirm"
)

type expectation struct {
	kind   kind
	title  string
	text   string
	choice bool
	err    error
}

// Prompter answers questions from a script. It is safe for concurrent use.
type Prompter struct {
	t testing.TB

	mu       sync.Mutex
	script   []expectation
	verified bool
}

var _ prompt.Prompter = (*Prompter)(nil)

// New returns an empty script bound to t. Verify runs automatically when
// the test ends.
func New(t testing.TB) *Prompter {
	p := &Prompter{t: t}
	t.Cleanup(p.Verify)
	return p
}

// ExpectInput queues an Input question with exactly this title, answered
// with text. The answer goes through the question's Validate, and a
// rejected answer is returned as the error, as if the operator then gave up.
func (p *Prompter) ExpectInput(title, text string) {
	p.push(expectation{kind: kindInput, title: title, text: text})
}

// ExpectConfirm queues a Confirm question with exactly this title, answered
// with choice.
func (p *Prompter) ExpectConfirm(title string, choice bool) {
	p.push(expectation{kind: kindConfirm, title: title, choice: choice})
}

// ExpectInputError queues an Input question that fails with err, such as
// prompt.ErrNoAnswer or prompt.ErrInterrupted.
func (p *Prompter) ExpectInputError(title string, err error) {
	p.push(expectation{kind: kindInput, title: title, err: err})
}

// ExpectConfirmError queues a Confirm question that fails with err.
func (p *Prompter) ExpectConfirmError(title string, err error) {
	p.push(expectation{kind: kindConfirm, title: title, err: err})
}

// Input implements prompt.Prompter.
func (p *Prompter) Input(question prompt.InputPrompt) (string, error) {
	next, err := p.pop(kindInput, question.Title)
	if err != nil {
		return "", err
	}
	if next.err != nil {
		return "", next.err
	}

	if question.Validate != nil {
		if err := question.Validate(next.text); err != nil {
			return "", fmt.Errorf("prompttest: answer %q to %q was rejected: %w", next.text, question.Title, err)
		}
	}
	return next.text, nil
}

// Confirm implements prompt.Prompter.
func (p *Prompter) Confirm(question prompt.ConfirmPrompt) (bool, error) {
	next, err := p.pop(kindConfirm, question.Title)
	if err != nil {
		return false, err
	}
	return next.choice, next.err
}

// Verify fails the test for every queued answer that was not used. Calling
// it more than once reports the leftovers once.
func (p *Prompter) Verify() {
	p.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()

	if p.verified {
		return
	}
	p.verified = true
	for _, left := range p.script {
		p.t.Errorf("prompttest: %s question %q was expected but never asked", left.kind, left.title)
	}
}

func (p *Prompter) push(e expectation) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.script = append(p.script, e)
}

func (p *Prompter) pop(asked kind, title string) (expectation, error) {
	p.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()

	if len(p.script) == 0 {
		p.t.Errorf("prompttest: unexpected %s question %q: no more questions expected", asked, title)
		return expectation{}, fmt.Errorf("prompttest: unexpected %s question %q", asked, title)
	}

	next := p.script[0]
	if next.kind != asked || next.title != title {
		p.t.Errorf("prompttest: got %s question %q, want %s question %q", asked, title, next.kind, next.title)
		return expectation{}, fmt.Errorf("prompttest: unexpected %s question %q", asked, title)
	}
	p.script = p.script[1:]
	return next, nil
}
