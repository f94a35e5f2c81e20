package client

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/wsctl/wsctl/client/clienttest"
)

const (
	// testToken has the shape of a platform token: 43 base64url characters.
	testToken = "wsT0k3n_SECRETvalue-abcdefghijklmnopqrstuvw"
	testBase  = "http://127.0.0.1:8080"
	wsID      = "3f2c9a1e-7b4d-4e8a-9c1f-2a6b8d0e5f71"
	childID   = "8d1e0c2b-4a3f-4b6e-9d7c-1e2f3a4b5c6d"
	grandID   = "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d"
	otherID   = "11111111-2222-4333-8444-555555555555"
)

// waitRecorder replaces Client.sleep: it records each backoff wait and
// returns at once, or returns the context's error if it is done.
type waitRecorder struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (w *waitRecorder) sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.waits = append(w.waits, d)
	w.mu.Unlock()
	return ctx.Err()
}

func (w *waitRecorder) recorded() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.waits...)
}

// newTestClient returns a client whose requests go to reg and whose retry
// waits are recorded instead of slept.
func newTestClient(t *testing.T, reg *clienttest.Registry, mutate ...func(*Options)) (*Client, *waitRecorder) {
	t.Helper()
	opts := Options{
		BaseURL:      testBase,
		Token:        testToken,
		HTTPClient:   reg.Client(),
		UserAgent:    "wsctl/1.2.3",
		RetryWaitMin: 10 * time.Millisecond,
		RetryWaitMax: 80 * time.Millisecond,
	}
	for _, m := range mutate {
		m(&opts)
	}
	c, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	waits := &waitRecorder{}
	c.sleep = waits.sleep
	return c, waits
}

// jsonEqual compares two JSON documents by value.
func jsonEqual(t *testing.T, got []byte, want string) bool {
	t.Helper()
	if len(bytes.TrimSpace(got)) == 0 && want == "" {
		return true
	}
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Errorf("body %q is not JSON: %v", got, err)
		return false
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want %q is not JSON: %v", want, err)
	}
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	return bytes.Equal(gb, wb)
}

func ptr[T any](v T) *T { return &v }

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("parse time %q: %v", s, err)
	}
	return v
}

func mustParseURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("parse URL %q: %v", raw, err)
	}
	return u
}
