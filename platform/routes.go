package platform

import (
	"net/http"

	"github.com/wsctl/wsctl/guard"
)

// buildHandler wires the routes. Order, outermost first: request id, path
// check, per-route authentication, markCascade (DELETE /workspaces/{id}
// only), guard (destructive routes only), handler.
func (p *Platform) buildHandler(budget guard.Budget) error {
	g, err := guard.New(guard.Config{
		Resolver:  guard.ResolverFunc(p.resolveWorkspace),
		Actor:     actorOf,
		Authorize: authorizeDestructive,
		Audit:     p.audit,
		Budget:    budget,
		Clock:     p.opts.Clock,
		Logger:    p.log,
	})
	if err != nil {
		return err
	}
	p.guard = g

	org := func(h http.HandlerFunc) http.Handler { return p.requireOrg(h) }
	ws := func(h http.HandlerFunc) http.Handler { return p.requireWorkspace(h) }
	guarded := func(h http.HandlerFunc) http.Handler { return p.requireOrg(g.Middleware(h)) }

	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", p.handleHealth)

	mux.Handle("GET /workspaces", org(p.handleListWorkspaces))
	mux.Handle("POST /workspaces", org(p.handleCreateWorkspace))
	mux.HandleFunc("GET /workspaces/{id}", p.handleGetWorkspace)
	mux.Handle("PATCH /workspaces/{id}", p.requireOrg(g.Middleware(http.HandlerFunc(p.handlePatchWorkspace))))
	mux.Handle("DELETE /workspaces/{id}", p.requireOrg(markCascade(g.Middleware(http.HandlerFunc(p.handleDeleteWorkspace)))))
	mux.Handle("GET /workspaces/{id}/impact", org(p.handleImpact))
	mux.Handle("POST /workspaces/{id}/restore", org(p.handleRestore))
	mux.Handle("POST /workspaces/{id}/purge", guarded(p.handlePurge))
	mux.Handle("POST /workspaces/{id}/restart", ws(p.handleRestart))
	mux.Handle("POST /workspaces/{id}/pause", ws(p.handlePause))
	mux.Handle("POST /workspaces/{id}/resume", ws(p.handleResume))

	mux.Handle("GET /workspaces/{id}/schedules", ws(p.handleListSchedules))
	mux.Handle("POST /workspaces/{id}/schedules", ws(p.handleCreateSchedule))
	mux.Handle("PATCH /workspaces/{id}/schedules/{schedule_id}", ws(p.handlePatchSchedule))
	mux.Handle("DELETE /workspaces/{id}/schedules/{schedule_id}", ws(p.handleDeleteSchedule))
	mux.Handle("GET /workspaces/{id}/memories", ws(p.handleListMemories))
	mux.Handle("POST /workspaces/{id}/memories", ws(p.handleCreateMemory))
	mux.Handle("DELETE /workspaces/{id}/memories/{memory_id}", guarded(p.handleDeleteMemory))
	mux.Handle("GET /workspaces/{id}/memory", ws(p.handleListKeyValues))
	mux.Handle("POST /workspaces/{id}/tokens", org(p.handleCreateToken))
	mux.HandleFunc("POST /registry/heartbeat", p.handleHeartbeat)

	mux.Handle("GET /admin/audit", org(p.handleAudit))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not found")
	})

	p.handler = guard.RequestID(cleanPaths(mux))
	return nil
}

func requestID(r *http.Request) string {
	return guard.RequestIDFromContext(r.Context())
}
