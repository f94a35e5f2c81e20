package prompttest_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/wsctl/wsctl/prompt"
	"github.com/wsctl/wsctl/prompt/prompttest"
)

// recordingT captures failures instead of failing the real test, so the
// tests can check that the scripted prompter reports them.
type recordingT struct {
	testing.TB
	errors   []string
	cleanups []func()
}

func (r *recordingT) Helper() {}

func (r *recordingT) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recordingT) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }

func (r *recordingT) finish() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

const (
	nameTitle   = `To delete workspace "prod", type its name`
	reasonTitle = "Reason, recorded in the audit log"
)

var deleteProd = prompt.DestructiveSpec{Action: "delete workspace", Name: "prod"}

func TestScriptedDestructive(t *testing.T) {
	pt := prompttest.New(t)
	pt.ExpectInput(nameTitle, "prod")
	pt.ExpectInput(reasonTitle, " rollback after incident ")

	reason, err := prompt.ConfirmDestructive(pt, deleteProd)

	if err != nil {
		t.Fatalf("ConfirmDestructive() error = %v", err)
	}
	if reason != "rollback after incident" {
		t.Errorf("reason = %q, want %q", reason, "rollback after incident")
	}
}

func TestScriptedErrors(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		wantErr error
	}{
		{name: "no answer", err: prompt.ErrNoAnswer, wantErr: prompt.ErrNoAnswer},
		{name: "interrupted", err: prompt.ErrInterrupted, wantErr: prompt.ErrInterrupted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pt := prompttest.New(t)
			pt.ExpectInput(nameTitle, "prod")
			pt.ExpectInputError(reasonTitle, tt.err)

			reason, err := prompt.ConfirmDestructive(pt, deleteProd)

			if !errors.Is(err, tt.wantErr) {
				t.Errorf("ConfirmDestructive() error = %v, want %v", err, tt.wantErr)
			}
			if reason != "" {
				t.Errorf("reason = %q, want \"\"", reason)
			}
		})
	}
}

func TestScriptedConfirm(t *testing.T) {
	pt := prompttest.New(t)
	pt.ExpectConfirm("Restore workspace?", true)
	pt.ExpectConfirmError("Purge workspace?", prompt.ErrInterrupted)

	got, err := pt.Confirm(prompt.ConfirmPrompt{Title: "Restore workspace?"})
	if err != nil || !got {
		t.Errorf("first Confirm() = %v, %v, want true, nil", got, err)
	}
	got, err = pt.Confirm(prompt.ConfirmPrompt{Title: "Purge workspace?"})
	if !errors.Is(err, prompt.ErrInterrupted) || got {
		t.Errorf("second Confirm() = %v, %v, want false, ErrInterrupted", got, err)
	}
}

func TestScriptedRejectedAnswer(t *testing.T) {
	pt := prompttest.New(t)
	pt.ExpectInput(nameTitle, "Prod")

	_, err := prompt.ConfirmDestructive(pt, deleteProd)

	want := `prompttest: answer "Prod" to "To delete workspace \"prod\", type its name" was rejected: ` +
		"the typed name differs in letter case, and names are case-sensitive"
	if err == nil || err.Error() != want {
		t.Errorf("ConfirmDestructive() error = %v, want %q", err, want)
	}
}

func TestScriptedFailures(t *testing.T) {
	tests := []struct {
		name       string
		script     func(*prompttest.Prompter)
		ask        func(*prompttest.Prompter)
		wantErrors []string
	}{
		{
			name:   "unexpected question",
			script: func(*prompttest.Prompter) {},
			ask: func(pt *prompttest.Prompter) {
				_, _ = pt.Input(prompt.InputPrompt{Title: "Name"})
			},
			wantErrors: []string{`prompttest: unexpected input question "Name": no more questions expected`},
		},
		{
			name:   "wrong title",
			script: func(pt *prompttest.Prompter) { pt.ExpectInput("Name", "prod") },
			ask: func(pt *prompttest.Prompter) {
				_, _ = pt.Input(prompt.InputPrompt{Title: "Reason"})
			},
			wantErrors: []string{
				`prompttest: got input question "Reason", want input question "Name"`,
				`prompttest: input question "Name" was expected but never asked`,
			},
		},
		{
			name:   "wrong kind",
			script: func(pt *prompttest.Prompter) { pt.ExpectConfirm("Purge?", true) },
			ask: func(pt *prompttest.Prompter) {
				_, _ = pt.Input(prompt.InputPrompt{Title: "Purge?"})
			},
			wantErrors: []string{
				`prompttest: got input question "Purge?", want confirm question "Purge?"`,
				`prompttest: confirm question "Purge?" was expected but never asked`,
			},
		},
		{
			name: "unused answer",
			script: func(pt *prompttest.Prompter) {
				pt.ExpectInput("Name", "prod")
				pt.ExpectConfirm("Sure?", true)
			},
			ask: func(pt *prompttest.Prompter) {
				_, _ = pt.Input(prompt.InputPrompt{Title: "Name"})
			},
			wantErrors: []string{`prompttest: confirm question "Sure?" was expected but never asked`},
		},
		{
			name:       "all used",
			script:     func(pt *prompttest.Prompter) { pt.ExpectInput("Name", "prod") },
			ask:        func(pt *prompttest.Prompter) { _, _ = pt.Input(prompt.InputPrompt{Title: "Name"}) },
			wantErrors: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt := &recordingT{}
			pt := prompttest.New(rt)
			tt.script(pt)

			tt.ask(pt)
			pt.Verify()
			rt.finish()

			if fmt.Sprint(rt.errors) != fmt.Sprint(tt.wantErrors) {
				t.Errorf("failures = %q, want %q", rt.errors, tt.wantErrors)
			}
		})
	}
}
