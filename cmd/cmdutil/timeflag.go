package cmdutil

import (
	"strconv"
	"strings"
	"time"
)

// ParseTimeFlag parses the value of a flag such as --since: either an RFC
// 3339 time, or an age counted back from now written as a whole number of
// days ("30d") or a Go duration ("12h", "90m", "1h30m"). It returns a
// FlagError naming the flag, the value and the accepted forms.
func ParseTimeFlag(flag, value string, now time.Time) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, value); err == nil {
		return t.UTC(), nil
	}

	age, ok := parseAge(value)
	if !ok {
		return time.Time{}, FlagErrorf("invalid --%s %q: use an age such as 30d, 12h or 90m, or an RFC 3339 time such as 2025-01-31T09:00:00Z", flag, value)
	}
	return now.Add(-age).UTC(), nil
}

func parseAge(value string) (time.Duration, bool) {
	if days, found := strings.CutSuffix(value, "d"); found {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 100*365 {
			return 0, false
		}
		return time.Duration(n) * 24 * time.Hour, true
	}

	d, err := time.ParseDuration(value)
	if err != nil || d < 0 {
		return 0, false
	}
	return d, true
}
