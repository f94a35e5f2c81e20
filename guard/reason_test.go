package guard

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestValidateReasonErrors(t *testing.T) {
	tests := []struct {
		name       string
		raw        string
		wantReason string
		wantErr    error
		wantText   string
	}{
		{name: "accepted and trimmed", raw: "  cleanup done  ", wantReason: "cleanup done"},
		{name: "blank", raw: " \t ", wantErr: ErrReasonMissing, wantText: "reason is missing"},
		{name: "too short", raw: "short", wantReason: "short", wantErr: ErrReasonTooShort, wantText: "reason is too short: 5 characters, the minimum is 8"},
		{name: "too long", raw: strings.Repeat("é", 21), wantReason: strings.Repeat("é", 21), wantErr: ErrReasonTooLong, wantText: "reason is too long: 21 characters, the limit is 20"},
		{
			name: "replacement character", raw: "undo \ufffd delete", wantReason: "undo \ufffd delete", wantErr: ErrReasonForbidden,
			wantText: "reason contains a forbidden character: U+FFFD; remove control characters, bidirectional formatting characters and U+FFFD",
		},
		{
			name: "invalid UTF-8 byte", raw: "undo \xff delete", wantReason: "undo \xff delete", wantErr: ErrReasonForbidden,
			wantText: "reason contains a forbidden character: U+FFFD; remove control characters, bidirectional formatting characters and U+FFFD",
		},
		{
			name: "right-to-left override", raw: "undo \u202e delete", wantReason: "undo \u202e delete", wantErr: ErrReasonForbidden,
			wantText: "reason contains a forbidden character: U+202E; remove control characters, bidirectional formatting characters and U+FFFD",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reason, err := ValidateReason(tt.raw, 8, 20)
			if reason != tt.wantReason {
				t.Errorf("reason: got %q, want %q", reason, tt.wantReason)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("error: got %v, want %v", err, tt.wantErr)
			}
			if err != nil && err.Error() != tt.wantText {
				t.Errorf("error text: got %q, want %q", err, tt.wantText)
			}
		})
	}
}

func TestSanitizeText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "plain", in: "curl/8.5.0", want: "curl/8.5.0"},
		{name: "controls and bidi", in: "probe\t\u0085\u202e/1", want: "probe\ufffd\ufffd\ufffd/1"},
		{name: "invalid UTF-8", in: "a\xffb", want: "a\ufffdb"},
		{name: "cut at 256 runes", in: strings.Repeat("ü", 300), want: strings.Repeat("ü", 256) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SanitizeText(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReasonRefusalNamesReplacementCharacter(t *testing.T) {
	f := newFixture(t, testName, nil)

	rec := f.serve(deleteRequest(testName, "UTF-8''bad%EF%BF%BDbyte%20here"))

	if rec.Code != http.StatusBadRequest {
		t.Fatalf("status = %d, want %d", rec.Code, http.StatusBadRequest)
	}
	var body struct {
		Error   string `json:"error"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("decode refusal: %v", err)
	}
	if body.Error != CodeReasonRequired {
		t.Errorf("error = %q, want %q", body.Error, CodeReasonRequired)
	}
	if !strings.Contains(body.Message, "U+FFFD") {
		t.Errorf("message = %q, want it to name U+FFFD", body.Message)
	}
	if f.host.count() != 0 {
		t.Errorf("host calls = %d, want 0", f.host.count())
	}
}
