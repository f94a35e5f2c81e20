package output_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/wsctl/wsctl/output"
)

func TestJSON(t *testing.T) {
	tests := []struct {
		name  string
		value any
		want  string
	}{
		{
			name: "object",
			value: struct {
				ID     string   `json:"id"`
				Name   string   `json:"name"`
				Reason string   `json:"reason"`
				Tags   []string `json:"tags"`
			}{ID: "ws-1", Name: "データ-ws", Reason: "<rollback> & retry", Tags: []string{"a"}},
			want: "{\n  \"id\": \"ws-1\",\n  \"name\": \"データ-ws\",\n  \"reason\": \"<rollback> & retry\",\n  \"tags\": [\n    \"a\"\n  ]\n}\n",
		},
		{name: "empty list", value: []string{}, want: "[]\n"},
		{name: "null", value: nil, want: "null\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := output.JSON(&out, tt.value); err != nil {
				t.Fatalf("JSON() error = %v", err)
			}
			if got := out.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestJSONUnsupportedValue(t *testing.T) {
	var out bytes.Buffer
	err := output.JSON(&out, map[string]any{"f": func() {}})
	if err == nil || !strings.HasPrefix(err.Error(), "write JSON: ") {
		t.Errorf("JSON(func) error = %v, want a \"write JSON: \" error", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestJSONWriteError(t *testing.T) {
	err := output.JSON(failingWriter{}, "x")
	if err == nil || err.Error() != "write JSON: disk full" {
		t.Errorf("JSON() error = %v, want %q", err, "write JSON: disk full")
	}
}
