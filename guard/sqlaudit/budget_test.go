package sqlaudit

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wsctl/wsctl/guard"
)

func countEvents(t *testing.T, tdb testDB, key string) int {
	t.Helper()
	var n int
	query := tdb.d.rebind(`SELECT count(*) FROM guard_budget_events WHERE budget_key = ?`)
	if err := tdb.db.QueryRow(query, key).Scan(&n); err != nil {
		t.Fatalf("count events of %s: %v", key, err)
	}
	return n
}

// TestBudgetConcurrentTake runs 100 Takes at once through two database
// handles, as two replicas would, against a budget of 20.
func TestBudgetConcurrentTake(t *testing.T) {
	const (
		takers = 100
		limit  = 20
	)
	forEachDB(t, func(t *testing.T, tdb testDB) {
		replicas := []*Budget{
			NewBudget(tdb.db, tdb.d, limit, time.Hour),
			NewBudget(tdb.open(t), tdb.d, limit, time.Hour),
		}
		now := baseTime

		var ok, refused atomic.Int32
		errs := make(chan error, takers)
		var wg sync.WaitGroup
		for i := range takers {
			wg.Go(func() {
				state, took, err := replicas[i%2].Take(context.Background(), "org:tok-1", now)
				switch {
				case err != nil:
					errs <- err
				case took:
					ok.Add(1)
				case state.Remaining != 0:
					errs <- fmt.Errorf("refused with %d remaining", state.Remaining)
				default:
					refused.Add(1)
				}
			})
		}
		wg.Wait()
		close(errs)

		for err := range errs {
			t.Errorf("Take: %v", err)
		}
		if got := ok.Load(); got != limit {
			t.Errorf("successful takes: got %d, want %d", got, limit)
		}
		if got := refused.Load(); got != takers-limit {
			t.Errorf("refused takes: got %d, want %d", got, takers-limit)
		}
		if got := countEvents(t, tdb, "org:tok-1"); got != limit {
			t.Errorf("stored events: got %d, want %d", got, limit)
		}
	})
}

// TestBudgetWindowRolls takes at minutes 0, 10 and 20 of a 3-per-hour budget
// and checks the state as the clock moves past each event's expiry.
func TestBudgetWindowRolls(t *testing.T) {
	at := func(m int) time.Time { return baseTime.Add(time.Duration(m) * time.Minute) }
	steps := []struct {
		name          string
		now           time.Time
		wantOK        bool
		wantRemaining int
		wantReset     time.Time
	}{
		{"first", at(0), true, 2, at(60)},
		{"second", at(10), true, 1, at(60)},
		{"third", at(20), true, 0, at(60)},
		{"over budget", at(30), false, 0, at(60)},
		{"just before expiry", at(60).Add(-time.Microsecond), false, 0, at(60)},
		{"first expired", at(60), true, 0, at(70)},
		{"over budget again", at(65), false, 0, at(70)},
		{"second expired", at(70), true, 0, at(80)},
		{"window empty", at(500), true, 2, at(560)},
		{"one counted", at(510), true, 1, at(560)},
	}
	forEachDB(t, func(t *testing.T, tdb testDB) {
		b := NewBudget(tdb.db, tdb.d, 3, time.Hour)
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				state, ok, err := b.Take(context.Background(), "org:tok-1", st.now)
				if err != nil {
					t.Fatalf("Take: %v", err)
				}

				if ok != st.wantOK {
					t.Errorf("ok: got %v, want %v", ok, st.wantOK)
				}
				want := guard.BudgetState{Limit: 3, Remaining: st.wantRemaining, Reset: st.wantReset}
				if state != want {
					t.Errorf("state: got %+v, want %+v", state, want)
				}
			})
		}
	})
}

func TestBudgetPeek(t *testing.T) {
	forEachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		b := NewBudget(tdb.db, tdb.d, 2, time.Hour)
		now := baseTime

		for i := range 3 {
			state, err := b.Peek(ctx, "org:tok-1", now)
			if err != nil {
				t.Fatalf("Peek %d: %v", i, err)
			}
			if want := (guard.BudgetState{Limit: 2, Remaining: 2, Reset: now}); state != want {
				t.Errorf("Peek %d on empty budget: got %+v, want %+v", i, state, want)
			}
		}
		if got := countEvents(t, tdb, "org:tok-1"); got != 0 {
			t.Errorf("events after Peek: got %d, want 0", got)
		}

		if _, _, err := b.Take(ctx, "org:tok-1", now); err != nil {
			t.Fatalf("Take: %v", err)
		}
		state, err := b.Peek(ctx, "org:tok-1", now.Add(time.Minute))
		if err != nil {
			t.Fatalf("Peek after Take: %v", err)
		}
		if want := (guard.BudgetState{Limit: 2, Remaining: 1, Reset: now.Add(time.Hour)}); state != want {
			t.Errorf("Peek after Take: got %+v, want %+v", state, want)
		}
		if got := countEvents(t, tdb, "org:tok-1"); got != 1 {
			t.Errorf("events after Take and Peek: got %d, want 1", got)
		}
	})
}

func TestBudgetKeysAreIndependent(t *testing.T) {
	forEachDB(t, func(t *testing.T, tdb testDB) {
		b := NewBudget(tdb.db, tdb.d, 1, time.Hour)
		ctx := context.Background()
		if _, ok, err := b.Take(ctx, "org:tok-1", baseTime); err != nil || !ok {
			t.Fatalf("Take org:tok-1: ok %v, err %v", ok, err)
		}

		_, ok, err := b.Take(ctx, "org:tok-2", baseTime)

		if err != nil {
			t.Fatalf("Take org:tok-2: %v", err)
		}
		if !ok {
			t.Errorf("Take org:tok-2: got refused, want ok")
		}
	})
}

// TestBudgetLoweredLimit checks Reset when a key holds more events than a
// newly lowered limit: the next Take passes only when enough have expired.
func TestBudgetLoweredLimit(t *testing.T) {
	forEachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		wide := NewBudget(tdb.db, tdb.d, 5, time.Hour)
		for m := range 5 {
			if _, ok, err := wide.Take(ctx, "org:tok-1", baseTime.Add(time.Duration(m)*time.Minute)); err != nil || !ok {
				t.Fatalf("Take %d: ok %v, err %v", m, ok, err)
			}
		}
		narrow := NewBudget(tdb.db, tdb.d, 3, time.Hour)

		state, ok, err := narrow.Take(ctx, "org:tok-1", baseTime.Add(10*time.Minute))

		if err != nil {
			t.Fatalf("Take: %v", err)
		}
		if ok {
			t.Errorf("Take: got ok, want refused")
		}
		// Events at minutes 0, 1 and 2 must expire to get below 3.
		if want := (guard.BudgetState{Limit: 3, Remaining: 0, Reset: baseTime.Add(62 * time.Minute)}); state != want {
			t.Errorf("state: got %+v, want %+v", state, want)
		}
	})
}

func TestBudgetSweepsOtherKeys(t *testing.T) {
	forEachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		b := NewBudget(tdb.db, tdb.d, 1, time.Hour)
		if _, _, err := b.Take(ctx, "org:idle", baseTime); err != nil {
			t.Fatalf("Take org:idle: %v", err)
		}

		later := baseTime.Add(2 * time.Hour)
		for i := 1; i < sweepEvery; i++ {
			if _, _, err := b.Take(ctx, fmt.Sprintf("org:busy-%d", i), later); err != nil {
				t.Fatalf("Take %d: %v", i, err)
			}
		}

		if got := countEvents(t, tdb, "org:idle"); got != 0 {
			t.Errorf("expired events of org:idle after %d takes: got %d, want 0", sweepEvery, got)
		}
	})
}

func TestBudgetEmptyKey(t *testing.T) {
	b := NewBudget(newSQLite(t, true).db, SQLite, 1, time.Hour)
	want := "sqlaudit: budget take: empty key"

	_, ok, err := b.Take(context.Background(), "", baseTime)

	if err == nil || err.Error() != want {
		t.Errorf("Take: got %v, want %q", err, want)
	}
	if ok {
		t.Errorf("Take: got ok, want refused")
	}
	if _, err := b.Peek(context.Background(), "", baseTime); err == nil {
		t.Errorf("Peek: got no error, want one for the empty key")
	}
}

func TestNewBudgetPanics(t *testing.T) {
	tests := []struct {
		name   string
		d      Dialect
		limit  int
		window time.Duration
		want   string
	}{
		{"invalid dialect", 0, 1, time.Hour, "sqlaudit: NewBudget: invalid dialect Dialect(0)"},
		{"zero limit", SQLite, 0, time.Hour, "sqlaudit: NewBudget: limit 0 is not positive"},
		{"negative window", SQLite, 1, -time.Second, "sqlaudit: NewBudget: window -1s is not positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if got, _ := recover().(string); got != tt.want {
					t.Errorf("panic: got %q, want %q", got, tt.want)
				}
			}()
			NewBudget(nil, tt.d, tt.limit, tt.window)
		})
	}
}

// TestBudgetTakeFailureEndsTransaction checks that a failed Take on SQLite
// leaves no transaction open on the pooled connection it used.
func TestBudgetTakeFailureEndsTransaction(t *testing.T) {
	tdb := newSQLite(t, false)
	tdb.db.SetMaxOpenConns(1)
	b := NewBudget(tdb.db, SQLite, 1, time.Hour)

	if _, _, err := b.Take(context.Background(), "org:tok-1", baseTime); err == nil {
		t.Fatalf("Take before Migrate: got no error, want one for the missing table")
	}
	mustMigrate(t, tdb)
	_, ok, err := b.Take(context.Background(), "org:tok-1", baseTime)

	if err != nil {
		t.Fatalf("Take after Migrate: %v", err)
	}
	if !ok {
		t.Errorf("Take after Migrate: got refused, want ok")
	}
}
