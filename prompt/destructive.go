package prompt

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Reason length limits in characters (Unicode code points) after trimming
// spaces at either end. They match what the guarded server accepts by
// default.
const (
	DefaultReasonMinLength = 8
	DefaultReasonMaxLength = 1000
)

// DestructiveSpec describes a destructive action to confirm.
type DestructiveSpec struct {
	// Action is the verb phrase shown to the operator, such as
	// "delete workspace" or "purge workspace".
	Action string

	// Name is the workspace's current name. The operator must type it
	// exactly, as CheckName compares.
	Name string

	// Impact, when set, is shown under the name question, for example the
	// counts of tasks, schedules and memories that go with the workspace.
	Impact string

	// ReasonMinLength and ReasonMaxLength bound the reason; zero means
	// DefaultReasonMinLength and DefaultReasonMaxLength.
	ReasonMinLength int
	ReasonMaxLength int
}

func (s DestructiveSpec) reasonLimits() (minLength, maxLength int) {
	minLength, maxLength = s.ReasonMinLength, s.ReasonMaxLength
	if minLength <= 0 {
		minLength = DefaultReasonMinLength
	}
	if maxLength <= 0 {
		maxLength = DefaultReasonMaxLength
	}
	return minLength, maxLength
}

// ConfirmDestructive asks the operator to type the workspace name and then a
// reason, and returns the reason with spaces at either end trimmed. A wrong
// name is explained and asked again by the prompter. Answers are checked
// again after the prompter returns, so a prompter that skips Validate cannot
// confirm a wrong name.
func ConfirmDestructive(p Prompter, spec DestructiveSpec) (reason string, err error) {
	minLength, maxLength := spec.reasonLimits()
	if minLength > maxLength {
		return "", fmt.Errorf("reason length limits are inverted: minimum %d is above maximum %d", minLength, maxLength)
	}

	typed, err := p.Input(InputPrompt{
		Title:       fmt.Sprintf("To %s %s, type its name", spec.Action, strconv.Quote(spec.Name)),
		Description: spec.Impact,
		Validate:    func(answer string) error { return CheckName(answer, spec.Name) },
	})
	if err != nil {
		return "", err
	}
	if err := CheckName(typed, spec.Name); err != nil {
		return "", err
	}

	answer, err := p.Input(InputPrompt{
		Title:       "Reason, recorded in the audit log",
		Description: fmt.Sprintf("%d to %d characters on one line.", minLength, maxLength),
		Validate: func(answer string) error {
			_, err := CheckReason(answer, minLength, maxLength)
			return err
		},
	})
	if err != nil {
		return "", err
	}
	return CheckReason(answer, minLength, maxLength)
}

// CheckReason returns reason with spaces at either end trimmed, or an error
// when the trimmed reason is blank, shorter than minLength or longer than
// maxLength characters, or contains a control character such as a tab or a
// line break.
func CheckReason(reason string, minLength, maxLength int) (string, error) {
	trimmed := strings.TrimSpace(reason)
	if trimmed == "" {
		return "", fmt.Errorf("a reason is required: write %d to %d characters saying why", minLength, maxLength)
	}

	if !utf8.ValidString(trimmed) {
		return "", fmt.Errorf("the reason is not valid UTF-8: retype it as plain text")
	}
	if i := strings.IndexFunc(trimmed, unicode.IsControl); i >= 0 {
		r, _ := utf8.DecodeRuneInString(trimmed[i:])
		position := utf8.RuneCountInString(trimmed[:i]) + 1
		return "", fmt.Errorf("the reason contains control character %U at character %d: write it on one line without tabs", r, position)
	}

	length := utf8.RuneCountInString(trimmed)
	if length < minLength {
		return "", fmt.Errorf("the reason is too short: %s, minimum %d", characters(length), minLength)
	}
	if length > maxLength {
		return "", fmt.Errorf("the reason is too long: %s, maximum %d", characters(length), maxLength)
	}
	return trimmed, nil
}

// characters formats a length as "1 character" or "n characters".
func characters(n int) string {
	if n == 1 {
		return "1 character"
	}
	return fmt.Sprintf("%d characters", n)
}
