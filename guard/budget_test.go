package guard

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"
)

func TestBudgetParallelDeletes(t *testing.T) {
	f := newFixture(t, testName, func(c *Config) { c.Budget = NewMemoryBudget(20, time.Hour) })

	var wg sync.WaitGroup
	statuses := make([]int, 100)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = f.serve(deleteRequest(testName, testReason)).Code
		}()
	}
	wg.Wait()

	counts := map[int]int{}
	for _, s := range statuses {
		counts[s]++
	}
	if counts[http.StatusOK] != 20 {
		t.Errorf("allowed: got %d, want 20", counts[http.StatusOK])
	}
	if counts[http.StatusTooManyRequests] != 80 {
		t.Errorf("refused with 429: got %d, want 80", counts[http.StatusTooManyRequests])
	}
	if got := f.host.count(); got != 20 {
		t.Errorf("host calls: got %d, want 20", got)
	}
	outcomes := map[Outcome]int{}
	for _, e := range f.audit.all() {
		outcomes[e.Outcome]++
	}
	if outcomes[OutcomeAllowed] != 20 || outcomes[OutcomeRefused] != 80 {
		t.Errorf("audit outcomes: got %v, want 20 allowed and 80 refused", outcomes)
	}
}

func TestMemoryBudgetWindow(t *testing.T) {
	ctx := context.Background()
	b := NewMemoryBudget(2, time.Hour)
	t0 := testNow

	steps := []struct {
		name          string
		at            time.Time
		take          bool
		wantOK        bool
		wantRemaining int
		wantReset     time.Time
	}{
		{name: "fresh peek", at: t0, wantRemaining: 2, wantReset: t0},
		{name: "first take", at: t0, take: true, wantOK: true, wantRemaining: 1, wantReset: t0.Add(time.Hour)},
		{name: "second take", at: t0.Add(10 * time.Minute), take: true, wantOK: true, wantRemaining: 0, wantReset: t0.Add(time.Hour)},
		{name: "exhausted", at: t0.Add(59 * time.Minute), take: true, wantOK: false, wantRemaining: 0, wantReset: t0.Add(time.Hour)},
		{name: "first leaves window", at: t0.Add(time.Hour), take: true, wantOK: true, wantRemaining: 0, wantReset: t0.Add(70 * time.Minute)},
		{name: "all left", at: t0.Add(3 * time.Hour), wantRemaining: 2, wantReset: t0.Add(3 * time.Hour)},
	}
	for _, s := range steps {
		var st BudgetState
		var ok bool
		var err error
		if s.take {
			st, ok, err = b.Take(ctx, "org:abc", s.at)
		} else {
			st, err = b.Peek(ctx, "org:abc", s.at)
		}
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if s.take && ok != s.wantOK {
			t.Errorf("%s: ok got %v, want %v", s.name, ok, s.wantOK)
		}
		if st.Remaining != s.wantRemaining {
			t.Errorf("%s: remaining got %d, want %d", s.name, st.Remaining, s.wantRemaining)
		}
		if !st.Reset.Equal(s.wantReset) {
			t.Errorf("%s: reset got %s, want %s", s.name, st.Reset, s.wantReset)
		}
		if st.Limit != 2 {
			t.Errorf("%s: limit got %d, want 2", s.name, st.Limit)
		}
	}
}

func TestMemoryBudgetKeysIndependent(t *testing.T) {
	ctx := context.Background()
	b := NewMemoryBudget(1, time.Hour)
	if _, ok, _ := b.Take(ctx, "org:aaaa", testNow); !ok {
		t.Fatalf("first key: got refused, want allowed")
	}
	if _, ok, _ := b.Take(ctx, "org:bbbb", testNow); !ok {
		t.Errorf("second key: got refused, want allowed")
	}
}
