package guard_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/wsctl/wsctl/guard"
)

// tokenActor replaces the host's authentication in this example. It
// identifies a bearer token by its first 8 characters.
func tokenActor(r *http.Request) (guard.Actor, bool) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || len(tok) < 8 {
		return guard.Actor{}, false
	}
	return guard.Actor{Kind: "org", TokenPrefix: tok[:8]}, true
}

// auditLog keeps entries in memory; production hosts use a SQL store.
type auditLog struct{ entries []guard.Entry }

func (l *auditLog) Append(_ context.Context, e guard.Entry) error {
	l.entries = append(l.entries, e)
	return nil
}

func (l *auditLog) Query(context.Context, guard.AuditFilter) (guard.AuditPage, error) {
	return guard.AuditPage{Entries: l.entries}, nil
}

// This example guards the DELETE route of a net/http server. The first
// request lacks confirmation and reason and is refused; the second has both.
func Example() {
	workspaces := guard.ResolverFunc(func(_ context.Context, id string) (guard.Target, error) {
		if id != "ws-1" {
			return guard.Target{}, guard.ErrNotFound
		}
		return guard.Target{ID: id, Name: "billing-prod", ETag: `"3"`}, nil
	})
	audit := &auditLog{}
	g, err := guard.New(guard.Config{Resolver: workspaces, Actor: tokenActor, Audit: audit})
	if err != nil {
		panic(err)
	}

	mux := http.NewServeMux()
	mux.HandleFunc("DELETE /workspaces/{id}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, `{"status":"removed"}`)
	})
	// Request ids first, then authentication (done by tokenActor here), then guard.
	srv := httptest.NewServer(guard.RequestID(g.Middleware(mux)))
	defer srv.Close()

	send := func(confirm, reason string) {
		req, _ := http.NewRequest(http.MethodDelete, srv.URL+"/workspaces/ws-1", nil)
		req.Header.Set("Authorization", "Bearer org_0123456789abcdef")
		if confirm != "" {
			req.Header.Set(guard.HeaderConfirmName, guard.EncodeHeaderValue(confirm))
			req.Header.Set(guard.HeaderAuditReason, guard.EncodeHeaderValue(reason))
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			panic(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		fmt.Println(resp.StatusCode, resp.Header.Get(guard.HeaderBudgetRemaining), strings.Contains(string(body), "requires_confirmation"))
	}
	send("", "")
	send("billing-prod", "replaced by billing-v2")

	for _, e := range audit.entries {
		fmt.Printf("%s %s error=%q reason=%q\n", e.Action, e.Outcome, e.Error, e.Reason)
	}
	// Output:
	// 400 20 true
	// 200 19 false
	// workspace.delete refused error="destructive_action_requires_confirmation" reason=""
	// workspace.delete allowed error="" reason="replaced by billing-v2"
}
