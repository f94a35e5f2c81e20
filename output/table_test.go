package output_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"github.com/wsctl/wsctl/output"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata")

func assertGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatalf("write golden file: %v", err)
		}
	}

	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file: %v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func workspaceTable(ios *output.IOStreams) *output.Table {
	table := output.NewTable(ios, "id", "name", "status", "removed")
	table.Append("9f1c2e4a", output.QuoteName("データ-ws"), "active", "")
	table.Append("0b7d33e1", output.QuoteName("🚀-prod"), "removed", "3d 2h ago")
	table.Append("5aa0c9f2", output.QuoteName(" my ws "), "paused", "")
	table.Append("c4e8d1b7", output.QuoteName("café"), "removed", "just now")
	return table
}

func TestTableTTY(t *testing.T) {
	ios, _, out, errOut := output.Test()
	ios.SetStdoutTTY(true)

	if err := workspaceTable(ios).Render(); err != nil {
		t.Fatalf("Render() error = %v", err)
	}

	assertGolden(t, "table_tty.golden", out.String())
	if got := errOut.String(); got != "" {
		t.Errorf("stderr = %q, want nothing", got)
	}
	assertColumnsAligned(t, out.String())
}

// assertColumnsAligned checks that every column starts at the same display
// column on every line, measured in terminal cells rather than bytes or
// runes, so wide CJK and emoji characters count twice. Every cell of the
// fixture starts with a non-space character.
func assertColumnsAligned(t *testing.T, rendered string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(rendered, "\n"), "\n")
	header := lines[0]
	var starts []int
	for _, field := range []string{"NAME", "STATUS", "REMOVED"} {
		starts = append(starts, runewidth.StringWidth(header[:strings.Index(header, field)]))
	}

	for _, line := range lines[1:] {
		for _, start := range starts {
			if runewidth.StringWidth(line) <= start {
				continue // an empty last cell, trimmed away
			}
			prefix := cellsPrefix(line, start)
			rest := line[len(prefix):]
			if !strings.HasSuffix(prefix, "  ") || strings.HasPrefix(rest, " ") {
				t.Errorf("line %q: no cell starts at display cell %d", line, start)
			}
		}
	}
}

// cellsPrefix returns the part of line that fills the first width cells.
func cellsPrefix(line string, width int) string {
	used := 0
	for i, r := range line {
		if used >= width {
			return line[:i]
		}
		used += runewidth.RuneWidth(r)
	}
	return line
}

func TestTablePlain(t *testing.T) {
	ios, _, out, _ := output.Test()
	ios.SetColorEnabled(true)

	if err := workspaceTable(ios).Render(); err != nil {
		t.Fatalf("Render() error = %v", err)
	}

	assertGolden(t, "table_plain.golden", out.String())
	if strings.Contains(out.String(), "\x1b") {
		t.Errorf("plain table contains an escape sequence: %q", out.String())
	}
}

func TestTableEscapesControlCharacters(t *testing.T) {
	tests := []struct {
		name string
		tty  bool
		want string
	}{
		{name: "tty", tty: true, want: "NAME           NOTE\nevil\\x1b[2Jws  a\\tb\\nc\n"},
		{name: "plain", tty: false, want: "evil\\x1b[2Jws\ta\\tb\\nc\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, out, _ := output.Test()
			ios.SetStdoutTTY(tt.tty)
			table := output.NewTable(ios, "name", "note")
			table.Append("evil\x1b[2Jws", "a\tb\nc")

			if err := table.Render(); err != nil {
				t.Fatalf("Render() error = %v", err)
			}
			if got := out.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTableShortRow(t *testing.T) {
	tests := []struct {
		name string
		tty  bool
		want string
	}{
		{name: "tty", tty: true, want: "ID  NAME  STATUS\n1   a     active\n2   b\n"},
		{name: "plain", tty: false, want: "1\ta\tactive\n2\tb\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, out, _ := output.Test()
			ios.SetStdoutTTY(tt.tty)
			table := output.NewTable(ios, "id", "name", "status")
			table.Append("1", "a", "active")
			table.Append("2", "b")

			if err := table.Render(); err != nil {
				t.Fatalf("Render() error = %v", err)
			}
			if got := out.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTableTooManyCells(t *testing.T) {
	ios, _, out, _ := output.Test()
	ios.SetStdoutTTY(true)
	table := output.NewTable(ios, "id", "name")
	table.Append("1", "a")
	table.Append("2", "b", "extra")

	err := table.Render()
	want := "table row 2 has 3 cells but the table has 2 columns"
	if err == nil || err.Error() != want {
		t.Errorf("Render() error = %v, want %q", err, want)
	}
	if got := out.String(); got != "" {
		t.Errorf("stdout = %q, want nothing written", got)
	}
}

func TestTableAppendCopiesCells(t *testing.T) {
	ios, _, out, _ := output.Test()
	table := output.NewTable(ios, "id", "name")
	row := []string{"1", "a"}
	table.Append(row...)
	row[1] = "changed"
	table.Append(row...)

	if err := table.Render(); err != nil {
		t.Fatalf("Render() error = %v", err)
	}
	if got, want := out.String(), "1\ta\n1\tchanged\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTableEmpty(t *testing.T) {
	tests := []struct {
		name string
		tty  bool
		want string
	}{
		{name: "tty", tty: true, want: "ID  NAME\n"},
		{name: "plain", tty: false, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, out, _ := output.Test()
			ios.SetStdoutTTY(tt.tty)

			if err := output.NewTable(ios, "id", "name").Render(); err != nil {
				t.Fatalf("Render() error = %v", err)
			}
			if got := out.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTableEscapesBidiOverride(t *testing.T) {
	ios, _, out, _ := output.Test()
	table := output.NewTable(ios, "name", "note")
	table.Append("exe.\u202etxt", "\u200fok\u2066")

	if err := table.Render(); err != nil {
		t.Fatalf("Render() error = %v", err)
	}
	if got, want := out.String(), "exe.\\u202etxt\t\\u200fok\\u2066\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTableKeepsEmojiSequences(t *testing.T) {
	ios, _, out, _ := output.Test()
	table := output.NewTable(ios, "name")
	table.Append("👩\u200d💻-dev")

	if err := table.Render(); err != nil {
		t.Fatalf("Render() error = %v", err)
	}
	if got, want := out.String(), "👩\u200d💻-dev\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
