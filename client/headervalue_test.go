package client

import (
	"strings"
	"testing"
)

func TestEncodeHeaderValue(t *testing.T) {
	tests := []struct {
		name  string
		value string
		want  string
	}{
		{"plain ascii stays raw", "prod-db_01", "prod-db_01"},
		{"inner space stays raw", "my ws", "my ws"},
		{"colon stays raw", "team:alpha", "team:alpha"},
		{"empty stays empty", "", ""},
		{"latin accent", "café", "UTF-8''caf%C3%A9"},
		{"japanese", "データ-ws", "UTF-8''%E3%83%87%E3%83%BC%E3%82%BF-ws"},
		{"emoji", "🚀-prod", "UTF-8''%F0%9F%9A%80-prod"},
		{"trailing space", "prod ", "UTF-8''prod%20"},
		{"leading space", " prod", "UTF-8''%20prod"},
		{"tab", "a\tb", "UTF-8''a%09b"},
		{"literal ext-value prefix", "UTF-8''x", "UTF-8''UTF-8%27%27x"},
		{"lower-case prefix", "utf-8'x", "UTF-8''utf-8%27x"},
		{"cyrillic look-alike", "prod-а", "UTF-8''prod-%D0%B0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EncodeHeaderValue(tt.value); got != tt.want {
				t.Errorf("EncodeHeaderValue(%q) = %q, want %q", tt.value, got, tt.want)
			}
		})
	}
}

func TestHeaderValueRoundTrip(t *testing.T) {
	values := []string{
		"café", "データ-ws", "🚀-prod", "prod ", " prod", "my ws", "team:alpha",
		"plain", "", "UTF-8''x", "100% done", "a'b", "tab\there", "名前 with spaces ",
	}
	for _, value := range values {
		t.Run(value, func(t *testing.T) {
			encoded := EncodeHeaderValue(value)
			for i := 0; i < len(encoded); i++ {
				if encoded[i] < 0x20 || encoded[i] > 0x7E {
					t.Fatalf("EncodeHeaderValue(%q) = %q, which has byte %#x outside printable ASCII", value, encoded, encoded[i])
				}
			}
			if strings.HasSuffix(encoded, " ") || strings.HasPrefix(encoded, " ") {
				t.Errorf("EncodeHeaderValue(%q) = %q, which has a space at an end", value, encoded)
			}
			decoded, err := DecodeHeaderValue(encoded)
			if err != nil {
				t.Fatalf("DecodeHeaderValue(%q): %v", encoded, err)
			}
			if decoded != value {
				t.Errorf("round trip of %q: got %q", value, decoded)
			}
		})
	}
}

func TestDecodeHeaderValue(t *testing.T) {
	tests := []struct {
		name  string
		value string
		want  string
	}{
		{"plain passes through", "prod", "prod"},
		{"language tag", "UTF-8'en'caf%C3%A9", "café"},
		{"lower-case charset", "utf-8''caf%c3%a9", "café"},
		{"one quote only is plain", "UTF-8'abc", "UTF-8'abc"},
		{"other charset is plain", "ISO-8859-1''caf%E9", "ISO-8859-1''caf%E9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeHeaderValue(tt.value)
			if err != nil {
				t.Fatalf("DecodeHeaderValue(%q): %v", tt.value, err)
			}
			if got != tt.want {
				t.Errorf("DecodeHeaderValue(%q) = %q, want %q", tt.value, got, tt.want)
			}
		})
	}
}

func TestDecodeHeaderValueErrors(t *testing.T) {
	tests := []struct {
		name    string
		value   string
		wantErr string
	}{
		{"bad hex", "UTF-8''%zz", "must be followed by two hex digits"},
		{"short escape", "UTF-8''ab%C", "must be followed by two hex digits"},
		{"raw space", "UTF-8''a b", `byte ' ' must be percent-encoded`},
		{"invalid utf-8", "UTF-8''%FF", "not valid UTF-8"},
		{"truncated sequence", "UTF-8''%C3", "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeHeaderValue(tt.value)
			if err == nil {
				t.Fatalf("DecodeHeaderValue(%q) = %q, want an error containing %q", tt.value, got, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("DecodeHeaderValue(%q) error = %q, want it to contain %q", tt.value, err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.value) {
				t.Errorf("DecodeHeaderValue(%q) error = %q, want it to name the value", tt.value, err)
			}
		})
	}
}
