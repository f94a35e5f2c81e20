package output_test

import (
	"testing"
	"time"

	"github.com/wsctl/wsctl/output"
)

var now = time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)

func TestFormatTime(t *testing.T) {
	tests := []struct {
		name string
		in   time.Time
		want string
	}{
		{name: "utc", in: now, want: "2026-03-01T09:30:00Z"},
		{name: "offset converted", in: time.Date(2026, 3, 1, 10, 30, 0, 0, time.FixedZone("CET", 3600)), want: "2026-03-01T09:30:00Z"},
		{name: "subseconds dropped", in: now.Add(999 * time.Millisecond), want: "2026-03-01T09:30:00Z"},
		{name: "zero", in: time.Time{}, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := output.FormatTime(tt.in); got != tt.want {
				t.Errorf("FormatTime() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		name string
		in   time.Duration
		want string
	}{
		{name: "zero", in: 0, want: "0s"},
		{name: "seconds", in: 45 * time.Second, want: "45s"},
		{name: "just under a minute", in: time.Minute - time.Nanosecond, want: "59s"},
		{name: "one minute", in: time.Minute, want: "1m"},
		{name: "minutes", in: 45*time.Minute + 59*time.Second, want: "45m"},
		{name: "one hour", in: time.Hour, want: "1h"},
		{name: "hours and minutes", in: 2*time.Hour + 5*time.Minute, want: "2h 5m"},
		{name: "just under three days", in: 72*time.Hour - time.Second, want: "71h 59m"},
		{name: "three days", in: 72 * time.Hour, want: "3d"},
		{name: "days and hours", in: 74*time.Hour + 59*time.Minute, want: "3d 2h"},
		{name: "many days", in: 400 * 24 * time.Hour, want: "400d"},
		{name: "negative", in: -(2*time.Hour + 5*time.Minute), want: "-2h 5m"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := output.FormatDuration(tt.in); got != tt.want {
				t.Errorf("FormatDuration(%v) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFormatRelative(t *testing.T) {
	tests := []struct {
		name string
		in   time.Time
		want string
	}{
		{name: "same instant", in: now, want: "just now"},
		{name: "59s ago", in: now.Add(-59 * time.Second), want: "just now"},
		{name: "59s ahead", in: now.Add(59 * time.Second), want: "just now"},
		{name: "one minute ago", in: now.Add(-time.Minute), want: "1m ago"},
		{name: "one minute ahead", in: now.Add(time.Minute), want: "in 1m"},
		{name: "window almost full", in: now.Add(72*time.Hour - 30*time.Second), want: "in 71h 59m"},
		{name: "window full", in: now.Add(72 * time.Hour), want: "in 3d"},
		{name: "days ago", in: now.Add(-(74*time.Hour + 10*time.Minute)), want: "3d 2h ago"},
		{name: "hours ago", in: now.Add(-5 * time.Hour), want: "5h ago"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := output.FormatRelative(tt.in, now); got != tt.want {
				t.Errorf("FormatRelative() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFormatCountdown(t *testing.T) {
	tests := []struct {
		name     string
		deadline time.Time
		want     string
	}{
		{name: "full window", deadline: now.Add(72 * time.Hour), want: "3d"},
		{name: "one second used", deadline: now.Add(72*time.Hour - time.Second), want: "71h 59m"},
		{name: "one minute left", deadline: now.Add(time.Minute), want: "1m"},
		{name: "under a minute", deadline: now.Add(59 * time.Second), want: "less than 1m"},
		{name: "one nanosecond", deadline: now.Add(time.Nanosecond), want: "less than 1m"},
		{name: "at deadline", deadline: now, want: "expired"},
		{name: "past deadline", deadline: now.Add(-3 * time.Hour), want: "expired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := output.FormatCountdown(tt.deadline, now); got != tt.want {
				t.Errorf("FormatCountdown() = %q, want %q", got, tt.want)
			}
		})
	}
}
