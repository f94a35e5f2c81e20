package guard

import "time"

// DefaultStuckThreshold is how long active_tasks must stay above zero before
// StuckSessionWarning reports a session as likely stuck.
const DefaultStuckThreshold = 30 * time.Minute

// Warning is one entry of the "warnings" list on workspace responses.
type Warning struct {
	// Code is "session_likely_stuck".
	Code string `json:"code"`
	// Severity is "warn".
	Severity string `json:"severity"`
	// FirstObservedAt is when active_tasks was first seen above zero, in UTC.
	FirstObservedAt time.Time `json:"first_observed_at"`
	// DurationSeconds is how long that has lasted, in whole seconds.
	DurationSeconds int64 `json:"duration_seconds"`
	// Hint is the cure, in words for the operator.
	Hint string `json:"hint"`
	// Action is the request that applies the cure.
	Action WarningAction `json:"action"`
}

// WarningAction is the HTTP request a Warning suggests.
type WarningAction struct {
	Method string `json:"method"`
	Path   string `json:"path"`
}

// StuckSessionWarning returns the session_likely_stuck warning when a
// workspace has reported activeTasks > 0 continuously since activeSince for
// longer than threshold at now. threshold 0 or below means 30 minutes. A zero
// activeSince means the start is unknown, and no warning is returned.
func StuckSessionWarning(workspaceID string, activeTasks int, activeSince, now time.Time, threshold time.Duration) (Warning, bool) {
	if threshold <= 0 {
		threshold = DefaultStuckThreshold
	}
	if activeTasks <= 0 || activeSince.IsZero() {
		return Warning{}, false
	}
	d := now.Sub(activeSince)
	if d <= threshold {
		return Warning{}, false
	}

	path := "/workspaces/" + workspaceID + "/restart"
	return Warning{
		Code:            "session_likely_stuck",
		Severity:        "warn",
		FirstObservedAt: activeSince.UTC(),
		DurationSeconds: int64(d / time.Second),
		Hint:            "POST " + path + " resets the session without losing config or schedules",
		Action:          WarningAction{Method: "POST", Path: path},
	}, true
}
