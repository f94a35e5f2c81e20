package platform

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/wsctl/wsctl/guard"
	"github.com/wsctl/wsctl/platform/store"
)

// maxMemoriesPerPage is the most memories one list returns, as on the base
// platform: clients treat a full page as a lower bound.
const maxMemoriesPerPage = 50

func (p *Platform) handleListMemories(w http.ResponseWriter, r *http.Request) {
	id, ok := p.liveWorkspace(w, r, true)
	if !ok {
		return
	}
	limit := maxMemoriesPerPage
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, http.StatusBadRequest, "invalid limit "+strconv.Quote(v)+": use a positive integer")
			return
		}
		limit = min(n, maxMemoriesPerPage)
	}
	list, err := p.store.Memories(r.Context(), id, limit)
	if err != nil {
		p.writeStoreError(w, r, "list memories", err)
		return
	}
	out := make([]map[string]any, 0, len(list))
	for _, m := range list {
		out = append(out, map[string]any{
			"id": m.ID, "workspace_id": m.WorkspaceID, "content": m.Content, "scope": m.Scope,
			"namespace": m.Namespace, "created_at": timeJSON(m.CreatedAt),
		})
	}
	writeJSON(w, http.StatusOK, out)
}

type memoryRequest struct {
	Content   string `json:"content"`
	Scope     string `json:"scope"`
	Namespace string `json:"namespace"`
}

func (p *Platform) handleCreateMemory(w http.ResponseWriter, r *http.Request) {
	id, ok := p.liveWorkspace(w, r, false)
	if !ok {
		return
	}
	var req memoryRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		writeBadRequest(w, err)
		return
	}
	if strings.TrimSpace(req.Content) == "" {
		writeError(w, http.StatusBadRequest, "missing content: a memory needs non-blank content")
		return
	}
	m := store.Memory{
		ID: uuid.NewString(), WorkspaceID: id, Content: req.Content,
		Scope: orDefault(req.Scope, "workspace"), Namespace: orDefault(req.Namespace, "default"), CreatedAt: p.opts.Clock(),
	}
	if err := p.store.CreateMemory(r.Context(), m); err != nil {
		p.writeStoreError(w, r, "create memory", err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": m.ID, "status": "created"})
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func (p *Platform) handleDeleteMemory(w http.ResponseWriter, r *http.Request) {
	id, ok := p.liveWorkspace(w, r, false)
	if !ok {
		return
	}
	memoryID, ok := subresourceID(w, r, "memory_id", store.ErrMemoryNotFound)
	if !ok {
		return
	}
	if !bodyIsUTF8(w, r) {
		return
	}
	if err := p.store.DeleteMemory(r.Context(), id, memoryID, confirmedName(r), guard.CommitAuditTx); err != nil {
		p.writeStoreError(w, r, "delete memory", err)
		return
	}
	p.log.Info("memory deleted", "workspace_id", id, "memory_id", memoryID, "request_id", requestID(r))
	writeJSON(w, http.StatusOK, map[string]string{"status": "deleted"})
}

func (p *Platform) handleListKeyValues(w http.ResponseWriter, r *http.Request) {
	id, ok := p.liveWorkspace(w, r, true)
	if !ok {
		return
	}
	list, err := p.store.KeyValues(r.Context(), id)
	if err != nil {
		p.writeStoreError(w, r, "list key/value memory", err)
		return
	}
	out := make([]map[string]any, 0, len(list))
	for _, kv := range list {
		out = append(out, map[string]any{
			"key": kv.Key, "value": kv.Value, "version": kv.Version,
			"expires_at": utc(kv.ExpiresAt), "updated_at": timeJSON(kv.UpdatedAt),
		})
	}
	writeJSON(w, http.StatusOK, out)
}
