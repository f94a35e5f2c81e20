package prompt

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

var deleteProd = DestructiveSpec{Action: "delete workspace", Name: "prod", Impact: "2 tasks running"}

func TestConfirmDestructiveAccessible(t *testing.T) {
	tests := []struct {
		name       string
		spec       DestructiveSpec
		input      string
		wantReason string
		wantErr    string
		wantStderr string
	}{
		{
			name:       "name and reason",
			spec:       deleteProd,
			input:      "prod\nrollback after incident\n",
			wantReason: "rollback after incident",
			wantStderr: "To delete workspace \"prod\", type its name\n2 tasks running\n\n" +
				"To delete workspace \"prod\", type its name \n" +
				"Reason, recorded in the audit log\n8 to 1000 characters on one line.\n\n" +
				"Reason, recorded in the audit log \n",
		},
		{
			name:       "no final newline",
			spec:       deleteProd,
			input:      "prod\nrollback after incident",
			wantReason: "rollback after incident",
		},
		{
			name:       "crlf line endings",
			spec:       deleteProd,
			input:      "prod\r\nrollback after incident\r\n",
			wantReason: "rollback after incident",
		},
		{
			name:       "reason trimmed",
			spec:       deleteProd,
			input:      "prod\n   rollback after incident   \n",
			wantReason: "rollback after incident",
		},
		{
			name:    "empty line then end of input",
			spec:    deleteProd,
			input:   "\n",
			wantErr: "no answer: the last answer was not accepted: a name is required: type the workspace name exactly",
			wantStderr: "To delete workspace \"prod\", type its name\n2 tasks running\n\n" +
				"To delete workspace \"prod\", type its name a name is required: type the workspace name exactly\n" +
				"To delete workspace \"prod\", type its name \n\n",
		},
		{
			name:    "empty input",
			spec:    deleteProd,
			input:   "",
			wantErr: "no answer",
			wantStderr: "To delete workspace \"prod\", type its name\n2 tasks running\n\n" +
				"To delete workspace \"prod\", type its name \n\n",
		},
		{
			name:    "wrong case",
			spec:    deleteProd,
			input:   "Prod\n",
			wantErr: "no answer: the last answer was not accepted: the typed name differs in letter case, and names are case-sensitive",
			wantStderr: "To delete workspace \"prod\", type its name\n2 tasks running\n\n" +
				"To delete workspace \"prod\", type its name the typed name differs in letter case, and names are case-sensitive\n" +
				"To delete workspace \"prod\", type its name \n\n",
		},
		{
			name:    "other name",
			spec:    deleteProd,
			input:   "staging\n",
			wantErr: "no answer: the last answer was not accepted: the typed name does not match the workspace name",
		},
		{
			name:    "cyrillic look-alike",
			spec:    deleteProd,
			input:   "prоd\n",
			wantErr: "no answer: the last answer was not accepted: the typed name looks the same but differs at character 3, which is U+043E CYRILLIC SMALL LETTER O: look-alike and invisible characters never match",
		},
		{
			name:       "wrong then right",
			spec:       deleteProd,
			input:      "Prod\nprod\nrollback after incident\n",
			wantReason: "rollback after incident",
		},
		{
			name:       "nfd typed for nfc name",
			spec:       DestructiveSpec{Action: "delete workspace", Name: "caf\u00e9"},
			input:      "cafe\u0301\nrollback after incident\n",
			wantReason: "rollback after incident",
		},
		{
			name:       "edge spaces typed",
			spec:       DestructiveSpec{Action: "delete workspace", Name: " my ws "},
			input:      " my ws \nrollback after incident\n",
			wantReason: "rollback after incident",
		},
		{
			name:    "edge spaces missing",
			spec:    DestructiveSpec{Action: "delete workspace", Name: " my ws "},
			input:   "my ws\n",
			wantErr: "no answer: the last answer was not accepted: the typed name differs in spaces at the start or end: the workspace name has 1 leading and 1 trailing, the typed name has 0 and 0",
		},
		{
			name:    "reason missing",
			spec:    deleteProd,
			input:   "prod\n\n",
			wantErr: "no answer: the last answer was not accepted: a reason is required: write 8 to 1000 characters saying why",
		},
		{
			name:    "reason too short",
			spec:    DestructiveSpec{Action: "purge workspace", Name: "prod", ReasonMinLength: 20, ReasonMaxLength: 40},
			input:   "prod\nrollback\n",
			wantErr: "no answer: the last answer was not accepted: the reason is too short: 8 characters, minimum 20",
			wantStderr: "To purge workspace \"prod\", type its name \n" +
				"Reason, recorded in the audit log\n20 to 40 characters on one line.\n\n" +
				"Reason, recorded in the audit log the reason is too short: 8 characters, minimum 20\n" +
				"Reason, recorded in the audit log \n\n",
		},
		{
			name:    "inverted limits",
			spec:    DestructiveSpec{Action: "delete workspace", Name: "prod", ReasonMinLength: 50, ReasonMaxLength: 10},
			input:   "prod\nrollback after incident\n",
			wantErr: "reason length limits are inverted: minimum 50 is above maximum 10",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			p := NewHuhPrompter(strings.NewReader(tt.input), &stderr, true)

			reason, err := ConfirmDestructive(p, tt.spec)

			if tt.wantErr == "" && err != nil {
				t.Fatalf("ConfirmDestructive() error = %v, want nil", err)
			}
			if tt.wantErr != "" && (err == nil || err.Error() != tt.wantErr) {
				t.Fatalf("ConfirmDestructive() error = %v, want %q", err, tt.wantErr)
			}
			if strings.HasPrefix(tt.wantErr, "no answer") && !errors.Is(err, ErrNoAnswer) {
				t.Errorf("errors.Is(%v, ErrNoAnswer) = false, want true", err)
			}
			if reason != tt.wantReason {
				t.Errorf("reason = %q, want %q", reason, tt.wantReason)
			}
			if tt.wantStderr != "" && stderr.String() != tt.wantStderr {
				t.Errorf("stderr = %q, want %q", stderr.String(), tt.wantStderr)
			}
		})
	}
}

func TestConfirmAccessible(t *testing.T) {
	tests := []struct {
		name    string
		prompt  ConfirmPrompt
		input   string
		want    bool
		wantErr error
	}{
		{name: "y", prompt: ConfirmPrompt{Title: "Restore?"}, input: "y\n", want: true},
		{name: "yes upper case", prompt: ConfirmPrompt{Title: "Restore?"}, input: "YES\n", want: true},
		{name: "n", prompt: ConfirmPrompt{Title: "Restore?"}, input: "n\n", want: false},
		{name: "no", prompt: ConfirmPrompt{Title: "Restore?"}, input: "no\n", want: false},
		{name: "empty line is re-asked", prompt: ConfirmPrompt{Title: "Restore?"}, input: "\ny\n", want: true},
		{name: "empty line then end", prompt: ConfirmPrompt{Title: "Restore?"}, input: "\n", wantErr: ErrNoAnswer},
		{name: "end of input", prompt: ConfirmPrompt{Title: "Restore?"}, input: "", wantErr: ErrNoAnswer},
		{name: "unknown word then end", prompt: ConfirmPrompt{Title: "Restore?"}, input: "sure\n", wantErr: ErrNoAnswer},
		{name: "affirmative label", prompt: ConfirmPrompt{Title: "Purge?", Affirmative: "Purge", Negative: "Keep"}, input: "purge\n", want: true},
		{name: "negative label", prompt: ConfirmPrompt{Title: "Purge?", Affirmative: "Purge", Negative: "Keep"}, input: "Keep\n", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			p := NewHuhPrompter(strings.NewReader(tt.input), &stderr, true)

			got, err := p.Confirm(tt.prompt)

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Confirm() error = %v, want %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("Confirm() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestConfirmAccessibleOutput(t *testing.T) {
	var stderr bytes.Buffer
	p := NewHuhPrompter(strings.NewReader("\nmaybe\nk\nkeep\n"), &stderr, true)

	got, err := p.Confirm(ConfirmPrompt{
		Title:       "Purge workspace?",
		Description: "This cannot be undone.",
		Affirmative: "Purge",
		Negative:    "Keep",
	})

	if err != nil || got {
		t.Fatalf("Confirm() = %v, %v, want false, nil", got, err)
	}
	want := "Purge workspace? [y: Purge, n: Keep]\nThis cannot be undone.\n\n" +
		"Purge workspace? [y: Purge, n: Keep] an answer is required: type y for Purge or n for Keep\n" +
		"Purge workspace? [y: Purge, n: Keep] \"maybe\" is not an answer: type y for Purge or n for Keep\n" +
		"Purge workspace? [y: Purge, n: Keep] \"k\" is not an answer: type y for Purge or n for Keep\n" +
		"Purge workspace? [y: Purge, n: Keep] \n"
	if stderr.String() != want {
		t.Errorf("stderr = %q, want %q", stderr.String(), want)
	}
}

func TestPromptsShareInput(t *testing.T) {
	var stderr bytes.Buffer
	p := NewHuhPrompter(strings.NewReader("first\ny\nthird\n"), &stderr, true)

	first, err := p.Input(InputPrompt{Title: "First"})
	if err != nil || first != "first" {
		t.Fatalf("first Input() = %q, %v, want %q, nil", first, err, "first")
	}
	confirmed, err := p.Confirm(ConfirmPrompt{Title: "Second"})
	if err != nil || !confirmed {
		t.Fatalf("Confirm() = %v, %v, want true, nil", confirmed, err)
	}
	third, err := p.Input(InputPrompt{Title: "Third"})
	if err != nil || third != "third" {
		t.Fatalf("third Input() = %q, %v, want %q, nil", third, err, "third")
	}
	if _, err := p.Input(InputPrompt{Title: "Fourth"}); !errors.Is(err, ErrNoAnswer) {
		t.Errorf("fourth Input() error = %v, want ErrNoAnswer", err)
	}
}

func TestInputAccessibleKeepsSpaces(t *testing.T) {
	var stderr bytes.Buffer
	p := NewHuhPrompter(strings.NewReader("  two spaces  \n"), &stderr, true)

	got, err := p.Input(InputPrompt{Title: "Name"})
	if err != nil {
		t.Fatalf("Input() error = %v", err)
	}
	if got != "  two spaces  " {
		t.Errorf("Input() = %q, want %q", got, "  two spaces  ")
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("device gone") }

func TestInputReadError(t *testing.T) {
	var stderr bytes.Buffer
	p := NewHuhPrompter(failingReader{}, &stderr, true)

	_, err := p.Input(InputPrompt{Title: "Name"})
	if err == nil || err.Error() != "read answer: device gone" {
		t.Errorf("Input() error = %v, want %q", err, "read answer: device gone")
	}
}
