package cmdutil

import (
	"errors"
	"testing"
	"time"
)

func TestParseTimeFlag(t *testing.T) {
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		value string
		want  time.Time
	}{
		{value: "30d", want: time.Date(2025, 2, 8, 12, 0, 0, 0, time.UTC)},
		{value: "12h", want: time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC)},
		{value: "1h30m", want: time.Date(2025, 3, 10, 10, 30, 0, 0, time.UTC)},
		{value: "0d", want: now},
		{value: "2025-01-31T09:00:00Z", want: time.Date(2025, 1, 31, 9, 0, 0, 0, time.UTC)},
		{value: "2025-01-31T10:00:00+01:00", want: time.Date(2025, 1, 31, 9, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			got, err := ParseTimeFlag("since", tt.value, now)
			if err != nil {
				t.Fatalf("ParseTimeFlag: %v", err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestParseTimeFlagInvalid(t *testing.T) {
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	for _, value := range []string{"", "30", "thirty days", "-5d", "-1h", "1.5d", "2025-01-31", "30days"} {
		t.Run(value, func(t *testing.T) {
			_, err := ParseTimeFlag("since", value, now)
			want := `invalid --since "` + value + `": use an age such as 30d, 12h or 90m, or an RFC 3339 time such as 2025-01-31T09:00:00Z`
			if err == nil || err.Error() != want {
				t.Fatalf("error = %v, want %q", err, want)
			}
			var flagErr *FlagError
			if !errors.As(err, &flagErr) {
				t.Errorf("error type %T, want *FlagError", err)
			}
		})
	}
}
