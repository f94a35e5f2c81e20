package client

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/wsctl/wsctl/client/clienttest"
)

func TestRequestShapes(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		call      func(c *Client) error
		method    string
		path      string
		respond   clienttest.Responder
		wantQuery string
		// wantHeader lists exact header values; "" means the header must be
		// absent.
		wantHeader map[string]string
		wantBody   string
	}{
		{
			name:       "list workspaces",
			call:       func(c *Client) error { _, err := c.ListWorkspaces(ctx, ListWorkspacesOptions{}); return err },
			method:     "GET",
			path:       "/workspaces",
			respond:    clienttest.JSON(200, `[]`),
			wantHeader: map[string]string{"Content-Type": "", "X-Confirm-Name": ""},
		},
		{
			name: "list removed workspaces",
			call: func(c *Client) error {
				_, err := c.ListWorkspaces(ctx, ListWorkspacesOptions{ShowRemoved: true})
				return err
			},
			method:    "GET",
			path:      "/workspaces",
			respond:   clienttest.JSON(200, `[]`),
			wantQuery: "show_removed=true",
		},
		{
			name:    "get workspace",
			call:    func(c *Client) error { _, err := c.GetWorkspace(ctx, wsID); return err },
			method:  "GET",
			path:    "/workspaces/" + wsID,
			respond: clienttest.JSON(200, `{"id":"`+wsID+`"}`),
		},
		{
			name: "delete ascii name",
			call: func(c *Client) error {
				_, err := c.DeleteWorkspace(ctx, wsID, DeleteOptions{ConfirmName: "prod-ws", Reason: "decommissioned"})
				return err
			},
			method:  "DELETE",
			path:    "/workspaces/" + wsID,
			respond: clienttest.JSON(200, `{"status":"removed","cascade_deleted":0}`),
			wantHeader: map[string]string{
				"X-Confirm-Name": "prod-ws",
				"X-Audit-Reason": "decommissioned",
				"If-Match":       "",
				"Content-Type":   "application/json",
			},
			wantBody: `{"reason":"decommissioned"}`,
		},
		{
			name: "delete unicode name with cascade and etag",
			call: func(c *Client) error {
				_, err := c.DeleteWorkspace(ctx, wsID, DeleteOptions{ConfirmName: "データ-ws", Reason: "moved to café ", IfMatch: `"e42"`, Cascade: true})
				return err
			},
			method:    "DELETE",
			path:      "/workspaces/" + wsID,
			respond:   clienttest.JSON(200, `{"status":"removed","cascade_deleted":2}`),
			wantQuery: "confirm=true",
			wantHeader: map[string]string{
				"X-Confirm-Name": "UTF-8''%E3%83%87%E3%83%BC%E3%82%BF-ws",
				"X-Audit-Reason": "UTF-8''moved%20to%20caf%C3%A9%20",
				"If-Match":       `"e42"`,
			},
			wantBody: `{"reason":"moved to café "}`,
		},
		{
			name:     "restore with reason",
			call:     func(c *Client) error { _, err := c.RestoreWorkspace(ctx, wsID, "deleted by mistake"); return err },
			method:   "POST",
			path:     "/workspaces/" + wsID + "/restore",
			respond:  clienttest.JSON(200, `{"status":"online","restored":{"schedules":1,"tokens":2,"children":0}}`),
			wantBody: `{"reason":"deleted by mistake"}`,
		},
		{
			name:       "restore without reason",
			call:       func(c *Client) error { _, err := c.RestoreWorkspace(ctx, wsID, ""); return err },
			method:     "POST",
			path:       "/workspaces/" + wsID + "/restore",
			respond:    clienttest.JSON(200, `{"status":"online","restored":{}}`),
			wantHeader: map[string]string{"Content-Type": ""},
		},
		{
			name: "purge",
			call: func(c *Client) error {
				_, err := c.PurgeWorkspace(ctx, wsID, ConfirmOptions{ConfirmName: "old ws", Reason: "free the name"})
				return err
			},
			method:     "POST",
			path:       "/workspaces/" + wsID + "/purge",
			respond:    clienttest.JSON(200, `{"status":"purged"}`),
			wantHeader: map[string]string{"X-Confirm-Name": "old ws", "X-Audit-Reason": "free the name"},
			wantBody:   `{"reason":"free the name"}`,
		},
		{
			name: "restart with reset",
			call: func(c *Client) error {
				_, err := c.RestartWorkspace(ctx, wsID, RestartOptions{Reset: true})
				return err
			},
			method:   "POST",
			path:     "/workspaces/" + wsID + "/restart",
			respond:  clienttest.JSON(200, `{"status":"provisioning","config_dir":"/cfg","reset_session":true}`),
			wantBody: `{"reset":true}`,
		},
		{
			name:     "restart without reset",
			call:     func(c *Client) error { _, err := c.RestartWorkspace(ctx, wsID, RestartOptions{}); return err },
			method:   "POST",
			path:     "/workspaces/" + wsID + "/restart",
			respond:  clienttest.JSON(200, `{"status":"provisioning","reset_session":false}`),
			wantBody: `{"reset":false}`,
		},
		{
			name: "disable",
			call: func(c *Client) error {
				_, err := c.SetWorkspaceDisabled(ctx, wsID, true, ConfirmOptions{ConfirmName: "prod ", Reason: "runaway spend", IfMatch: `"e7"`})
				return err
			},
			method:     "PATCH",
			path:       "/workspaces/" + wsID,
			respond:    clienttest.JSON(200, `{"status":"updated"}`),
			wantHeader: map[string]string{"X-Confirm-Name": "UTF-8''prod%20", "X-Audit-Reason": "runaway spend", "If-Match": `"e7"`},
			wantBody:   `{"disabled":true,"reason":"runaway spend"}`,
		},
		{
			name: "enable",
			call: func(c *Client) error {
				_, err := c.SetWorkspaceDisabled(ctx, wsID, false, ConfirmOptions{})
				return err
			},
			method:     "PATCH",
			path:       "/workspaces/" + wsID,
			respond:    clienttest.JSON(200, `{"status":"updated"}`),
			wantHeader: map[string]string{"X-Confirm-Name": "", "X-Audit-Reason": ""},
			wantBody:   `{"disabled":false}`,
		},
		{
			name:    "list schedules",
			call:    func(c *Client) error { _, err := c.ListSchedules(ctx, wsID); return err },
			method:  "GET",
			path:    "/workspaces/" + wsID + "/schedules",
			respond: clienttest.JSON(200, `[]`),
		},
		{
			name:    "list memories",
			call:    func(c *Client) error { _, err := c.ListMemories(ctx, wsID); return err },
			method:  "GET",
			path:    "/workspaces/" + wsID + "/memories",
			respond: clienttest.JSON(200, `[]`),
		},
		{
			name: "delete memory with escaped id",
			call: func(c *Client) error {
				_, err := c.DeleteMemory(ctx, wsID, "mem/1", ConfirmOptions{ConfirmName: "team:alpha", Reason: "leaked secret"})
				return err
			},
			method:     "DELETE",
			path:       "/workspaces/" + wsID + "/memories/mem/1",
			respond:    clienttest.JSON(200, `{"status":"deleted"}`),
			wantHeader: map[string]string{"X-Confirm-Name": "team:alpha", "X-Audit-Reason": "leaked secret"},
			wantBody:   `{"reason":"leaked secret"}`,
		},
		{
			name: "audit with every filter",
			call: func(c *Client) error {
				_, err := c.ListAudit(ctx, AuditQuery{
					WorkspaceID: wsID, Action: "workspace.delete", Actor: "ab12cd34", Outcome: "refused",
					Since: time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("CET", 3600)),
					Until: time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC),
					Limit: 25, Cursor: "c1",
				})
				return err
			},
			method:    "GET",
			path:      "/admin/audit",
			respond:   clienttest.JSON(200, `{"entries":[]}`),
			wantQuery: "action=workspace.delete&actor=ab12cd34&cursor=c1&limit=25&outcome=refused&since=2026-01-02T02%3A04%3A05Z&until=2026-01-03T00%3A00%3A00Z&workspace_id=" + wsID,
		},
		{
			name:    "audit without filters",
			call:    func(c *Client) error { _, err := c.ListAudit(ctx, AuditQuery{}); return err },
			method:  "GET",
			path:    "/admin/audit",
			respond: clienttest.JSON(200, `{"entries":[]}`),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			reg.Register(tt.name, clienttest.REST(tt.method, tt.path), tt.respond)
			c, _ := newTestClient(t, reg)

			if err := tt.call(c); err != nil {
				t.Fatalf("call: %v", err)
			}

			reqs := reg.Requests()
			if len(reqs) != 1 {
				t.Fatalf("sent %d requests, want 1", len(reqs))
			}
			req := reqs[0]
			if req.URL.RawQuery != tt.wantQuery {
				t.Errorf("query = %q, want %q", req.URL.RawQuery, tt.wantQuery)
			}
			for name, want := range tt.wantHeader {
				if got := req.Header.Get(name); got != want {
					t.Errorf("header %s = %q, want %q", name, got, want)
				}
			}
			if !jsonEqual(t, req.Body, tt.wantBody) {
				t.Errorf("body = %s, want %s", req.Body, tt.wantBody)
			}
		})
	}
}

func TestGetWorkspaceDecodes(t *testing.T) {
	body := `{
		"id": "` + wsID + `", "name": "prod-ws", "role": null, "tier": 2, "status": "quarantined",
		"url": "http://ws.internal", "parent_id": "` + otherID + `", "active_tasks": 1,
		"last_outbound_at": "2026-03-01T10:00:00Z", "agent_card": {"name": "agent"},
		"future_field": 7,
		"warnings": [{"code": "session_likely_stuck", "severity": "warn",
			"first_observed_at": "2026-03-01T08:00:00Z", "duration_seconds": 7200,
			"hint": "POST /workspaces/` + wsID + `/restart resets the session without losing config or schedules",
			"action": {"method": "POST", "path": "/workspaces/` + wsID + `/restart"}}]
	}`
	reg := clienttest.NewRegistry(t)
	reg.Register("get", clienttest.REST("GET", "/workspaces/"+wsID), clienttest.WithHeader(clienttest.JSON(200, body), "ETag", `"v9"`))
	c, _ := newTestClient(t, reg)

	ws, err := c.GetWorkspace(context.Background(), wsID)
	if err != nil {
		t.Fatalf("GetWorkspace: %v", err)
	}

	if string(ws.Raw) != body {
		t.Errorf("Raw = %s, want the body as sent", ws.Raw)
	}
	ws.Raw = nil
	want := Workspace{
		ID:             wsID,
		Name:           "prod-ws",
		Tier:           2,
		Status:         "quarantined",
		URL:            "http://ws.internal",
		ParentID:       ptr(otherID),
		ActiveTasks:    1,
		LastOutboundAt: ptr(mustTime(t, "2026-03-01T10:00:00Z")),
		AgentCard:      json.RawMessage(`{"name": "agent"}`),
		Warnings: []Warning{{
			Code:            WarningSessionLikelyStuck,
			Severity:        "warn",
			FirstObservedAt: mustTime(t, "2026-03-01T08:00:00Z"),
			DurationSeconds: 7200,
			Hint:            "POST /workspaces/" + wsID + "/restart resets the session without losing config or schedules",
			Action:          &WarningAction{Method: "POST", Path: "/workspaces/" + wsID + "/restart"},
		}},
		ETag: `"v9"`,
	}
	if !reflect.DeepEqual(*ws, want) {
		t.Errorf("workspace =\n%+v\nwant\n%+v", *ws, want)
	}
}

func TestListWorkspacesDecodes(t *testing.T) {
	first := `{"id": "` + wsID + `", "name": "parent", "role": "lead", "status": "online", "parent_id": null}`
	second := `{"id": "` + childID + `", "name": "child", "role": null, "status": "removed", "parent_id": "` + wsID + `",
		 "removed_at": "2026-03-01T00:00:00Z", "restorable_until": "2026-03-04T00:00:00Z"}`
	reg := clienttest.NewRegistry(t)
	reg.Register("list", clienttest.REST("GET", "/workspaces"), clienttest.JSON(200, "["+first+",\n"+second+"]"))
	c, _ := newTestClient(t, reg)

	list, err := c.ListWorkspaces(context.Background(), ListWorkspacesOptions{ShowRemoved: true})
	if err != nil {
		t.Fatalf("ListWorkspaces: %v", err)
	}

	if len(list) != 2 {
		t.Fatalf("got %d workspaces, want 2", len(list))
	}
	if string(list[0].Raw) != first {
		t.Errorf("first Raw = %s, want %s", list[0].Raw, first)
	}
	if string(list[1].Raw) != second {
		t.Errorf("second Raw = %s, want %s", list[1].Raw, second)
	}
	list[0].Raw, list[1].Raw = nil, nil
	want := []Workspace{
		{ID: wsID, Name: "parent", Role: ptr("lead"), Status: "online"},
		{
			ID: childID, Name: "child", Status: "removed", ParentID: ptr(wsID),
			RemovedAt:       ptr(mustTime(t, "2026-03-01T00:00:00Z")),
			RestorableUntil: ptr(mustTime(t, "2026-03-04T00:00:00Z")),
		},
	}
	if !reflect.DeepEqual(list, want) {
		t.Errorf("list =\n%+v\nwant\n%+v", list, want)
	}
}

func TestDeleteWorkspaceResults(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		headers map[string]string
		want    DeleteResult
	}{
		{
			name: "base platform",
			body: `{"status":"removed","cascade_deleted":3}`,
			want: DeleteResult{ActionResult: ActionResult{Status: "removed"}, CascadeDeleted: 3},
		},
		{
			name: "guarded platform",
			body: `{"status":"removed","cascade_deleted":0,"removed_at":"2026-03-01T00:00:00Z","restorable_until":"2026-03-04T00:00:00Z"}`,
			headers: map[string]string{
				"X-Request-Id":                   "req-7",
				"X-Destructive-Budget-Limit":     "5",
				"X-Destructive-Budget-Remaining": "4",
				"X-Destructive-Budget-Reset":     "2026-03-01T01:00:00Z",
			},
			want: DeleteResult{
				ActionResult: ActionResult{
					Status:    "removed",
					RequestID: "req-7",
					Budget:    &Budget{Limit: 5, Remaining: 4, Reset: "2026-03-01T01:00:00Z"},
				},
				RemovedAt:       ptr(mustTime(t, "2026-03-01T00:00:00Z")),
				RestorableUntil: ptr(mustTime(t, "2026-03-04T00:00:00Z")),
			},
		},
		{
			name: "purge through the base api",
			body: `{"status":"purged"}`,
			want: DeleteResult{ActionResult: ActionResult{Status: "purged"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			respond := clienttest.JSON(200, tt.body)
			for name, value := range tt.headers {
				respond = clienttest.WithHeader(respond, name, value)
			}
			reg := clienttest.NewRegistry(t)
			reg.Register("delete", clienttest.REST("DELETE", "/workspaces/"+wsID), respond)
			c, _ := newTestClient(t, reg)

			got, err := c.DeleteWorkspace(context.Background(), wsID, DeleteOptions{ConfirmName: "ws", Reason: "cleanup"})
			if err != nil {
				t.Fatalf("DeleteWorkspace: %v", err)
			}

			if string(got.Raw) != tt.body {
				t.Errorf("Raw = %s, want %s", got.Raw, tt.body)
			}
			got.Raw = nil
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("result = %+v, want %+v", *got, tt.want)
			}
		})
	}
}

func TestActionResultsDecode(t *testing.T) {
	ctx := context.Background()
	confirm := ConfirmOptions{ConfirmName: "ws", Reason: "cleanup"}

	t.Run("restore", func(t *testing.T) {
		body := `{"status":"online","restored":{"schedules":3,"tokens":2,"children":1}}`
		reg := clienttest.NewRegistry(t)
		reg.Register("restore", clienttest.REST("POST", "/workspaces/"+wsID+"/restore"), clienttest.JSON(200, body))
		c, _ := newTestClient(t, reg)

		got, err := c.RestoreWorkspace(ctx, wsID, "")
		if err != nil {
			t.Fatalf("RestoreWorkspace: %v", err)
		}

		want := RestoreResult{
			ActionResult: ActionResult{Status: "online", Raw: json.RawMessage(body)},
			Restored:     RestoredCounts{Schedules: 3, Tokens: 2, Children: 1},
		}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("result = %+v, want %+v", *got, want)
		}
	})

	t.Run("restart", func(t *testing.T) {
		body := `{"status":"provisioning","config_dir":"/data/cfg","reset_session":true}`
		reg := clienttest.NewRegistry(t)
		reg.Register("restart", clienttest.REST("POST", "/workspaces/"+wsID+"/restart"), clienttest.JSON(200, body))
		c, _ := newTestClient(t, reg)

		got, err := c.RestartWorkspace(ctx, wsID, RestartOptions{Reset: true})
		if err != nil {
			t.Fatalf("RestartWorkspace: %v", err)
		}

		want := RestartResult{
			ActionResult: ActionResult{Status: "provisioning", Raw: json.RawMessage(body)},
			ConfigDir:    "/data/cfg",
			ResetSession: true,
		}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("result = %+v, want %+v", *got, want)
		}
	})

	t.Run("purge", func(t *testing.T) {
		body := `{"status":"purged","hard_purged_at":"2026-03-02T00:00:00Z"}`
		reg := clienttest.NewRegistry(t)
		reg.Register("purge", clienttest.REST("POST", "/workspaces/"+wsID+"/purge"), clienttest.JSON(200, body))
		c, _ := newTestClient(t, reg)

		got, err := c.PurgeWorkspace(ctx, wsID, confirm)
		if err != nil {
			t.Fatalf("PurgeWorkspace: %v", err)
		}

		want := PurgeResult{
			ActionResult: ActionResult{Status: "purged", Raw: json.RawMessage(body)},
			HardPurgedAt: ptr(mustTime(t, "2026-03-02T00:00:00Z")),
		}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("result = %+v, want %+v", *got, want)
		}
	})

	t.Run("schedules", func(t *testing.T) {
		reg := clienttest.NewRegistry(t)
		reg.Register("schedules", clienttest.REST("GET", "/workspaces/"+wsID+"/schedules"), clienttest.JSON(200, `[
			{"id":"s1","workspace_id":"`+wsID+`","name":"nightly","cron_expr":"0 2 * * *","timezone":"UTC","enabled":true,
			 "last_run_at":null,"next_run_at":"2026-03-02T02:00:00Z","run_count":4,"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-02T00:00:00Z"}]`))
		c, _ := newTestClient(t, reg)

		got, err := c.ListSchedules(ctx, wsID)
		if err != nil {
			t.Fatalf("ListSchedules: %v", err)
		}

		want := []Schedule{{
			ID: "s1", WorkspaceID: wsID, Name: "nightly", CronExpr: "0 2 * * *", Timezone: "UTC", Enabled: true,
			NextRunAt: ptr(mustTime(t, "2026-03-02T02:00:00Z")), RunCount: 4,
			CreatedAt: mustTime(t, "2026-01-01T00:00:00Z"), UpdatedAt: mustTime(t, "2026-01-02T00:00:00Z"),
		}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("schedules = %+v, want %+v", got, want)
		}
	})

	t.Run("memories", func(t *testing.T) {
		reg := clienttest.NewRegistry(t)
		reg.Register("memories", clienttest.REST("GET", "/workspaces/"+wsID+"/memories"), clienttest.JSON(200, `[
			{"id":"m1","workspace_id":"`+wsID+`","content":"remember","scope":"local","namespace":"general","created_at":"2026-01-01T00:00:00Z"}]`))
		c, _ := newTestClient(t, reg)

		got, err := c.ListMemories(ctx, wsID)
		if err != nil {
			t.Fatalf("ListMemories: %v", err)
		}

		want := []Memory{{
			ID: "m1", WorkspaceID: wsID, Content: "remember", Scope: "local", Namespace: "general",
			CreatedAt: mustTime(t, "2026-01-01T00:00:00Z"),
		}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("memories = %+v, want %+v", got, want)
		}
	})

	t.Run("audit page", func(t *testing.T) {
		reg := clienttest.NewRegistry(t)
		reg.Register("audit", clienttest.REST("GET", "/admin/audit"), clienttest.JSON(200, `{
			"entries":[{"id":"a1","time":"2026-03-01T00:00:00Z","action":"workspace.delete","outcome":"refused",
			 "error":"confirmation_mismatch","actor":{"kind":"org","token_prefix":"ab12cd34","label":"ci"},
			 "workspace_id":"`+wsID+`","workspace_name":"prod","reason":"cleanup","request_id":"r1",
			 "remote_addr":"127.0.0.1","user_agent":"wsctl/1.0","impact":{"child_count":2}}],
			"next_cursor":"next-1"}`))
		c, _ := newTestClient(t, reg)

		got, err := c.ListAudit(ctx, AuditQuery{})
		if err != nil {
			t.Fatalf("ListAudit: %v", err)
		}

		want := &AuditPage{
			Entries: []AuditEntry{{
				ID: "a1", Time: mustTime(t, "2026-03-01T00:00:00Z"), Action: "workspace.delete", Outcome: "refused",
				Error: "confirmation_mismatch", Actor: AuditActor{Kind: "org", TokenPrefix: "ab12cd34", Label: "ci"},
				WorkspaceID: wsID, WorkspaceName: "prod", Reason: "cleanup", RequestID: "r1",
				RemoteAddr: "127.0.0.1", UserAgent: "wsctl/1.0", Impact: json.RawMessage(`{"child_count":2}`),
			}},
			NextCursor: "next-1",
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("page = %+v, want %+v", got, want)
		}
	})
}

func TestMemoryIDIsPathEscaped(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	reg.Register("delete", clienttest.REST("DELETE", "/workspaces/"+wsID+"/memories/a/../b?c"), clienttest.JSON(200, `{"status":"deleted"}`))
	c, _ := newTestClient(t, reg)

	result, err := c.DeleteMemory(context.Background(), wsID, "a/../b?c", ConfirmOptions{ConfirmName: "ws", Reason: "cleanup"})
	if err != nil {
		t.Fatalf("DeleteMemory: %v", err)
	}

	if result.Status != "deleted" {
		t.Errorf("Status = %q, want %q", result.Status, "deleted")
	}
	want := "/workspaces/" + wsID + "/memories/a%2F..%2Fb%3Fc"
	if got := reg.Requests()[0].URL.EscapedPath(); got != want {
		t.Errorf("escaped path = %q, want %q", got, want)
	}
}
