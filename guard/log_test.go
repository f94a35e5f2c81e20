package guard

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestSecretsNeverLeak sends a recognisable token through allowed, refused
// and failing requests, with an ActorFunc that wrongly passes the whole
// token as its prefix, and checks logs, entries and responses.
func TestSecretsNeverLeak(t *testing.T) {
	leakyActor := func(r *http.Request) (Actor, bool) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		return Actor{Kind: "org", TokenPrefix: tok}, ok
	}
	f := newFixture(t, testName, func(c *Config) { c.Actor = leakyActor })

	var bodies strings.Builder
	for _, r := range []*http.Request{
		deleteRequest(testName, testReason),
		deleteRequest("", ""),
		deleteRequest("beta", testReason),
		deleteRequest("UTF-8''%ZZ", testReason),
	} {
		rec := f.serve(r)
		bodies.WriteString(rec.Body.String())
	}
	f.host.status = http.StatusInternalServerError
	f.serve(deleteRequest(testName, testReason))

	entries, err := json.Marshal(f.audit.all())
	if err != nil {
		t.Fatal(err)
	}
	secret := testToken[8:] // anything past the 8-character prefix
	for where, text := range map[string]string{"logs": f.logs.String(), "entries": string(entries), "responses": bodies.String()} {
		if strings.Contains(text, secret) {
			t.Errorf("%s contain the token: %s", where, text)
		}
	}
	if !strings.Contains(f.logs.String(), `"actor":"org:`+testToken[:8]+`"`) {
		t.Errorf("logs: got %s, want the actor as kind and 8-character prefix", f.logs)
	}
}

func TestRefusalLogLine(t *testing.T) {
	f := newFixture(t, testName, nil)
	longReason := strings.Repeat("r", 200)
	f.serve(deleteRequest("", longReason))

	var line map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(f.logs.String())), &line); err != nil {
		t.Fatalf("log is not one JSON line: %v: %s", err, f.logs)
	}
	want := map[string]any{
		"level":        "INFO",
		"msg":          "destructive request refused",
		"workspace_id": testWorkspaceID,
		"actor":        "org:" + testToken[:8],
		"action":       string(ActionWorkspaceDelete),
		"status":       400.0,
		"error":        CodeRequiresConfirmation,
		"reason":       strings.Repeat("r", 80) + "…",
	}
	for k, v := range want {
		if line[k] != v {
			t.Errorf("log %s: got %v, want %v", k, line[k], v)
		}
	}
	if id, _ := line["request_id"].(string); id == "" {
		t.Errorf("log request_id: got empty, want the request id")
	}
}

func TestErrorLogLine(t *testing.T) {
	f := newFixture(t, testName, func(c *Config) { c.Resolver = mapResolver{err: errStoreDown} })
	rec := f.serve(deleteRequest(testName, testReason))

	if !strings.Contains(f.logs.String(), `"level":"ERROR","msg":"resolve workspace failed"`) {
		t.Errorf("logs: got %s, want an error line for the resolver", f.logs)
	}
	if strings.Contains(rec.Body.String(), errStoreDown.Error()) {
		t.Errorf("response leaks the internal error: %s", rec.Body)
	}
}
