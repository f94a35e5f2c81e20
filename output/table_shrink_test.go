package output_test

import (
	"strings"
	"testing"

	"github.com/wsctl/wsctl/output"
)

func TestTableShrinkColumn(t *testing.T) {
	const reason = "Agent session stuck for days after the probe loop, replaying the incident"
	tests := []struct {
		name  string
		tty   bool
		width int
		want  string
	}{
		{
			name:  "terminal too narrow",
			tty:   true,
			width: 40,
			want:  "ID  REASON                         NOTE\nab  Agent session stuck for days…  ok\n",
		},
		{
			name:  "terminal wide enough",
			tty:   true,
			width: 200,
			want:  "ID  REASON" + strings.Repeat(" ", len(reason)-len("REASON")) + "  NOTE\nab  " + reason + "  ok\n",
		},
		{
			name:  "others wider than the terminal",
			tty:   true,
			width: 20,
			want:  "ID  REASON" + strings.Repeat(" ", len(reason)-len("REASON")) + "  NOTE\nab  " + reason + "  ok\n",
		},
		{
			name:  "pipe never cut",
			width: 40,
			want:  "ab\t" + reason + "\tok\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, out, _ := output.Test()
			ios.SetStdoutTTY(tt.tty)
			ios.SetTerminalWidth(tt.width)
			table := output.NewTable(ios, "id", "reason", "note")
			table.ShrinkColumn("reason")
			table.Append("ab", reason, "ok")

			if err := table.Render(); err != nil {
				t.Fatalf("Render() error = %v", err)
			}
			if got := out.String(); got != tt.want {
				t.Errorf("table:\ngot:\n%q\nwant:\n%q", got, tt.want)
			}
		})
	}
}
