package output

import (
	"fmt"
	"time"
)

// Callers pass "now" from the injected clock rather than calling time.Now
// here, so countdowns such as "restorable for 71h 59m" are testable.

// hoursUntilDays is the span below which durations are shown in hours and
// minutes. Three days keeps a 72-hour restore window counting down by the
// minute ("71h 59m") instead of jumping to "2d 23h".
const hoursUntilDays = 72 * time.Hour

const day = 24 * time.Hour

// FormatTime returns t in UTC as RFC 3339 with seconds, such as
// "2026-03-01T09:30:00Z", or "" for the zero time.
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// FormatDuration returns d in at most two units, rounded down: "45s" under a
// minute, "45m" under an hour, "71h 59m" under three days and "3d 2h" from
// three days on. A zero second unit is dropped ("2h", "3d"). Negative
// durations get a leading "-".
func FormatDuration(d time.Duration) string {
	if d < 0 {
		return "-" + FormatDuration(-d)
	}

	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int64(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int64(d/time.Minute))
	case d < hoursUntilDays:
		return twoUnits(int64(d/time.Hour), "h", int64(d%time.Hour/time.Minute), "m")
	default:
		return twoUnits(int64(d/day), "d", int64(d%day/time.Hour), "h")
	}
}

func twoUnits(major int64, majorUnit string, minor int64, minorUnit string) string {
	if minor == 0 {
		return fmt.Sprintf("%d%s", major, majorUnit)
	}
	return fmt.Sprintf("%d%s %d%s", major, majorUnit, minor, minorUnit)
}

// FormatRelative returns t relative to now: "just now" within a minute either
// way, "in 71h 59m" for the future and "3d 2h ago" for the past, with the
// units of FormatDuration.
func FormatRelative(t, now time.Time) string {
	d := t.Sub(now)
	switch {
	case d > -time.Minute && d < time.Minute:
		return "just now"
	case d > 0:
		return "in " + FormatDuration(d)
	default:
		return FormatDuration(-d) + " ago"
	}
}

// FormatCountdown returns the time left until deadline in the units of
// FormatDuration, "less than 1m" when under a minute remains, and "expired"
// once now has reached the deadline.
func FormatCountdown(deadline, now time.Time) string {
	left := deadline.Sub(now)
	switch {
	case left <= 0:
		return "expired"
	case left < time.Minute:
		return "less than 1m"
	default:
		return FormatDuration(left)
	}
}
