package client

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wsctl/wsctl/client/clienttest"
)

func TestWorkspaceImpactFromServer(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	reg.Register("impact", clienttest.REST("GET", "/workspaces/"+wsID+"/impact"), clienttest.JSON(200, `{
		"workspace_id":"`+wsID+`","name":"prod","status":"online","active_tasks":0,"child_count":2,
		"schedule_count":4,"enabled_schedule_count":3,"memory_count":120,"token_count":5,"etag":"\"v3\""}`))
	c, _ := newTestClient(t, reg)

	got, err := c.WorkspaceImpact(context.Background(), wsID)
	if err != nil {
		t.Fatalf("WorkspaceImpact: %v", err)
	}

	want := &Impact{
		WorkspaceID: wsID, Name: "prod", Status: "online", ActiveTasks: 0, ChildCount: 2,
		ScheduleCount: 4, EnabledScheduleCount: 3, MemoryCount: 120, TokenCount: 5,
		ETag: `"v3"`, Source: ImpactFromServer,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("impact = %+v, want %+v", got, want)
	}
}

func TestWorkspaceImpactRestoreWindow(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	reg.Register("impact", clienttest.REST("GET", "/workspaces/"+wsID+"/impact"), clienttest.JSON(200, `{
		"workspace_id":"`+wsID+`","name":"prod","status":"online","restore_window_seconds":259200}`))
	c, _ := newTestClient(t, reg)

	got, err := c.WorkspaceImpact(context.Background(), wsID)
	if err != nil {
		t.Fatalf("WorkspaceImpact: %v", err)
	}
	if got.RestoreWindowSeconds == nil {
		t.Fatal("RestoreWindowSeconds = nil, want 259200")
	}
	if *got.RestoreWindowSeconds != 259200 {
		t.Errorf("RestoreWindowSeconds = %d, want 259200", *got.RestoreWindowSeconds)
	}
}

// TestWorkspaceImpactBusyNoWarningsField checks that a workspace with
// active tasks gets a second read for its warnings when the impact response
// has no "warnings" field, and that descendants and the budget headers are
// decoded.
func TestWorkspaceImpactBusyNoWarningsField(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	impactJSON := `{"workspace_id":"` + wsID + `","name":"prod","status":"online","active_tasks":1,"child_count":2,
		"schedule_count":4,"enabled_schedule_count":3,"memory_count":120,"token_count":5,"etag":"\"v3\"",
		"descendants":{"count":3,"active_tasks":2,"schedule_count":1,"enabled_schedule_count":1,"memory_count":7,"token_count":4}}`
	budget := func(r clienttest.Responder) clienttest.Responder {
		r = clienttest.WithHeader(r, "X-Destructive-Budget-Limit", "5")
		r = clienttest.WithHeader(r, "X-Destructive-Budget-Remaining", "2")
		return clienttest.WithHeader(r, "X-Destructive-Budget-Reset", "2026-03-14T10:00:00Z")
	}
	reg.Register("impact", clienttest.REST("GET", "/workspaces/"+wsID+"/impact"), budget(clienttest.JSON(200, impactJSON)))
	reg.Register("workspace", clienttest.REST("GET", "/workspaces/"+wsID), clienttest.JSON(200, `{"id":"`+wsID+`","name":"prod",
		"warnings":[{"code":"session_likely_stuck","severity":"warn","first_observed_at":"2026-03-11T09:00:00Z","duration_seconds":259200}]}`))
	c, _ := newTestClient(t, reg)

	got, err := c.WorkspaceImpact(context.Background(), wsID)
	if err != nil {
		t.Fatalf("WorkspaceImpact: %v", err)
	}

	want := &Impact{
		WorkspaceID: wsID, Name: "prod", Status: "online", ActiveTasks: 1, ChildCount: 2,
		ScheduleCount: 4, EnabledScheduleCount: 3, MemoryCount: 120, TokenCount: 5,
		Descendants: &DescendantTotals{Count: 3, ActiveTasks: 2, ScheduleCount: 1, EnabledScheduleCount: 1, MemoryCount: 7, TokenCount: 4},
		ETag:        `"v3"`,
		Warnings: []Warning{{Code: WarningSessionLikelyStuck, Severity: "warn",
			FirstObservedAt: time.Date(2026, 3, 11, 9, 0, 0, 0, time.UTC), DurationSeconds: 259200}},
		Budget: &Budget{Limit: 5, Remaining: 2, Reset: "2026-03-14T10:00:00Z"},
		Source: ImpactFromServer,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("impact =\n%+v\nwant\n%+v", got, want)
	}
}

// TestWorkspaceImpactWarningsField checks that warnings in the impact
// response are used as they are, with no read of the workspace, however
// busy it is. The registry fails the test on any request not stubbed.
func TestWorkspaceImpactWarningsField(t *testing.T) {
	stuck := Warning{Code: WarningSessionLikelyStuck, Severity: "warn",
		FirstObservedAt: time.Date(2026, 3, 11, 9, 0, 0, 0, time.UTC), DurationSeconds: 259200,
		Hint:   "POST /workspaces/" + wsID + "/restart resets the session without losing config or schedules",
		Action: &WarningAction{Method: "POST", Path: "/workspaces/" + wsID + "/restart"}}
	tests := []struct {
		name         string
		activeTasks  int
		warnings     string
		wantWarnings []Warning
	}{
		{
			name:        "busy and stuck",
			activeTasks: 1,
			warnings: `[{"code":"session_likely_stuck","severity":"warn","first_observed_at":"2026-03-11T09:00:00Z",
				"duration_seconds":259200,"hint":"POST /workspaces/` + wsID + `/restart resets the session without losing config or schedules",
				"action":{"method":"POST","path":"/workspaces/` + wsID + `/restart"}}]`,
			wantWarnings: []Warning{stuck},
		},
		{name: "busy without warnings", activeTasks: 3, warnings: `[]`, wantWarnings: nil},
		{name: "idle", activeTasks: 0, warnings: `[]`, wantWarnings: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			reg.Register("impact", clienttest.REST("GET", "/workspaces/"+wsID+"/impact"), clienttest.JSON(200, fmt.Sprintf(
				`{"workspace_id":%q,"name":"prod","status":"online","active_tasks":%d,"child_count":0,"schedule_count":0,
				"enabled_schedule_count":0,"memory_count":0,"token_count":2,"etag":"\"v1\"","warnings":%s}`,
				wsID, tt.activeTasks, tt.warnings)))
			c, _ := newTestClient(t, reg)

			got, err := c.WorkspaceImpact(context.Background(), wsID)
			if err != nil {
				t.Fatalf("WorkspaceImpact: %v", err)
			}

			want := &Impact{
				WorkspaceID: wsID, Name: "prod", Status: "online", ActiveTasks: tt.activeTasks, TokenCount: 2,
				ETag: `"v1"`, Warnings: tt.wantWarnings, Source: ImpactFromServer,
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("impact =\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

func TestWorkspaceImpactNotFoundDoesNotFallBack(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	reg.Register("impact", clienttest.REST("GET", "/workspaces/"+wsID+"/impact"), clienttest.JSON(404, `{"error":"workspace not found"}`))
	c, _ := newTestClient(t, reg)

	_, err := c.WorkspaceImpact(context.Background(), wsID)

	if !IsNotFound(err) {
		t.Errorf("error = %v, want not found", err)
	}
}

// barrier holds every responder until n requests are in flight, which
// proves that the fallback sends them concurrently.
type barrier struct {
	t       *testing.T
	arrived sync.WaitGroup
	all     chan struct{}
}

func newBarrier(t *testing.T, n int) *barrier {
	b := &barrier{t: t, all: make(chan struct{})}
	b.arrived.Add(n)
	go func() { b.arrived.Wait(); close(b.all) }()
	return b
}

func (b *barrier) hold(respond clienttest.Responder) clienttest.Responder {
	return func(req *http.Request) (*http.Response, error) {
		b.arrived.Done()
		select {
		case <-b.all:
		case <-time.After(5 * time.Second):
			b.t.Errorf("%s %s waited 5s for the other fallback requests: they are not sent in parallel", req.Method, req.URL.Path)
		}
		return respond(req)
	}
}

func memoriesJSON(n int) string {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf(`{"id":"m%d","workspace_id":"%s","content":"c","created_at":"2026-01-01T00:00:00Z"}`, i, wsID)
	}
	return "[" + strings.Join(items, ",") + "]"
}

func TestWorkspaceImpactComputed(t *testing.T) {
	workspaces := `[
		{"id":"` + wsID + `","name":"parent","parent_id":null,"status":"online"},
		{"id":"` + childID + `","name":"child","parent_id":"` + wsID + `","status":"online"},
		{"id":"` + grandID + `","name":"grandchild","parent_id":"` + childID + `","status":"paused"},
		{"id":"` + otherID + `","name":"unrelated","parent_id":null,"status":"online"}
	]`
	schedules := `[{"id":"s1","enabled":true},{"id":"s2","enabled":false},{"id":"s3","enabled":true}]`
	tests := []struct {
		name         string
		impactAnswer clienttest.Responder
		memories     int
		wantMemories int
		wantAtLeast  bool
	}{
		{"text 404 and full memory page", clienttest.Body(404, "text/plain; charset=utf-8", "404 page not found"), 50, 50, true},
		{"empty 404 and short memory page", clienttest.Empty(404), 49, 49, false},
		{"no memories", clienttest.Body(404, "text/plain", "404 page not found"), 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			b := newBarrier(t, 4)
			base := "/workspaces/" + wsID
			reg.Register("impact", clienttest.REST("GET", base+"/impact"), tt.impactAnswer)
			reg.Register("workspace", clienttest.REST("GET", base), b.hold(clienttest.WithHeader(
				clienttest.JSON(200, `{"id":"`+wsID+`","name":"parent","status":"online","active_tasks":2}`), "ETag", `"e1"`)))
			reg.Register("schedules", clienttest.REST("GET", base+"/schedules"), b.hold(clienttest.JSON(200, schedules)))
			reg.Register("memories", clienttest.REST("GET", base+"/memories"), b.hold(clienttest.JSON(200, memoriesJSON(tt.memories))))
			reg.Register("list", clienttest.REST("GET", "/workspaces"), b.hold(clienttest.JSON(200, workspaces)))
			c, _ := newTestClient(t, reg)

			got, err := c.WorkspaceImpact(context.Background(), wsID)
			if err != nil {
				t.Fatalf("WorkspaceImpact: %v", err)
			}

			want := &Impact{
				WorkspaceID: wsID, Name: "parent", Status: "online", ActiveTasks: 2,
				ChildCount:    1,
				Children:      []WorkspaceRef{{ID: childID, Name: "child"}},
				ScheduleCount: 3, EnabledScheduleCount: 2,
				MemoryCount: tt.wantMemories, MemoryCountAtLeast: tt.wantAtLeast,
				TokenCount:  TokenCountUnknown,
				Descendants: &DescendantTotals{Count: 2, ActiveTasks: 0},
				ETag:        `"e1"`, Source: ImpactComputed,
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("impact =\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

func TestWorkspaceImpactComputedError(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /workspaces/{id}/impact", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "404 page not found", http.StatusNotFound)
	})
	mux.HandleFunc("GET /workspaces/{id}/schedules", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":"missing workspace auth token"}`))
	})
	ok := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(body))
		}
	}
	mux.HandleFunc("GET /workspaces/{id}/memories", ok(`[]`))
	mux.HandleFunc("GET /workspaces/{id}", ok(`{"id":"`+wsID+`","name":"ws"}`))
	mux.HandleFunc("GET /workspaces", ok(`[]`))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c, err := New(Options{BaseURL: srv.URL, Token: testToken})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	got, err := c.WorkspaceImpact(context.Background(), wsID)

	if !IsAuth(err) {
		t.Errorf("WorkspaceImpact = %+v, %v, want the schedules 401", got, err)
	}
}

func TestDirectChildren(t *testing.T) {
	ref := func(id string) *string { return &id }
	tests := []struct {
		name       string
		workspaces []Workspace
		want       []WorkspaceRef
	}{
		{"none", []Workspace{{ID: "root"}, {ID: "x", ParentID: ref("other")}}, nil},
		{"children in list order without grandchildren", []Workspace{
			{ID: "g", Name: "grand", ParentID: ref("c2")},
			{ID: "c2", Name: "second", ParentID: ref("root")},
			{ID: "root", Name: "root"},
			{ID: "c1", Name: "first", ParentID: ref("root")},
		}, []WorkspaceRef{{ID: "c2", Name: "second"}, {ID: "c1", Name: "first"}}},
		{"self parent ignored", []Workspace{{ID: "root", Name: "root", ParentID: ref("root")}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := directChildren("root", tt.workspaces); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("directChildren = %+v, want %+v", got, tt.want)
			}
		})
	}
}
