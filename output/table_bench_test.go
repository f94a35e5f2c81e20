package output_test

import (
	"fmt"
	"testing"

	"github.com/wsctl/wsctl/output"
)

func benchmarkTable(b *testing.B, tty bool) {
	for b.Loop() {
		ios, _, _, _ := output.Test()
		ios.SetStdoutTTY(tty)
		table := output.NewTable(ios, "id", "name", "status", "removed")
		for i := range 1000 {
			table.Append(fmt.Sprintf("%08x", i), output.QuoteName(fmt.Sprintf("データ-ws-%d", i)), "active", "3d 2h ago")
		}
		if err := table.Render(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTableTTY1000Rows(b *testing.B)   { benchmarkTable(b, true) }
func BenchmarkTablePlain1000Rows(b *testing.B) { benchmarkTable(b, false) }
