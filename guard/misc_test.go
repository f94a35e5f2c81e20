package guard

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestRequestID(t *testing.T) {
	tests := []struct {
		name     string
		incoming string
		wantKept bool
	}{
		{name: "well formed", incoming: "req-123_abc.def:9", wantKept: true},
		{name: "missing", incoming: ""},
		{name: "space", incoming: "req 123"},
		{name: "too long", incoming: strings.Repeat("a", 129)},
		{name: "quote", incoming: `req"1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fromCtx string
			h := RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				fromCtx = RequestIDFromContext(r.Context())
			}))
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			if tt.incoming != "" {
				r.Header.Set(HeaderRequestID, tt.incoming)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)

			echoed := rec.Header().Get(HeaderRequestID)
			if echoed != fromCtx {
				t.Errorf("echoed %q, context %q: want the same id", echoed, fromCtx)
			}
			if got := echoed == tt.incoming; got != tt.wantKept {
				t.Errorf("kept incoming id: got %v, want %v (echoed %q)", got, tt.wantKept, echoed)
			}
			if !validRequestID(echoed) {
				t.Errorf("echoed id %q is not well formed", echoed)
			}
		})
	}
}

func TestStuckSessionWarning(t *testing.T) {
	since := time.Date(2026, 5, 1, 10, 0, 0, 0, time.FixedZone("CEST", 2*3600))
	tests := []struct {
		name      string
		tasks     int
		since     time.Time
		now       time.Time
		threshold time.Duration
		want      bool
	}{
		{name: "stuck", tasks: 1, since: since, now: since.Add(45 * time.Minute), want: true},
		{name: "at threshold", tasks: 1, since: since, now: since.Add(30 * time.Minute), want: false},
		{name: "idle", tasks: 0, since: since, now: since.Add(5 * time.Hour), want: false},
		{name: "unknown start", tasks: 2, now: since, want: false},
		{name: "custom threshold", tasks: 1, since: since, now: since.Add(11 * time.Minute), threshold: 10 * time.Minute, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ok := StuckSessionWarning("ws1", tt.tasks, tt.since, tt.now, tt.threshold)
			if ok != tt.want {
				t.Errorf("got %v, want %v", ok, tt.want)
			}
		})
	}
}

func TestStuckSessionWarningJSON(t *testing.T) {
	since := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	w, ok := StuckSessionWarning("ws1", 1, since, since.Add(2*time.Hour+3*time.Second), 0)
	if !ok {
		t.Fatal("got no warning, want one")
	}
	data, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"code":"session_likely_stuck","severity":"warn","first_observed_at":"2026-05-01T10:00:00Z",` +
		`"duration_seconds":7203,"hint":"POST /workspaces/ws1/restart resets the session without losing config or schedules",` +
		`"action":{"method":"POST","path":"/workspaces/ws1/restart"}}`
	if string(data) != want {
		t.Errorf("got  %s\nwant %s", data, want)
	}
}

func TestValidateReason(t *testing.T) {
	tests := []struct {
		in          string
		wantReason  string
		wantProblem reasonProblem
	}{
		{in: "  cleanup done  ", wantReason: "cleanup done", wantProblem: reasonOK},
		{in: "   ", wantProblem: reasonMissing},
		{in: "short", wantReason: "short", wantProblem: reasonTooShort},
		{in: "éééééééé", wantReason: "éééééééé", wantProblem: reasonOK},
		{in: strings.Repeat("x", 21), wantReason: strings.Repeat("x", 21), wantProblem: reasonTooLong},
		{in: "tab\there ok", wantReason: "tab\there ok", wantProblem: reasonControl},
		{in: "bell\x07 is bad", wantReason: "bell\x07 is bad", wantProblem: reasonControl},
		{in: "right\u202eto left", wantReason: "right\u202eto left", wantProblem: reasonControl},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, problem := validateReason(tt.in, 8, 20)
			if got != tt.wantReason {
				t.Errorf("reason: got %q, want %q", got, tt.wantReason)
			}
			if problem != tt.wantProblem {
				t.Errorf("problem: got %q, want %q", problem, tt.wantProblem)
			}
		})
	}
}

func TestCheckWithoutRequestID(t *testing.T) {
	f := newFixture(t, testName, nil)
	rec := httptest.NewRecorder()
	d := f.guard.Check(rec, deleteRequest("", ""))
	if d.Allowed() {
		t.Fatal("decision: got allowed, want a refusal")
	}
	d.Refusal.ServeHTTP(rec, d.Request)

	id := rec.Header().Get(HeaderRequestID)
	if !validRequestID(id) {
		t.Fatalf("%s: got %q, want a generated id", HeaderRequestID, id)
	}
	entries := f.audit.all()
	if len(entries) != 1 || entries[0].RequestID != id {
		t.Errorf("entry request id: got %v, want one entry with %q", entries, id)
	}
	if d.Action != ActionWorkspaceDelete {
		t.Errorf("action: got %q, want %q", d.Action, ActionWorkspaceDelete)
	}
}
