package prompt

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/huh"
)

// The functions in this file only build forms; HuhPrompter runs them. Tests
// inspect the built forms without a terminal.

// inputQuestion is a built text question and where its answer lands.
type inputQuestion struct {
	form     *huh.Form
	value    *string
	recorder *recorder
}

// recorder keeps what the validator saw. In accessible mode huh calls the
// validator once per line read, so "accepted" after the run means the
// operator gave a valid answer before input ended.
type recorder struct {
	accepted  bool
	value     string
	rejection error
}

func (r *recorder) wrap(validate func(string) error) func(string) error {
	return func(answer string) error {
		r.accepted = false
		if validate != nil {
			if err := validate(answer); err != nil {
				r.rejection = err
				return err
			}
		}
		r.accepted = true
		r.value = answer
		r.rejection = nil
		return nil
	}
}

func (h *HuhPrompter) buildInput(p InputPrompt) *inputQuestion {
	q := &inputQuestion{value: new(string), recorder: &recorder{}}
	field := huh.NewInput().
		Title(p.Title).
		Placeholder(p.Placeholder).
		Validate(q.recorder.wrap(p.Validate)).
		Value(q.value)
	if !h.accessible {
		field.Description(p.Description)
	}
	q.form = h.newForm(p.Title, p.Description, field)
	return q
}

// buildAccessibleConfirm asks a confirm question as a line of text, because
// huh's accessible confirm takes an empty line or end of input as its
// default instead of making the operator choose.
func (h *HuhPrompter) buildAccessibleConfirm(p ConfirmPrompt) *inputQuestion {
	affirmative, negative := p.labels()
	title := fmt.Sprintf("%s [y/n]", p.Title)
	if p.Affirmative != "" || p.Negative != "" {
		title = fmt.Sprintf("%s [y: %s, n: %s]", p.Title, affirmative, negative)
	}

	return h.buildInput(InputPrompt{
		Title:       title,
		Description: p.Description,
		Validate:    func(answer string) error { return checkChoice(answer, p) },
	})
}

// buildConfirm builds the interactive confirm. The choice starts as false,
// so pressing Enter without moving selects the negative answer.
func (h *HuhPrompter) buildConfirm(p ConfirmPrompt) (*huh.Form, *bool) {
	affirmative, negative := p.labels()
	choice := new(bool)
	field := huh.NewConfirm().
		Title(p.Title).
		Description(p.Description).
		Affirmative(affirmative).
		Negative(negative).
		Value(choice)
	return h.newForm("", "", field), choice
}

// newForm puts field in a one-group form bound to the prompter's streams.
// In accessible mode, where huh prints titles but not descriptions, a
// non-empty description is shown in a note before the field, under the
// field's title, so that the question is read before its constraints.
// Otherwise the help line names ctrl+c next to the field's own keys.
func (h *HuhPrompter) newForm(title, description string, field huh.Field) *huh.Form {
	fields := []huh.Field{withCancelHelp(field)}
	if h.accessible {
		fields = []huh.Field{field}
		if description != "" {
			note := huh.NewNote().
				Title(strings.TrimSuffix(strings.TrimSpace(title), ":")).
				Description(description)
			fields = []huh.Field{note, field}
		}
	}

	form := huh.NewForm(huh.NewGroup(fields...)).
		WithKeyMap(cancelKeyMap()).
		WithAccessible(h.accessible).
		WithOutput(h.errOut).
		WithShowHelp(!h.accessible)
	if h.accessible {
		return form.WithInput(h.lines)
	}
	return form.WithInput(h.in)
}
