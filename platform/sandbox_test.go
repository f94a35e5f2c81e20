package platform

import (
	"context"
	"net/http"
	"net/url"
	"testing"
)

func TestSandboxReset(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	clock := newFakeClock()

	p, err := OpenSandbox(ctx, dir, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	first := p.OrgToken()
	if _, err := p.store.SoftDelete(ctx, seoID, deletionForTest(clock), nil); err != nil {
		t.Fatal(err)
	}
	p.Close()

	p, err = OpenSandbox(ctx, dir, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := p.store.Workspace(ctx, seoID)
	if err != nil || ws.Status != "removed" {
		t.Errorf("after reopen: got status %q, %v; want removed kept", ws.Status, err)
	}
	if p.OrgToken() != first {
		t.Errorf("after reopen: got a different org token, want the first one")
	}
	p.Close()

	if err := ResetSandbox(dir); err != nil {
		t.Fatal(err)
	}
	p, err = OpenSandbox(ctx, dir, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	ws, err = p.store.Workspace(ctx, seoID)
	if err != nil || ws.Status != "online" {
		t.Errorf("after reset: got status %q, %v; want online from the seed", ws.Status, err)
	}
	if p.OrgToken() == first || p.OrgToken() == "" {
		t.Errorf("after reset: got the old or no org token, want a new one")
	}
	if got := p.opts.Label; got != "sandbox" {
		t.Errorf("label: got %q, want sandbox", got)
	}
}

// TestConfirmNames deletes the seeded workspaces whose names are easy to
// get wrong. Guard compares NFC forms, so the NFD-stored "café" matches
// an NFC header.
func TestConfirmNames(t *testing.T) {
	e := newEnv(t, backends(t)["sqlite"](t))
	ext := func(s string) string { return "UTF-8''" + url.PathEscape(s) }
	tests := []struct {
		name       string
		id         string
		confirm    string
		wantStatus int
	}{
		{name: "prod lower case", id: "33333333-3333-4333-8333-333333333305", confirm: "Prod", wantStatus: http.StatusBadRequest},
		{name: "Prod upper case", id: "33333333-3333-4333-8333-333333333306", confirm: "prod", wantStatus: http.StatusBadRequest},
		{name: "prod exact", id: "33333333-3333-4333-8333-333333333305", confirm: "prod", wantStatus: http.StatusOK},
		{name: "cafe without accent", id: "33333333-3333-4333-8333-333333333301", confirm: "cafe", wantStatus: http.StatusBadRequest},
		{name: "cafe nfc ext-value", id: "33333333-3333-4333-8333-333333333301", confirm: ext("caf\u00e9"), wantStatus: http.StatusOK},
		{name: "japanese ext-value", id: "33333333-3333-4333-8333-333333333302", confirm: ext("データ-ws"), wantStatus: http.StatusOK},
		{name: "colon name", id: "33333333-3333-4333-8333-333333333303", confirm: "team:alpha", wantStatus: http.StatusOK},
		{name: "space name", id: "33333333-3333-4333-8333-333333333304", confirm: "my ws", wantStatus: http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.deleteConfirmed(tt.id, tt.confirm, "")
			if r.status != tt.wantStatus {
				t.Errorf("got status %d, want %d; body %s", r.status, tt.wantStatus, r.body)
			}
		})
	}
}
