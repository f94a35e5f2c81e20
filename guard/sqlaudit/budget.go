package sqlaudit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/wsctl/wsctl/guard"
)

// sweepEvery is how many Takes pass between sweeps of expired events of all
// keys. Each Take already deletes the expired events of its own key, so the
// sweep only matters for keys that are never used again.
const sweepEvery = 64

// Budget is a rolling-window limit on destructive actions per key, stored in
// guard_budget_events so that every replica on one database shares it. It
// implements guard.Budget and is safe for concurrent use.
//
// An action counts while now-window < taken_at, so it stops counting exactly
// one window after it was taken. Times come from the now arguments, so
// replicas should keep their clocks in sync.
type Budget struct {
	db     *sql.DB
	d      Dialect
	limit  int
	window time.Duration

	takes atomic.Uint64
}

var _ guard.Budget = (*Budget)(nil)

// NewBudget returns a Budget allowing limit actions per key in any window,
// such as 20 per hour. It panics if d is invalid or limit or window is not
// positive, because those are programming errors.
func NewBudget(db *sql.DB, d Dialect, limit int, window time.Duration) *Budget {
	if !d.valid() {
		panic(fmt.Sprintf("sqlaudit: NewBudget: invalid dialect %v", d))
	}
	if limit <= 0 {
		panic(fmt.Sprintf("sqlaudit: NewBudget: limit %d is not positive", limit))
	}
	if window <= 0 {
		panic(fmt.Sprintf("sqlaudit: NewBudget: window %v is not positive", window))
	}
	return &Budget{db: db, d: d, limit: limit, window: window}
}

// Peek returns the state of key at now without consuming anything. It reads
// outside any transaction, so a concurrent Take can change the state at once.
func (b *Budget) Peek(ctx context.Context, key string, now time.Time) (guard.BudgetState, error) {
	if key == "" {
		return guard.BudgetState{}, errors.New("sqlaudit: budget peek: empty key")
	}

	state, err := b.state(ctx, b.db, key, now)
	if err != nil {
		return guard.BudgetState{}, fmt.Errorf("sqlaudit: budget peek: %w", err)
	}
	return state, nil
}

// Take records one action for key at now if the budget allows it. Takes of
// one key are serialised across replicas (BEGIN IMMEDIATE on SQLite, a
// transaction-scoped advisory lock on the key's hash on Postgres), so of N
// concurrent Takes with R remaining exactly R succeed. On refusal it returns
// ok false, consumes nothing, and state.Reset is when the next Take can pass.
//
// Take runs its own transaction on its own connection. On SQLite, calling it
// while the caller holds a write transaction on the same database blocks
// until the busy timeout and then fails.
func (b *Budget) Take(ctx context.Context, key string, now time.Time) (guard.BudgetState, bool, error) {
	if key == "" {
		return guard.BudgetState{}, false, errors.New("sqlaudit: budget take: empty key")
	}

	var (
		state guard.BudgetState
		ok    bool
	)
	err := inWriteTx(ctx, b.db, b.d, func(q querier) error {
		var err error
		state, ok, err = b.take(ctx, q, key, now)
		return err
	})
	if err != nil {
		return guard.BudgetState{}, false, fmt.Errorf("sqlaudit: budget take: %w", err)
	}

	if b.takes.Add(1)%sweepEvery == 0 {
		b.sweep(ctx, now)
	}
	return state, ok, nil
}

func (b *Budget) take(ctx context.Context, q querier, key string, now time.Time) (guard.BudgetState, bool, error) {
	if b.d == Postgres {
		// hashtext collisions only make two keys wait for each other.
		lock := `SELECT pg_advisory_xact_lock(hashtext('wsctl.guard.sqlaudit.budget:' || $1))`
		if _, err := q.ExecContext(ctx, lock, key); err != nil {
			return guard.BudgetState{}, false, fmt.Errorf("lock key: %w", err)
		}
	}

	expire := b.d.rebind(`DELETE FROM guard_budget_events WHERE budget_key = ? AND taken_at <= ?`)
	if _, err := q.ExecContext(ctx, expire, key, b.d.timeArg(now.Add(-b.window))); err != nil {
		return guard.BudgetState{}, false, fmt.Errorf("delete expired events: %w", err)
	}

	state, err := b.state(ctx, q, key, now)
	if err != nil {
		return guard.BudgetState{}, false, err
	}
	if state.Remaining == 0 {
		return state, false, nil
	}

	insert := b.d.rebind(`INSERT INTO guard_budget_events (budget_key, taken_at) VALUES (?, ?)`)
	if _, err := q.ExecContext(ctx, insert, key, b.d.timeArg(now)); err != nil {
		return guard.BudgetState{}, false, fmt.Errorf("record event: %w", err)
	}

	// The new event is the oldest one when it is the first, or when the
	// others carry later times from a replica whose clock runs ahead.
	wasEmpty := state.Remaining == b.limit
	state.Remaining--
	expires := now.UTC().Truncate(time.Microsecond).Add(b.window)
	if wasEmpty || expires.Before(state.Reset) {
		state.Reset = expires
	}
	return state, true, nil
}

// state counts the events of key inside the window ending at now.
func (b *Budget) state(ctx context.Context, q interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}, key string, now time.Time) (guard.BudgetState, error) {
	cutoff := b.d.timeArg(now.Add(-b.window))

	var (
		count  int
		oldest timeColumn
	)
	summary := b.d.rebind(`SELECT count(*), min(taken_at) FROM guard_budget_events WHERE budget_key = ? AND taken_at > ?`)
	if err := q.QueryRowContext(ctx, summary, key, cutoff).Scan(&count, &oldest); err != nil {
		return guard.BudgetState{}, fmt.Errorf("count events: %w", err)
	}

	state := guard.BudgetState{Limit: b.limit, Remaining: max(b.limit-count, 0), Reset: now.UTC()}
	if count == 0 {
		return state, nil
	}
	state.Reset = oldest.Time.Add(b.window)

	// With more events than the limit (the limit was lowered), one expiring
	// event frees nothing: the next Take passes once the (count-limit+1)-th
	// oldest event leaves the window.
	if count > b.limit {
		var freeing timeColumn
		nth := b.d.rebind(`SELECT taken_at FROM guard_budget_events WHERE budget_key = ? AND taken_at > ?
			ORDER BY taken_at LIMIT 1 OFFSET ?`)
		if err := q.QueryRowContext(ctx, nth, key, cutoff, count-b.limit).Scan(&freeing); err != nil {
			return guard.BudgetState{}, fmt.Errorf("find next expiring event: %w", err)
		}
		state.Reset = freeing.Time.Add(b.window)
	}
	return state, nil
}

// sweep deletes expired events of every key. It is best effort: a failure
// only leaves rows that later sweeps delete, so it is not reported.
func (b *Budget) sweep(ctx context.Context, now time.Time) {
	query := b.d.rebind(`DELETE FROM guard_budget_events WHERE taken_at <= ?`)
	_, _ = b.db.ExecContext(ctx, query, b.d.timeArg(now.Add(-b.window)))
}
