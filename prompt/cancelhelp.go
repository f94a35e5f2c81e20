package prompt

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
)

// cancelKeyMap returns huh's default key map with help text on Quit, so
// that the help line can tell the operator how to cancel. The keys stay
// ctrl+c, which HuhPrompter turns into ErrInterrupted.
func cancelKeyMap() *huh.KeyMap {
	keymap := huh.NewDefaultKeyMap()
	keymap.Quit = key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "cancel"))
	return keymap
}

// cancelHelpField shows the form's Quit binding on the help line of the
// field it wraps. huh v1.0.0 builds that line from the focused field's
// KeyBinds alone, so help text on KeyMap.Quit never shows by itself.
type cancelHelpField struct {
	huh.Field
	quit key.Binding
}

// withCancelHelp wraps field. The form's WithKeyMap sets the binding.
func withCancelHelp(field huh.Field) *cancelHelpField {
	return &cancelHelpField{Field: field}
}

func (f *cancelHelpField) KeyBinds() []key.Binding {
	return append(f.Field.KeyBinds(), f.quit)
}

// Update keeps the wrapper in the group, which stores the model that
// Update returns in place of the field.
func (f *cancelHelpField) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	model, cmd := f.Field.Update(msg)
	if field, ok := model.(huh.Field); ok {
		f.Field = field
	}
	return f, cmd
}

func (f *cancelHelpField) WithKeyMap(keymap *huh.KeyMap) huh.Field {
	f.Field.WithKeyMap(keymap)
	f.quit = keymap.Quit
	return f
}

// The remaining setters return the wrapper for the same reason as Update.

func (f *cancelHelpField) WithTheme(theme *huh.Theme) huh.Field {
	f.Field.WithTheme(theme)
	return f
}

func (f *cancelHelpField) WithAccessible(accessible bool) huh.Field {
	f.Field.WithAccessible(accessible)
	return f
}

func (f *cancelHelpField) WithWidth(width int) huh.Field {
	f.Field.WithWidth(width)
	return f
}

func (f *cancelHelpField) WithHeight(height int) huh.Field {
	f.Field.WithHeight(height)
	return f
}

func (f *cancelHelpField) WithPosition(position huh.FieldPosition) huh.Field {
	f.Field.WithPosition(position)
	return f
}
