package guard

import (
	"context"
	"sync"
	"time"
)

// memoryBudget is a rolling-window Budget kept in process memory.
type memoryBudget struct {
	limit  int
	window time.Duration

	mu    sync.Mutex
	taken map[string][]time.Time // per key, oldest first, all inside the window
}

// NewMemoryBudget returns a Budget that allows limit destructive actions per
// key within any rolling window of the given length. State lives in this
// process only: replicas each count separately and a restart clears every
// count. With nothing counted, BudgetState.Reset is the time of the call.
// limit below 1 becomes 1 and window below 1 s becomes 1 s.
func NewMemoryBudget(limit int, window time.Duration) Budget {
	if limit < 1 {
		limit = 1
	}
	if window < time.Second {
		window = time.Second
	}
	return &memoryBudget{limit: limit, window: window, taken: map[string][]time.Time{}}
}

// Peek returns the state of key at now without consuming anything.
func (b *memoryBudget) Peek(_ context.Context, key string, now time.Time) (BudgetState, error) {
	b.mu.Lock()
	defer b.mu.Unlock()

	return b.stateLocked(key, now), nil
}

// Take consumes one action for key if any remain.
func (b *memoryBudget) Take(_ context.Context, key string, now time.Time) (BudgetState, bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()

	st := b.stateLocked(key, now)
	if st.Remaining <= 0 {
		return st, false, nil
	}
	b.taken[key] = append(b.taken[key], now)
	return b.stateLocked(key, now), true, nil
}

// stateLocked drops actions that left the window and describes the rest.
// An action taken at t counts while now is before t+window.
func (b *memoryBudget) stateLocked(key string, now time.Time) BudgetState {
	times := b.taken[key]
	cut := 0
	for cut < len(times) && !now.Before(times[cut].Add(b.window)) {
		cut++
	}
	times = times[cut:]
	if len(times) == 0 {
		delete(b.taken, key)
	} else {
		b.taken[key] = times
	}

	st := BudgetState{Limit: b.limit, Remaining: b.limit - len(times), Reset: now}
	if len(times) > 0 {
		st.Reset = times[0].Add(b.window)
	}
	if st.Remaining < 0 {
		st.Remaining = 0
	}
	return st
}
