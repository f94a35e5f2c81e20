package output_test

import (
	"testing"

	"github.com/wsctl/wsctl/output"
)

func TestQuoteName(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "plain", in: "prod", want: `"prod"`},
		{name: "edge spaces", in: " my ws ", want: `" my ws "`},
		{name: "accented", in: "café", want: `"café"`},
		{name: "cjk", in: "データ-ws", want: `"データ-ws"`},
		{name: "emoji", in: "🚀-prod", want: `"🚀-prod"`},
		{name: "cyrillic look-alike", in: "prоd", want: `"prоd"`},
		{name: "newline", in: "a\nb", want: `"a\nb"`},
		{name: "escape sequence", in: "\x1b[31mred", want: `"\x1b[31mred"`},
		{name: "quote and backslash", in: `a"b\c`, want: `"a\"b\\c"`},
		{name: "no-break space", in: "my\u00a0ws", want: `"my\u00a0ws"`},
		{name: "zero-width space", in: "prod\u200b", want: `"prod\u200b"`},
		{name: "invalid utf-8", in: "ws\xff", want: `"ws\xff"`},
		{name: "empty", in: "", want: `""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := output.QuoteName(tt.in); got != tt.want {
				t.Errorf("QuoteName(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}
