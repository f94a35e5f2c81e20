package prompt

import (
	"strings"
	"testing"
)

func TestCheckName(t *testing.T) {
	tests := []struct {
		name    string
		typed   string
		want    string
		wantErr string
	}{
		{name: "exact", typed: "prod", want: "prod"},
		{name: "nfd typed nfc name", typed: "cafe\u0301", want: "caf\u00e9"},
		{name: "nfc typed nfd name", typed: "caf\u00e9", want: "cafe\u0301"},
		{name: "cjk", typed: "データ-ws", want: "データ-ws"},
		{name: "emoji", typed: "🚀-prod", want: "🚀-prod"},
		{name: "edge spaces kept", typed: " my ws ", want: " my ws "},
		{name: "empty", typed: "", want: "prod",
			wantErr: "a name is required: type the workspace name exactly"},
		{name: "case", typed: "Prod", want: "prod",
			wantErr: "the typed name differs in letter case, and names are case-sensitive"},
		{name: "upper case name", typed: "prod", want: "PROD",
			wantErr: "the typed name differs in letter case, and names are case-sensitive"},
		{name: "trailing space missing", typed: "my ws", want: "my ws ",
			wantErr: "the typed name differs in spaces at the start or end: the workspace name has 0 leading and 1 trailing, the typed name has 0 and 0"},
		{name: "leading space added", typed: "  prod", want: "prod",
			wantErr: "the typed name differs in spaces at the start or end: the workspace name has 0 leading and 0 trailing, the typed name has 2 and 0"},
		{name: "cyrillic a typed", typed: "dаta", want: "data",
			wantErr: "the typed name looks the same but differs at character 2, which is U+0430 CYRILLIC SMALL LETTER A: look-alike and invisible characters never match"},
		{name: "cyrillic a in name", typed: "data", want: "dаta",
			wantErr: "the typed name looks the same but differs at character 2, which is U+0061 LATIN SMALL LETTER A: look-alike and invisible characters never match"},
		{name: "greek omicron", typed: "prοd", want: "prod",
			wantErr: "the typed name looks the same but differs at character 3, which is U+03BF GREEK SMALL LETTER OMICRON: look-alike and invisible characters never match"},
		{name: "zero-width space", typed: "pro\u200bd", want: "prod",
			wantErr: "the typed name looks the same but differs at character 4, which is U+200B ZERO WIDTH SPACE: look-alike and invisible characters never match"},
		{name: "no-break space", typed: "my\u00a0ws", want: "my ws",
			wantErr: "the typed name looks the same but differs at character 3, which is U+00A0 NO-BREAK SPACE: look-alike and invisible characters never match"},
		{name: "fullwidth letters", typed: "ｐrod", want: "prod",
			wantErr: "the typed name looks the same but differs at character 1, which is U+FF50 FULLWIDTH LATIN SMALL LETTER P: look-alike and invisible characters never match"},
		{name: "invisible at end of name", typed: "prod", want: "prod\u200b",
			wantErr: "the typed name looks the same but is shorter: the workspace name has an invisible or look-alike character at the end"},
		{name: "different", typed: "staging", want: "prod",
			wantErr: "the typed name does not match the workspace name"},
		{name: "prefix", typed: "pro", want: "prod",
			wantErr: "the typed name does not match the workspace name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckName(tt.typed, tt.want)
			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("CheckName(%q, %q) = %v, want nil", tt.typed, tt.want, err)
				}
				return
			}
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("CheckName(%q, %q) = %v, want %q", tt.typed, tt.want, err, tt.wantErr)
			}
		})
	}
}

func TestCheckReason(t *testing.T) {
	tests := []struct {
		name    string
		reason  string
		want    string
		wantErr string
	}{
		{name: "valid", reason: "rollback after incident", want: "rollback after incident"},
		{name: "trimmed", reason: "  rollback after incident \n", want: "rollback after incident"},
		{name: "exactly minimum", reason: "12345678", want: "12345678"},
		{name: "minimum counts characters", reason: "データを削除します。", want: "データを削除します。"},
		{name: "exactly maximum", reason: strings.Repeat("x", 1000), want: strings.Repeat("x", 1000)},
		{name: "empty", reason: "",
			wantErr: "a reason is required: write 8 to 1000 characters saying why"},
		{name: "blank", reason: " \t ",
			wantErr: "a reason is required: write 8 to 1000 characters saying why"},
		{name: "too short", reason: "  cleanup ",
			wantErr: "the reason is too short: 7 characters, minimum 8"},
		{name: "one character", reason: "x",
			wantErr: "the reason is too short: 1 character, minimum 8"},
		{name: "too short in characters", reason: "データを削除し",
			wantErr: "the reason is too short: 7 characters, minimum 8"},
		{name: "too long", reason: strings.Repeat("x", 1001),
			wantErr: "the reason is too long: 1001 characters, maximum 1000"},
		{name: "tab inside", reason: "rollback\tafter incident",
			wantErr: "the reason contains control character U+0009 at character 9: write it on one line without tabs"},
		{name: "newline inside", reason: "rollback\nafter incident",
			wantErr: "the reason contains control character U+000A at character 9: write it on one line without tabs"},
		{name: "escape inside", reason: "rollback \x1b[2J after",
			wantErr: "the reason contains control character U+001B at character 10: write it on one line without tabs"},
		{name: "invalid utf-8", reason: "rollback \xff after",
			wantErr: "the reason is not valid UTF-8: retype it as plain text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckReason(tt.reason, DefaultReasonMinLength, DefaultReasonMaxLength)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("CheckReason(%q) error = %v, want nil", tt.reason, err)
				}
				if got != tt.want {
					t.Errorf("CheckReason(%q) = %q, want %q", tt.reason, got, tt.want)
				}
				return
			}
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("CheckReason(%q) error = %v, want %q", tt.reason, err, tt.wantErr)
			}
			if got != "" {
				t.Errorf("CheckReason(%q) = %q with an error, want \"\"", tt.reason, got)
			}
		})
	}
}

func TestCheckNameAs(t *testing.T) {
	const subject = "the name given with --confirm-name"
	tests := []struct {
		name    string
		given   string
		want    string
		wantErr string
	}{
		{name: "exact", given: "prod", want: "prod"},
		{name: "empty", given: "", want: "prod", wantErr: "the name given with --confirm-name is empty: give the workspace name exactly"},
		{name: "other name", given: "staging", want: "prod", wantErr: "the name given with --confirm-name does not match the workspace name"},
		{name: "case", given: "Prod", want: "prod", wantErr: "the name given with --confirm-name differs in letter case, and names are case-sensitive"},
		{name: "spaces", given: "prod ", want: "prod", wantErr: "the name given with --confirm-name differs in spaces at the start or end: the workspace name has 0 leading and 0 trailing, the name given with --confirm-name has 0 and 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckNameAs(tt.given, tt.want, subject)
			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("CheckNameAs(%q, %q) = %v, want nil", tt.given, tt.want, err)
				}
				return
			}
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("CheckNameAs(%q, %q) = %v, want %q", tt.given, tt.want, err, tt.wantErr)
			}
		})
	}
}
