package output_test

import (
	"testing"

	"github.com/wsctl/wsctl/output"
)

func TestColorScheme(t *testing.T) {
	tests := []struct {
		name      string
		stdoutTTY bool
		color     bool
		style     func(*output.ColorScheme) string
		want      string
	}{
		{name: "bold on", stdoutTTY: true, color: true, style: func(c *output.ColorScheme) string { return c.Bold("prod") }, want: "\x1b[1mprod\x1b[0m"},
		{name: "red on", stdoutTTY: true, color: true, style: func(c *output.ColorScheme) string { return c.Red("removed") }, want: "\x1b[31mremoved\x1b[0m"},
		{name: "red off", stdoutTTY: true, color: false, style: func(c *output.ColorScheme) string { return c.Red("removed") }, want: "removed"},
		{name: "gray empty", stdoutTTY: true, color: true, style: func(c *output.ColorScheme) string { return c.Gray("") }, want: ""},
		{name: "success icon tty", stdoutTTY: true, color: true, style: func(c *output.ColorScheme) string { return c.SuccessIcon() }, want: "\x1b[32m✓\x1b[0m"},
		{name: "success icon plain", stdoutTTY: true, color: false, style: func(c *output.ColorScheme) string { return c.SuccessIcon() }, want: "✓"},
		{name: "success icon piped", stdoutTTY: false, color: false, style: func(c *output.ColorScheme) string { return c.SuccessIcon() }, want: ""},
		{name: "warning icon forced colour piped", stdoutTTY: false, color: true, style: func(c *output.ColorScheme) string { return c.WarningIcon() }, want: ""},
		{name: "success message tty", stdoutTTY: true, color: false, style: func(c *output.ColorScheme) string { return c.Success("Deleted workspace") }, want: "✓ Deleted workspace"},
		{name: "success message piped", stdoutTTY: false, color: false, style: func(c *output.ColorScheme) string { return c.Success("Deleted workspace") }, want: "Deleted workspace"},
		{name: "warning message tty", stdoutTTY: true, color: true, style: func(c *output.ColorScheme) string { return c.Warning("2 tasks running") }, want: "\x1b[33m!\x1b[0m 2 tasks running"},
		{name: "warning message piped", stdoutTTY: false, color: false, style: func(c *output.ColorScheme) string { return c.Warning("2 tasks running") }, want: "warning: 2 tasks running"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, _ := output.Test()
			ios.SetStdoutTTY(tt.stdoutTTY)
			ios.SetColorEnabled(tt.color)

			if got := tt.style(ios.ColorScheme()); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestColorSchemeNoColor(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	ios := output.System()
	ios.SetStdoutTTY(true)
	cs := ios.ColorScheme()

	if cs.Enabled() {
		t.Errorf("Enabled() = true, want false with NO_COLOR=1")
	}
	if got := cs.Red("removed"); got != "removed" {
		t.Errorf("Red() = %q, want %q", got, "removed")
	}
	if got := cs.SuccessIcon(); got != "✓" {
		t.Errorf("SuccessIcon() = %q, want %q", got, "✓")
	}
}
