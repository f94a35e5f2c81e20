package prompt

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/huh"
)

func TestBuildConfirmDefaultsToNegative(t *testing.T) {
	h := NewHuhPrompter(strings.NewReader(""), io.Discard, false)

	form, choice := h.buildConfirm(ConfirmPrompt{Title: "Purge workspace?"})

	field, ok := focusedField(form).(*huh.Confirm)
	if !ok {
		t.Fatalf("focused field is %T, want *huh.Confirm", focusedField(form))
	}
	if got := field.GetValue(); got != false {
		t.Errorf("initial value = %v, want false", got)
	}
	if *choice {
		t.Errorf("choice = true before any answer, want false")
	}
}

func TestBuildAccessibleConfirmIsTextQuestion(t *testing.T) {
	h := NewHuhPrompter(strings.NewReader(""), io.Discard, true)

	q := h.buildAccessibleConfirm(ConfirmPrompt{Title: "Purge workspace?"})

	if _, ok := q.form.GetFocusedField().(*huh.Input); !ok {
		t.Errorf("focused field is %T, want *huh.Input", q.form.GetFocusedField())
	}
}

func TestBuildInputWithDescription(t *testing.T) {
	tests := []struct {
		name       string
		accessible bool
		wantFirst  string
	}{
		{name: "interactive", accessible: false, wantFirst: "*huh.Input"},
		{name: "accessible shows a note first", accessible: true, wantFirst: "*huh.Note"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := NewHuhPrompter(strings.NewReader(""), io.Discard, tt.accessible)

			q := h.buildInput(InputPrompt{Title: "Name", Description: "2 tasks running"})

			if got := fmt.Sprintf("%T", focusedField(q.form)); got != tt.wantFirst {
				t.Errorf("first field is %s, want %s", got, tt.wantFirst)
			}
		})
	}
}

// focusedField returns the focused field without the help line wrapper.
func focusedField(form *huh.Form) huh.Field {
	field := form.GetFocusedField()
	if wrapped, ok := field.(*cancelHelpField); ok {
		return wrapped.Field
	}
	return field
}

// TestBuildFormHelpNamesCancel checks the help line of each interactive
// form: the field's own keys, then ctrl+c with "cancel".
func TestBuildFormHelpNamesCancel(t *testing.T) {
	h := NewHuhPrompter(strings.NewReader(""), io.Discard, false)
	confirmForm, _ := h.buildConfirm(ConfirmPrompt{Title: "Purge workspace?"})
	tests := []struct {
		name     string
		form     *huh.Form
		wantHelp string
	}{
		{name: "input", form: h.buildInput(InputPrompt{Title: "Name"}).form, wantHelp: "enter submit • ctrl+c cancel"},
		{name: "confirm", form: confirmForm, wantHelp: "←/→ toggle • enter submit • y Yes • n No • ctrl+c cancel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			binds := tt.form.KeyBinds()
			if len(binds) == 0 {
				t.Fatal("key bindings: got none, want the field's and ctrl+c")
			}
			quit := binds[len(binds)-1]
			if got := quit.Help(); got.Key != "ctrl+c" || got.Desc != "cancel" {
				t.Errorf("last binding help: got %q %q, want %q %q", got.Key, got.Desc, "ctrl+c", "cancel")
			}
			if got := strings.Join(quit.Keys(), ","); got != "ctrl+c" {
				t.Errorf("last binding keys: got %q, want %q", got, "ctrl+c")
			}
			if got := tt.form.Help().ShortHelpView(binds); got != tt.wantHelp {
				t.Errorf("help line: got %q, want %q", got, tt.wantHelp)
			}
		})
	}
}

// The interactive tests feed key bytes through a reader that is not a
// terminal. Bubble Tea then reads them without switching to raw mode.

func TestInteractiveCtrlC(t *testing.T) {
	tests := []struct {
		name string
		ask  func(*HuhPrompter) error
	}{
		{name: "input", ask: func(h *HuhPrompter) error {
			_, err := h.Input(InputPrompt{Title: "Name"})
			return err
		}},
		{name: "confirm", ask: func(h *HuhPrompter) error {
			_, err := h.Confirm(ConfirmPrompt{Title: "Restore?"})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			h := NewHuhPrompter(strings.NewReader("\x03"), &stderr, false)

			err := tt.ask(h)

			if !errors.Is(err, ErrInterrupted) {
				t.Errorf("error = %v, want ErrInterrupted", err)
			}
		})
	}
}

func TestInteractiveInput(t *testing.T) {
	var stderr bytes.Buffer
	h := NewHuhPrompter(strings.NewReader("prod\r"), &stderr, false)

	got, err := h.Input(InputPrompt{Title: "Name"})

	if err != nil {
		t.Fatalf("Input() error = %v", err)
	}
	if got != "prod" {
		t.Errorf("Input() = %q, want %q", got, "prod")
	}
}

func TestInteractiveConfirmEnterIsNegative(t *testing.T) {
	var stderr bytes.Buffer
	h := NewHuhPrompter(strings.NewReader("\r"), &stderr, false)

	got, err := h.Confirm(ConfirmPrompt{Title: "Purge workspace?"})

	if err != nil {
		t.Fatalf("Confirm() error = %v", err)
	}
	if got {
		t.Errorf("Confirm() after Enter = true, want false")
	}
}
