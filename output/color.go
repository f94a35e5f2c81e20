package output

// ANSI SGR sequences. Only the basic 16-colour set is used so the output
// reads on any terminal theme.
const (
	sgrReset  = "\x1b[0m"
	sgrBold   = "\x1b[1m"
	sgrRed    = "\x1b[31m"
	sgrGreen  = "\x1b[32m"
	sgrYellow = "\x1b[33m"
	sgrCyan   = "\x1b[36m"
	sgrGray   = "\x1b[90m"
)

// ColorScheme styles text for one IOStreams. With colour off every method
// returns its input unchanged, and with stdout not a terminal the icons are
// empty, so piped output carries no decoration.
type ColorScheme struct {
	enabled  bool
	decorate bool
}

// ColorScheme returns the scheme that matches ColorEnabled and IsStdoutTTY.
func (s *IOStreams) ColorScheme() *ColorScheme {
	return &ColorScheme{enabled: s.ColorEnabled(), decorate: s.IsStdoutTTY()}
}

func (c *ColorScheme) wrap(sgr, text string) string {
	if !c.enabled || text == "" {
		return text
	}
	return sgr + text + sgrReset
}

// Enabled reports whether the scheme emits colour.
func (c *ColorScheme) Enabled() bool { return c.enabled }

// Bold returns text in bold.
func (c *ColorScheme) Bold(text string) string { return c.wrap(sgrBold, text) }

// Red returns text in red, used for errors and destructive actions.
func (c *ColorScheme) Red(text string) string { return c.wrap(sgrRed, text) }

// Yellow returns text in yellow, used for warnings.
func (c *ColorScheme) Yellow(text string) string { return c.wrap(sgrYellow, text) }

// Green returns text in green, used for success.
func (c *ColorScheme) Green(text string) string { return c.wrap(sgrGreen, text) }

// Cyan returns text in cyan, used for names and identifiers.
func (c *ColorScheme) Cyan(text string) string { return c.wrap(sgrCyan, text) }

// Gray returns text in gray, used for secondary details.
func (c *ColorScheme) Gray(text string) string { return c.wrap(sgrGray, text) }

// SuccessIcon returns a green check mark, or "" when stdout is not a terminal.
func (c *ColorScheme) SuccessIcon() string { return c.icon(sgrGreen, "✓") }

// WarningIcon returns a yellow "!", or "" when stdout is not a terminal.
func (c *ColorScheme) WarningIcon() string { return c.icon(sgrYellow, "!") }

// FailureIcon returns a red "X", or "" when stdout is not a terminal.
func (c *ColorScheme) FailureIcon() string { return c.icon(sgrRed, "X") }

func (c *ColorScheme) icon(sgr, symbol string) string {
	if !c.decorate {
		return ""
	}
	return c.wrap(sgr, symbol)
}

// Success returns message prefixed with SuccessIcon, or message alone when
// stdout is not a terminal.
func (c *ColorScheme) Success(message string) string {
	return c.prefixed(c.SuccessIcon(), message)
}

// Warning returns message prefixed with WarningIcon, or with "warning: " when
// stdout is not a terminal so that logs still mark it.
func (c *ColorScheme) Warning(message string) string {
	if !c.decorate {
		return "warning: " + message
	}
	return c.prefixed(c.WarningIcon(), message)
}

func (c *ColorScheme) prefixed(icon, message string) string {
	if icon == "" {
		return message
	}
	return icon + " " + message
}
