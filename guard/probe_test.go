package guard

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// probeHost is a workspace API on http.ServeMux whose destructive handlers
// count every request that reaches them for the existing workspace.
func probeHost(destructive *atomic.Int64) http.Handler {
	mux := http.NewServeMux()
	reached := func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == testWorkspaceID {
			destructive.Add(1)
		}
		w.Header().Set("X-Host", "1")
		w.WriteHeader(http.StatusOK)
	}
	mux.HandleFunc("DELETE /workspaces/{id}", reached)
	mux.HandleFunc("DELETE /workspaces/{id}/memories/{memory_id}", reached)
	mux.HandleFunc("POST /workspaces/{id}/purge", reached)
	mux.HandleFunc("PATCH /workspaces/{id}", func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Disabled bool }
		data, _ := io.ReadAll(r.Body)
		if json.Unmarshal(data, &body) == nil && body.Disabled {
			reached(w, r)
			return
		}
		w.Header().Set("X-Host", "1")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Host", "1")
		w.WriteHeader(http.StatusNotFound)
	})
	return mux
}

// TestProbeLoop sends every method to every workspace sub-path, with and
// without bodies and without confirmation, the way an operator probing verbs
// in a shell loop would.
func TestProbeLoop(t *testing.T) {
	f := newFixture(t, testName, func(c *Config) { c.Budget = NewMemoryBudget(1000, DefaultBudgetWindow) })
	var destructive atomic.Int64
	srv := httptest.NewServer(RequestID(f.guard.Middleware(probeHost(&destructive))))
	defer srv.Close()
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

	base := "/workspaces/" + testWorkspaceID
	paths := []string{base}
	for _, sub := range []string{"restart", "terminate", "abort", "stop", "kill", "reset", "session",
		"native_session", "memories", "memories/m-1", "purge", "restore", "no-such-route"} {
		paths = append(paths, base+"/"+sub)
	}
	// Crafted spellings of the destructive paths that a router may clean or
	// decode before routing.
	paths = append(paths,
		base+"/", "/workspaces//"+testWorkspaceID, "/workspaces/./"+testWorkspaceID,
		"/workspaces/x/../"+testWorkspaceID, "/workspaces/%30"+testWorkspaceID[1:],
		base+"/memories/m-1/", base+"/memories%2Fm-1", base+"/%70urge", "//workspaces/"+testWorkspaceID,
	)
	methods := []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
	bodies := []string{"", `{"reason":"probing the verbs"}`, `{"disabled":true}`}

	refused := map[string]bool{} // request ids of refusals; only guard sets budget headers
	for _, m := range methods {
		for _, p := range paths {
			for _, b := range bodies {
				req, err := http.NewRequest(m, srv.URL+p, strings.NewReader(b))
				if err != nil {
					t.Fatalf("%s %s: %v", m, p, err)
				}
				req.Header.Set("Authorization", "Bearer "+testToken)
				resp, err := client.Do(req)
				if err != nil {
					t.Fatalf("%s %s: %v", m, p, err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()

				fromHost := resp.Header.Get("X-Host") == "1"
				if probeIsDestructive(m, p, b) && fromHost {
					t.Errorf("%s %s %s: reached the host with status %d, want a refusal", m, p, b, resp.StatusCode)
				}
				if resp.Header.Get(HeaderBudgetLimit) != "" {
					refused[resp.Header.Get(HeaderRequestID)] = true
				}
			}
		}
	}

	if got := destructive.Load(); got != 0 {
		t.Errorf("destructive requests that reached the host: got %d, want 0", got)
	}
	entries := f.audit.all()
	if len(entries) != len(refused) {
		t.Errorf("audit entries: got %d, want %d (one per refusal)", len(entries), len(refused))
	}
	for _, e := range entries {
		if e.Outcome != OutcomeRefused {
			t.Errorf("entry %s: outcome got %q, want refused", e.RequestID, e.Outcome)
		}
		if !refused[e.RequestID] {
			t.Errorf("entry %s: no refused response carries this request id", e.RequestID)
		}
	}
	if len(refused) < 40 {
		t.Errorf("refusals: got %d, want at least 40, so the probe covers the destructive routes", len(refused))
	}
}

// probeIsDestructive is an oracle written independently of the rules: it
// decodes and cleans the path the way routers do.
func probeIsDestructive(method, rawPath, body string) bool {
	var segs []string
	for _, s := range strings.Split(rawPath, "/") {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "%2F", "/"), "%30", "0")
		s = strings.ReplaceAll(s, "%70", "p")
		for _, part := range strings.Split(s, "/") {
			switch part {
			case "", ".":
			case "..":
				segs = segs[:len(segs)-1]
			default:
				segs = append(segs, part)
			}
		}
	}
	if len(segs) < 2 || segs[0] != "workspaces" || segs[1] != testWorkspaceID {
		return false
	}
	switch {
	case method == "DELETE" && len(segs) == 2:
		return true
	case method == "DELETE" && len(segs) == 4 && segs[2] == "memories":
		return true
	case method == "POST" && len(segs) == 3 && segs[2] == "purge":
		return true
	case method == "PATCH" && len(segs) == 2:
		return strings.Contains(body, `"disabled":true`)
	}
	return false
}
