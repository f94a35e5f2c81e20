package shared

import (
	"errors"
	"fmt"
	"strings"

	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/output"
	"github.com/wsctl/wsctl/prompt"
)

// ConfirmFlags are the --confirm-name and --reason flags of a destructive
// command. The *Set fields tell an empty value from an absent flag.
type ConfirmFlags struct {
	Name    string
	NameSet bool
	Reason  string
	// ReasonSet is true when --reason was given, even if empty.
	ReasonSet bool
}

// Confirmation is the checked name and reason a destructive request sends.
type Confirmation struct {
	// Name is the name the operator typed or passed, checked against the
	// workspace's current name.
	Name   string
	Reason string
}

// ConfirmRequest describes one destructive confirmation.
type ConfirmRequest struct {
	// Action is the verb phrase shown in prompts, such as "delete workspace".
	Action string
	// Name is the workspace's current name from the pre-flight read.
	Name  string
	Flags ConfirmFlags
	// Blocker is the reason wsctl must not prompt, or "" when it may.
	Blocker  string
	Prompter func() prompt.Prompter
}

// Confirm checks the confirmation flags against the workspace name and, on a
// terminal, asks for what the flags did not give. Without a terminal both
// flags are required. Every failure is an ExitConfirm error (or an
// interruption) and no message repeats the workspace name.
func Confirm(req ConfirmRequest) (*Confirmation, error) {
	checked, err := CheckConfirmFlags(req.Flags, req.Name)
	if err != nil {
		return nil, err
	}
	reason := checked.Reason

	if req.Flags.NameSet && req.Flags.ReasonSet {
		return &Confirmation{Name: req.Flags.Name, Reason: reason}, nil
	}
	if req.Blocker != "" {
		return nil, missingFlagsError(req)
	}

	p := req.Prompter()
	name := req.Flags.Name
	if !req.Flags.NameSet {
		typed, err := askName(p, req)
		if err != nil {
			return nil, err
		}
		name = typed
	}
	if !req.Flags.ReasonSet {
		typed, err := askReason(p)
		if err != nil {
			return nil, err
		}
		reason = typed
	}
	return &Confirmation{Name: name, Reason: reason}, nil
}

// CheckConfirmFlags applies the local checks of a destructive command to
// the confirmation flags that were given: --confirm-name must match name
// after NFC normalisation, and --reason must follow ReasonRule. A flag that
// was not given is not checked. A dry run calls it to fail exactly as the
// real run would.
func CheckConfirmFlags(flags ConfirmFlags, name string) (*Confirmation, error) {
	if flags.NameSet {
		if err := prompt.CheckNameAs(flags.Name, name, "the name given with --confirm-name"); err != nil {
			return nil, cmdutil.ConfirmErrorf("%w", err).
				WithHint("nothing was changed: pass the workspace's exact name, as shown above in quotes")
		}
	}
	checked := &Confirmation{Name: flags.Name}
	if flags.ReasonSet {
		reason, err := CheckReasonFlag(flags.Reason)
		if err != nil {
			return nil, err
		}
		checked.Reason = reason
	}
	return checked, nil
}

// ReasonRule states what a reason must be, for messages and help text.
var ReasonRule = fmt.Sprintf("a reason is %d to %d characters on one line, with no control characters",
	prompt.DefaultReasonMinLength, prompt.DefaultReasonMaxLength)

// CheckReasonFlag checks a --reason value and returns it trimmed as it will
// be sent. A reason is part of the confirmation of every command that takes
// one, so an invalid reason is an ExitConfirm error on all of them.
func CheckReasonFlag(reason string) (string, error) {
	checked, err := prompt.CheckReason(reason, prompt.DefaultReasonMinLength, prompt.DefaultReasonMaxLength)
	if err != nil {
		return "", cmdutil.ConfirmErrorf("invalid --reason: %w", err).
			WithHint("nothing was changed: " + ReasonRule)
	}
	return checked, nil
}

func missingFlagsError(req ConfirmRequest) error {
	var missing, passes []string
	if !req.Flags.NameSet {
		missing = append(missing, "--confirm-name")
		passes = append(passes, "--confirm-name with the workspace's exact name")
	}
	if !req.Flags.ReasonSet {
		missing = append(missing, "--reason")
		passes = append(passes, "--reason saying why")
	}
	return cmdutil.ConfirmErrorf("missing %s: wsctl cannot prompt because %s", strings.Join(missing, " and "), req.Blocker).
		WithHint("nothing was changed: pass " + strings.Join(passes, " and "))
}

func askName(p prompt.Prompter, req ConfirmRequest) (string, error) {
	typed, err := p.Input(prompt.InputPrompt{
		// The title ends with ": " because huh's accessible mode prints the
		// typed text right after it on the same line.
		Title:    fmt.Sprintf("To %s %s, type its name: ", req.Action, output.QuoteName(req.Name)),
		Validate: func(answer string) error { return prompt.CheckName(answer, req.Name) },
	})
	if err != nil {
		return "", promptError(err)
	}
	if err := prompt.CheckName(typed, req.Name); err != nil {
		return "", cmdutil.ConfirmErrorf("%w: nothing was changed", err)
	}
	return typed, nil
}

func askReason(p prompt.Prompter) (string, error) {
	minLength, maxLength := prompt.DefaultReasonMinLength, prompt.DefaultReasonMaxLength
	check := func(answer string) error {
		_, err := prompt.CheckReason(answer, minLength, maxLength)
		return err
	}
	typed, err := p.Input(prompt.InputPrompt{
		Title:       "Reason, recorded in the audit log: ",
		Description: fmt.Sprintf("%d to %d characters on one line.", minLength, maxLength),
		Validate:    check,
	})
	if err != nil {
		return "", promptError(err)
	}
	reason, err := prompt.CheckReason(typed, minLength, maxLength)
	if err != nil {
		return "", cmdutil.ConfirmErrorf("%w: nothing was changed", err)
	}
	return reason, nil
}

// AskYesNo asks a yes-or-no question on a terminal. Without a terminal it
// returns an ExitConfirm error naming flag, which gives the same consent.
func AskYesNo(blocker string, prompter func() prompt.Prompter, question prompt.ConfirmPrompt, flag string) error {
	if blocker != "" {
		return cmdutil.ConfirmErrorf("missing %s: wsctl cannot prompt because %s", flag, blocker).
			WithHint("nothing was changed")
	}
	yes, err := prompter().Confirm(question)
	if err != nil {
		return promptError(err)
	}
	if !yes {
		return cmdutil.ConfirmErrorf("declined: nothing was changed")
	}
	return nil
}

// promptError maps the prompter's end-of-input and Ctrl-C errors to exit
// codes 3 and 130; both mean nothing was sent.
func promptError(err error) error {
	switch {
	case errors.Is(err, prompt.ErrInterrupted):
		return cmdutil.ErrInterruptedNothingChanged
	case errors.Is(err, prompt.ErrNoAnswer):
		noAnswer := cmdutil.ConfirmErrorf("no answer before the end of input: nothing was changed")
		// The prompter wraps ErrNoAnswer with the reason the last line typed
		// was rejected, such as a name mismatch. It goes on its own line.
		if detail, found := strings.CutPrefix(err.Error(), prompt.ErrNoAnswer.Error()+": "); found {
			noAnswer.WithHint(detail)
		}
		return noAnswer
	}
	return cmdutil.ConfirmErrorf("prompt failed: %w: nothing was changed", err)
}
