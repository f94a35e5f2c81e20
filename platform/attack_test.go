package platform

import (
	"context"
	"encoding/base64"
	"errors"
	"hash/crc32"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/wsctl/wsctl/platform/store"
)

const (
	prodID     = "33333333-3333-4333-8333-333333333305"
	seoMemory  = "11111111-1111-4111-8111-3e0000000001"
	unknownID  = "44444444-4444-4444-8444-444444444444"
	budgetLeft = "X-Destructive-Budget-Remaining"
)

func (e *testEnv) createWorkspace(name string) string {
	e.t.Helper()
	r := e.do("POST", "/workspaces", map[string]string{"name": name})
	e.wantStatus(r, http.StatusCreated, "create "+name)
	id, _ := r.json(e.t)["id"].(string)
	return id
}

// latestAudit returns the newest audit entry of a workspace.
func (e *testEnv) latestAudit(workspaceID string) map[string]any {
	e.t.Helper()
	r := e.do("GET", "/admin/audit?limit=1&workspace_id="+workspaceID, nil)
	e.wantStatus(r, http.StatusOK, "read audit")
	entries, _ := r.json(e.t)["entries"].([]any)
	if len(entries) == 0 {
		e.t.Fatalf("audit of %s: got no entries, want at least one", workspaceID)
	}
	return entries[0].(map[string]any)
}

// TestCascadeChargesBudget moves seeded workspaces under a new root, which
// is not a destructive request, and then purges the root with one
// confirmation. Each workspace the cascade takes along must cost budget.
func TestCascadeChargesBudget(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, dsn(t), func(o *Options) { o.BudgetLimit = 4 })
			root := e.createWorkspace("harmless-root")
			for _, id := range []string{seoID, teamID} {
				e.wantStatus(e.do("PATCH", "/workspaces/"+id, map[string]string{"parent_id": root}), http.StatusOK, "reparent "+id)
			}

			// The root now has 4 live descendants: SEO Agent, Research Team
			// and its 2 children. Guard takes 1 action, 3 remain.
			r := e.deleteConfirmed(root, "harmless-root", "?confirm=true&purge=true")

			e.wantStatus(r, http.StatusTooManyRequests, "purge of the reparented tree")
			if got := r.json(t)["error"]; got != "destructive_budget_exceeded" {
				t.Errorf("error: got %v, want destructive_budget_exceeded", got)
			}
			if got := r.header.Get(budgetLeft); got != "3" {
				t.Errorf("%s: got %q, want %q", budgetLeft, got, "3")
			}
			for _, id := range []string{root, seoID, teamID} {
				e.wantStatus(e.do("GET", "/workspaces/"+id, nil), http.StatusOK, "workspace "+id+" after the refused purge")
			}
			entry := e.latestAudit(root)
			if entry["outcome"] != "refused" || entry["error"] != "destructive_budget_exceeded" {
				t.Errorf("audit entry: got %v/%v, want refused/destructive_budget_exceeded", entry["outcome"], entry["error"])
			}
		})
	}
}

func TestCascadeWithinBudget(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, dsn(t), func(o *Options) { o.BudgetLimit = 10 })

			r := e.deleteConfirmed(teamID, "Research Team", "?confirm=true")

			e.wantStatus(r, http.StatusOK, "delete team with its 2 children")
			if got := mustNum(t, r.json(t), "cascade_deleted"); got != 2 {
				t.Errorf("cascade_deleted: got %d, want 2", got)
			}
			if got := r.header.Get(budgetLeft); got != "7" {
				t.Errorf("%s: got %q, want %q (10 minus the team and its 2 children)", budgetLeft, got, "7")
			}

			rootEntry := e.latestAudit(teamID)
			for _, child := range []string{"22222222-2222-4222-8222-2222222222c1", "22222222-2222-4222-8222-2222222222c2"} {
				entry := e.latestAudit(child)
				if entry["action"] != "workspace.delete" || entry["outcome"] != "allowed" {
					t.Errorf("audit of child %s: got %v/%v, want workspace.delete/allowed", child, entry["action"], entry["outcome"])
				}
				if entry["reason"] != testReason {
					t.Errorf("audit reason of child %s: got %v, want %q", child, entry["reason"], testReason)
				}
				if entry["request_id"] != rootEntry["request_id"] {
					t.Errorf("audit request_id of child %s: got %v, want the team's %v", child, entry["request_id"], rootEntry["request_id"])
				}
			}
		})
	}
}

// TestCascadeTreeChanged covers descendants that change between the list
// the handler charged and the delete transaction.
func TestCascadeTreeChanged(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, dsn(t))
			ctx := context.Background()

			refs, err := e.p.store.LiveDescendants(ctx, teamID)
			if err != nil || len(refs) != 2 {
				t.Fatalf("LiveDescendants: got %v, %v; want 2", refs, err)
			}
			listed := []string{refs[0].ID}
			deletion := store.Deletion{ID: uuid.NewString(), Now: e.clock.Now(), Window: DefaultRestoreWindow, Cascade: true, CascadeIDs: listed}
			if _, err := e.p.store.SoftDelete(ctx, teamID, deletion, nil); !errors.Is(err, store.ErrTreeChanged) {
				t.Errorf("SoftDelete: got %v, want ErrTreeChanged", err)
			}
			hard := store.HardDeletion{Now: e.clock.Now(), Cascade: true, CascadeIDs: listed}
			if _, err := e.p.store.HardDelete(ctx, teamID, hard, nil); !errors.Is(err, store.ErrTreeChanged) {
				t.Errorf("HardDelete: got %v, want ErrTreeChanged", err)
			}
			swapped := store.Deletion{ID: uuid.NewString(), Now: e.clock.Now(), Window: DefaultRestoreWindow, Cascade: true,
				CascadeIDs: []string{refs[0].ID, seoID}}
			if _, err := e.p.store.SoftDelete(ctx, teamID, swapped, nil); !errors.Is(err, store.ErrTreeChanged) {
				t.Errorf("SoftDelete with another descendant listed: got %v, want ErrTreeChanged", err)
			}
			if got := len(e.do("GET", "/workspaces", nil).list(t)); got != 10 {
				t.Errorf("live workspaces: got %d, want 10", got)
			}
		})
	}
}

// auditCursor builds a cursor with a valid checksum around id, as a client
// that read the cursor format could.
func auditCursor(id string) string {
	body := "1773144000000000." + id
	raw := "v1." + strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(body))), 16) + "." + body
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// TestBadTextGets4xx sends text Postgres cannot store or compare (NUL,
// invalid UTF-8). It must get a 4xx before reaching the store, never a 503.
func TestBadTextGets4xx(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, dsn(t))
			tests := []struct {
				name       string
				method     string
				path       string
				body       string
				wantStatus int
				wantInBody string
			}{
				{"memory content NUL", "POST", "/workspaces/" + seoID + "/memories", `{"content":"a\u0000b"}`, 400, "NUL"},
				{"schedule prompt NUL", "POST", "/workspaces/" + seoID + "/schedules", `{"name":"n","cron_expr":"0 1 * * *","prompt":"a\u0000"}`, 400, "NUL"},
				{"heartbeat task NUL", "POST", "/registry/heartbeat", `{"workspace_id":"` + seoID + `","active_tasks":1,"current_task":"a\u0000"}`, 400, "NUL"},
				{"create runtime NUL", "POST", "/workspaces", `{"name":"n","runtime":"a\u0000"}`, 400, "NUL"},
				{"patch runtime NUL", "PATCH", "/workspaces/" + seoID, `{"runtime":"a\u0000"}`, 400, "NUL"},
				{"agent card NUL", "POST", "/workspaces", `{"name":"n","agent_card":{"k":"\u0000"}}`, 400, "NUL"},
				{"escaped backslash passes", "POST", "/workspaces/" + seoID + "/memories", `{"content":"a\\u0000b"}`, 201, "created"},
				{"audit actor NUL", "GET", "/admin/audit?actor=%00", "", 400, "invalid actor"},
				{"audit actor latin1", "GET", "/admin/audit?actor=%FF", "", 400, "invalid actor"},
				{"audit cursor latin1 id", "GET", "/admin/audit?cursor=" + auditCursor("e\xff"), "", 400, "invalid cursor"},
				{"schedule id NUL", "DELETE", "/workspaces/" + seoID + "/schedules/%00", "", 404, "schedule not found"},
				{"schedule id latin1", "PATCH", "/workspaces/" + seoID + "/schedules/%FF", `{"enabled":false}`, 404, "schedule not found"},
				{
					"memory id not a UUID", "DELETE", "/workspaces/" + seoID + "/memories/m1", `{"reason":"` + testReason + `"}`,
					404, "memory not found",
				},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					var body any
					if tt.body != "" {
						body = tt.body
					}
					r := e.do(tt.method, tt.path, body, "X-Confirm-Name: SEO Agent")
					if r.status != tt.wantStatus {
						t.Fatalf("got status %d, want %d; body %s", r.status, tt.wantStatus, r.body)
					}
					if !strings.Contains(string(r.body), tt.wantInBody) {
						t.Errorf("body: got %s, want it to contain %q", r.body, tt.wantInBody)
					}
				})
			}
		})
	}
}

// TestUnguardedReasonRules checks that restore and restart reasons, which
// guard does not see, follow its character rules.
func TestUnguardedReasonRules(t *testing.T) {
	e := newEnv(t, backends(t)["sqlite"](t))
	e.wantStatus(e.deleteConfirmed(prodID, "prod", ""), http.StatusOK, "delete prod")
	tests := []struct {
		name       string
		path       string
		reason     string
		wantStatus int
	}{
		{"restart right-to-left override", "/workspaces/" + seoID + "/restart", "restart \u202eeludehcs", 400},
		{"restart C1 control", "/workspaces/" + seoID + "/restart", "restart\u0085now", 400},
		{"restart isolate", "/workspaces/" + seoID + "/restart", "restart \u2066x\u2069", 400},
		{"restore left-to-right mark", "/workspaces/" + prodID + "/restore", "undo \u200e delete", 400},
		{"restart replacement character", "/workspaces/" + seoID + "/restart", "restart \ufffd now", 400},
		{"restore replacement character", "/workspaces/" + prodID + "/restore", "undo \ufffd delete", 400},
		{"restart too long", "/workspaces/" + seoID + "/restart", strings.Repeat("r", 1001), 400},
		{"restart plain", "/workspaces/" + seoID + "/restart", "restart the stuck session", 200},
		{"restore plain", "/workspaces/" + prodID + "/restore", "deleted by mistake", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do("POST", tt.path, map[string]string{"reason": tt.reason})
			if r.status != tt.wantStatus {
				t.Fatalf("got status %d, want %d; body %s", r.status, tt.wantStatus, r.body)
			}
		})
	}
}

// TestRenameAfterConfirm covers a rename that commits between guard's check
// of X-Confirm-Name and the transaction of the action: the store compares
// the confirmed name again under the row lock.
func TestRenameAfterConfirm(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, dsn(t))
			ctx := context.Background()
			e.wantStatus(e.do("PATCH", "/workspaces/"+prodID, map[string]string{"name": "prod-renamed"}), http.StatusOK, "rename prod")
			disabled := true

			deletion := store.Deletion{ID: uuid.NewString(), Now: e.clock.Now(), Window: DefaultRestoreWindow, ExpectName: "prod"}
			if _, err := e.p.store.SoftDelete(ctx, prodID, deletion, nil); !errors.Is(err, store.ErrNameChanged) {
				t.Errorf("SoftDelete: got %v, want ErrNameChanged", err)
			}
			hard := store.HardDeletion{Now: e.clock.Now(), ExpectName: "prod"}
			if _, err := e.p.store.HardDelete(ctx, prodID, hard, nil); !errors.Is(err, store.ErrNameChanged) {
				t.Errorf("HardDelete: got %v, want ErrNameChanged", err)
			}
			patch := store.Patch{Disabled: &disabled, ExpectName: "prod"}
			if err := e.p.store.UpdateWorkspace(ctx, prodID, patch, e.clock.Now(), nil); !errors.Is(err, store.ErrNameChanged) {
				t.Errorf("UpdateWorkspace: got %v, want ErrNameChanged", err)
			}

			e.wantStatus(e.do("PATCH", "/workspaces/"+seoID, map[string]string{"name": "SEO Agent v2"}), http.StatusOK, "rename SEO Agent")
			if err := e.p.store.DeleteMemory(ctx, seoID, seoMemory, "SEO Agent", nil); !errors.Is(err, store.ErrNameChanged) {
				t.Errorf("DeleteMemory: got %v, want ErrNameChanged", err)
			}
			if got := len(e.do("GET", "/workspaces/"+seoID+"/memories", nil).list(t)); got != 8 {
				t.Errorf("memories of SEO Agent: got %d, want all 8", got)
			}

			r := e.do("GET", "/workspaces/"+prodID, nil)
			e.wantStatus(r, http.StatusOK, "read prod")
			if got := r.json(t)["status"]; got != "online" {
				t.Errorf("status: got %v, want online", got)
			}
			r = e.deleteConfirmed(prodID, "prod-renamed", "")
			e.wantStatus(r, http.StatusOK, "delete with the current name")
		})
	}
}

// TestHostileProbesHold replays the strongest probes a hostile script with
// a valid org token, or with a workspace token, sent at the server. Each is
// refused and none changes a workspace.
func TestHostileProbesHold(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, dsn(t))
			wsToken := e.do("POST", "/workspaces/"+seoID+"/tokens", nil).json(t)["token"].(string)
			reason := "X-Audit-Reason: " + testReason
			seo := "/workspaces/" + seoID
			tests := []struct {
				name       string
				token      string
				method     string
				path       string
				body       string
				headers    []string
				wantStatus int
				wantError  string
			}{
				{"ws token purge", wsToken, "POST", seo + "/purge", "", []string{"X-Confirm-Name: SEO Agent", reason}, 401, "invalid admin auth token"},
				{"ws token disable", wsToken, "PATCH", seo, `{"disabled":true}`, []string{"X-Confirm-Name: SEO Agent", reason}, 401, "invalid admin auth token"},
				{"ws token memory delete", wsToken, "DELETE", seo + "/memories/" + seoMemory, "", []string{"X-Confirm-Name: SEO Agent", reason}, 401, "invalid admin auth token"},
				{"ws token new token", wsToken, "POST", seo + "/tokens", "", nil, 401, "invalid admin auth token"},
				{"ws token reparent", wsToken, "PATCH", seo, `{"parent_id":"` + teamID + `"}`, nil, 401, "invalid admin auth token"},
				{"purge query pair", "", "DELETE", seo + "?purge=true&purge=false", "", nil, 400, "destructive_action_requires_confirmation"},
				{"long s disable key", "", "PATCH", seo, `{"diſabled":true}`, nil, 400, "destructive_action_requires_confirmation"},
				{"case of name", "", "DELETE", "/workspaces/" + prodID, "", []string{"X-Confirm-Name: Prod", reason}, 400, "confirmation_mismatch"},
				{"encoded memory slash", "", "DELETE", seo + "%2Fmemories%2F" + seoMemory, "", []string{"X-Confirm-Name: SEO Agent", reason}, 400, "invalid path: remove dot segments, doubled or trailing slashes and encoded slashes"},
				{"dot segment purge", "", "POST", seo + "/./purge", "", []string{"X-Confirm-Name: SEO Agent", reason}, 400, "invalid path: remove dot segments, doubled or trailing slashes and encoded slashes"},
				{"encoded id letter", "", "DELETE", "/workspaces/%31" + seoID[1:], "", []string{"X-Confirm-Name: SEO Agent", reason}, 400, "invalid_path"},
				{"method override", "", "POST", seo, "", []string{"X-HTTP-Method-Override: DELETE", "X-Confirm-Name: SEO Agent", reason}, 404, "not found"},
				{"unknown workspace", "", "DELETE", "/workspaces/" + unknownID, "", []string{"X-Confirm-Name: x", reason}, 404, "workspace not found"},
				{"stale if-match", "", "DELETE", seo, "", []string{"X-Confirm-Name: SEO Agent", reason, `If-Match: "stale"`}, 412, "precondition_failed"},
				{"audit huge limit", "", "GET", "/admin/audit?limit=1e9", "", nil, 400, `invalid limit "1e9": use an integer from 1 to 1000`},
				{"audit negative limit", "", "GET", "/admin/audit?limit=-1", "", nil, 400, `invalid limit "-1": use an integer from 1 to 1000`},
				{"audit repeated outcome", "", "GET", "/admin/audit?outcome=allowed&outcome=refused", "", nil, 400, "invalid outcome: give it once"},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					token := tt.token
					if token == "" {
						token = e.token
					}
					var body any
					if tt.body != "" {
						body = tt.body
					}
					r := e.doAs(token, tt.method, tt.path, body, tt.headers...)
					if r.status != tt.wantStatus {
						t.Fatalf("got status %d, want %d; body %s", r.status, tt.wantStatus, r.body)
					}
					if got := r.json(t)["error"]; got != tt.wantError {
						t.Errorf("error: got %v, want %q", got, tt.wantError)
					}
				})
			}

			assertNothingRemoved(e)
			r := e.do("GET", "/admin/audit?workspace_id="+unknownID, nil)
			if got := len(r.json(t)["entries"].([]any)); got != 0 {
				t.Errorf("audit entries of an unknown workspace: got %d, want 0", got)
			}
		})
	}
}

// TestUnguardedUserAgentCleaned checks that restart and restore entries
// store the user agent cleaned as guard cleans it: control and
// bidirectional formatting characters and invalid UTF-8 become U+FFFD.
func TestUnguardedUserAgentCleaned(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, dsn(t))
			e.wantStatus(e.deleteConfirmed(prodID, "prod", ""), http.StatusOK, "delete prod")
			userAgent := "User-Agent: probe\t\u0085\u202e\xff/1"
			want := "probe\ufffd\ufffd\ufffd\ufffd/1"

			e.wantStatus(e.do("POST", "/workspaces/"+seoID+"/restart", nil, userAgent), http.StatusOK, "restart")
			e.wantStatus(e.do("POST", "/workspaces/"+prodID+"/restore", nil, userAgent), http.StatusOK, "restore")

			for _, id := range []string{seoID, prodID} {
				entry := e.latestAudit(id)
				if got := entry["user_agent"]; got != want {
					t.Errorf("user_agent of %s entry for %s: got %q, want %q", entry["action"], id, got, want)
				}
			}
		})
	}
}
