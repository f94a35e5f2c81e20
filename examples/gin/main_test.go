package main

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/wsctl/wsctl/guard"
)

func TestGuardedDelete(t *testing.T) {
	gin.SetMode(gin.TestMode)
	st := newStore()
	r, err := newRouter(st)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(r)
	defer srv.Close()

	tests := []struct {
		name       string
		id         string
		confirm    string
		wantStatus int
	}{
		{name: "no confirmation", id: "ws-1", wantStatus: http.StatusBadRequest},
		{name: "wrong name", id: "ws-1", confirm: "billing", wantStatus: http.StatusBadRequest},
		{name: "unicode name", id: "ws-2", confirm: "データ-ws", wantStatus: http.StatusOK},
		{name: "confirmed", id: "ws-1", confirm: "billing-prod", wantStatus: http.StatusOK},
		{name: "already gone", id: "ws-1", confirm: "billing-prod", wantStatus: http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodDelete, srv.URL+"/workspaces/"+tt.id, nil)
			req.Header.Set("Authorization", "Bearer org-demo-token-0001")
			req.Header.Set(guard.HeaderAuditReason, "replaced by billing-v2")
			if tt.confirm != "" {
				req.Header.Set(guard.HeaderConfirmName, guard.EncodeHeaderValue(tt.confirm))
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status: got %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if resp.Header.Get(guard.HeaderRequestID) == "" {
				t.Errorf("%s: got empty, want an id", guard.HeaderRequestID)
			}
		})
	}

	page, _ := st.Query(t.Context(), guard.AuditFilter{})
	want := []guard.Outcome{guard.OutcomeAllowed, guard.OutcomeAllowed, guard.OutcomeRefused, guard.OutcomeRefused}
	if len(page.Entries) != len(want) {
		t.Fatalf("entries: got %d, want %d", len(page.Entries), len(want))
	}
	for i, e := range page.Entries {
		if e.Outcome != want[i] {
			t.Errorf("entry %d outcome: got %q, want %q", i, e.Outcome, want[i])
		}
	}
}
