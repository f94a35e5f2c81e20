package main

import (
	"context"
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"
	"github.com/wsctl/wsctl/guard"
)

// store keeps workspaces and audit entries in memory. It is the guard
// Resolver and AuditLog of this example.
type store struct {
	mu         sync.Mutex
	workspaces map[string]guard.Target
	entries    []guard.Entry
}

func newStore() *store {
	return &store{workspaces: map[string]guard.Target{
		"ws-1": {ID: "ws-1", Name: "billing-prod", Status: "online", ETag: `"1"`, Impact: guard.Impact{ScheduleCount: 2}},
		"ws-2": {ID: "ws-2", Name: "データ-ws", Status: "online", ETag: `"1"`},
	}}
}

func (s *store) ResolveWorkspace(_ context.Context, id string) (guard.Target, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.workspaces[id]
	if !ok {
		return guard.Target{}, guard.ErrNotFound
	}
	return t, nil
}

func (s *store) Append(_ context.Context, e guard.Entry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.entries = append(s.entries, e)
	return nil
}

// Query returns every entry, newest first; this example has no filters.
func (s *store) Query(_ context.Context, _ guard.AuditFilter) (guard.AuditPage, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	page := guard.AuditPage{Entries: make([]guard.Entry, 0, len(s.entries))}
	for i := len(s.entries) - 1; i >= 0; i-- {
		page.Entries = append(page.Entries, s.entries[i])
	}
	return page, nil
}

func (s *store) get(c *gin.Context) {
	t, err := s.ResolveWorkspace(c.Request.Context(), c.Param("id"))
	if err != nil {
		guard.WriteError(c.Writer, c.Request, http.StatusNotFound, "workspace_not_found", "no workspace has this id")
		return
	}
	c.Header("ETag", t.ETag)
	c.JSON(http.StatusOK, gin.H{"id": t.ID, "name": t.Name, "status": t.Status})
}

// remove deletes a workspace. guard has already checked confirmation,
// reason and budget, and appended the allowed entry, because this store has
// no transactions to share.
func (s *store) remove(c *gin.Context) {
	s.mu.Lock()
	_, ok := s.workspaces[c.Param("id")]
	delete(s.workspaces, c.Param("id"))
	s.mu.Unlock()

	if !ok {
		guard.WriteError(c.Writer, c.Request, http.StatusNotFound, "workspace_not_found", "no workspace has this id")
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "removed"})
}

func (s *store) listAudit(c *gin.Context) {
	page, _ := s.Query(c.Request.Context(), guard.AuditFilter{})
	c.JSON(http.StatusOK, page)
}
