package platform

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wsctl/wsctl/guard"
)

func benchEnv(b *testing.B) *Platform {
	b.Helper()
	dir := b.TempDir()
	p, err := Open(context.Background(), Options{
		DSN: dir + "/bench.db", DataDir: dir, Seed: IncidentSeed(), BudgetLimit: 1 << 30,
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { p.Close() })
	return p
}

// BenchmarkGetWorkspace compares GET /workspaces/{id} through the platform
// handler alone and with guard's middleware wrapped around all of it, which
// is what a host that mounts guard globally pays on read traffic.
func BenchmarkGetWorkspace(b *testing.B) {
	p := benchEnv(b)
	handlers := map[string]http.Handler{
		"without_guard": p.Handler(),
		"with_guard":    p.guard.Middleware(p.Handler()),
	}
	// Warm both paths first: each pooled connection prepares the workspace
	// query on first use, which would otherwise bill the first sub-benchmark.
	for range 2000 {
		for _, h := range handlers {
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/workspaces/"+seoID, nil))
		}
	}
	for _, name := range []string{"without_guard", "with_guard"} {
		h := handlers[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req := httptest.NewRequest("GET", "/workspaces/"+seoID, nil)
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						b.Fatalf("GET: got %d, want 200", rec.Code)
					}
				}
			})
		})
	}
}

// BenchmarkDeleteRestore measures one confirmed delete plus one restore on
// SQLite, each committing its change and audit entry in one transaction.
func BenchmarkDeleteRestore(b *testing.B) {
	p := benchEnv(b)
	token := p.OrgToken()
	send := func(method, path string, want int) {
		req := httptest.NewRequest(method, path, strings.NewReader(`{"reason":"benchmark round trip"}`))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("X-Confirm-Name", "SEO Agent")
		rec := httptest.NewRecorder()
		p.Handler().ServeHTTP(rec, req)
		if rec.Code != want {
			b.Fatalf("%s %s: got %d, want %d: %s", method, path, rec.Code, want, rec.Body)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		send("DELETE", "/workspaces/"+seoID, http.StatusOK)
		send("POST", "/workspaces/"+seoID+"/restore", http.StatusOK)
	}
}

// BenchmarkPurgeOnce10k measures one purge job run over 10,000 workspaces
// whose restore window has ended, each with two schedules and a memory.
func BenchmarkPurgeOnce10k(b *testing.B) {
	const n = 10000
	for b.Loop() {
		b.StopTimer()
		p := benchEnv(b)
		insertExpired(b, p, n)
		b.StartTimer()

		purged, err := p.PurgeOnce(context.Background())
		if err != nil || purged != n {
			b.Fatalf("PurgeOnce: got %d, %v; want %d, nil", purged, err, n)
		}
	}
}

// insertExpired writes n removed workspaces whose window ended an hour ago,
// in one transaction so that setup stays fast.
func insertExpired(b testing.TB, p *Platform, n int) {
	b.Helper()
	db := p.store.DB()
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	ago := p.opts.Clock().Add(-100 * time.Hour).UnixMicro()
	until := p.opts.Clock().Add(-time.Hour).UnixMicro()
	for i := range n {
		id := fmt.Sprintf("bbbbbbbb-0000-4000-8000-%012d", i)
		_, err := tx.Exec(p.store.Rebind(`INSERT INTO workspaces (id, name, status, status_before_removal, removed_at, restorable_until, deletion_id, created_at, updated_at)
			VALUES (?, ?, 'removed', 'online', ?, ?, ?, ?, ?)`), id, fmt.Sprintf("bench %d", i), ago, until, "d"+id, ago, ago)
		if err == nil {
			_, err = tx.Exec(p.store.Rebind(`INSERT INTO schedules (id, workspace_id, name, cron_expr, enabled, created_at, updated_at)
				VALUES (?, ?, 's1', '0 * * * *', FALSE, ?, ?), (?, ?, 's2', '0 * * * *', FALSE, ?, ?)`),
				id+"a", id, ago, ago, id+"b", id, ago, ago)
		}
		if err == nil {
			_, err = tx.Exec(p.store.Rebind(`INSERT INTO memories (id, workspace_id, content, created_at) VALUES (?, ?, 'note', ?)`), id+"m", id, ago)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkAuditQuery100k measures one page of GET /admin/audit over
// 100,000 entries: the newest page, and a page filtered by workspace.
func BenchmarkAuditQuery100k(b *testing.B) {
	const n = 100000
	p := benchEnv(b)
	ctx := context.Background()
	tx, err := p.store.DB().BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now().Add(-n * time.Second)
	for i := range n {
		e := guard.Entry{
			Time: start.Add(time.Duration(i) * time.Second), Action: guard.ActionWorkspaceDelete, Outcome: guard.OutcomeRefused,
			Actor: guard.Actor{Kind: "org", TokenPrefix: "abcdefgh"}, WorkspaceID: fmt.Sprintf("aaaaaaaa-0000-4000-8000-%012d", i%500),
			Error: "destructive_action_requires_confirmation",
		}
		if err := p.audit.AppendTx(ctx, tx, e); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}

	for name, query := range map[string]string{
		"newest_page":  "/admin/audit?limit=50",
		"by_workspace": "/admin/audit?limit=50&workspace_id=aaaaaaaa-0000-4000-8000-000000000123",
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest("GET", query, nil)
				req.Header.Set("Authorization", "Bearer "+p.OrgToken())
				rec := httptest.NewRecorder()
				p.Handler().ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"next_cursor":"`) {
					b.Fatalf("audit query: got %d %s", rec.Code, rec.Body.String()[:min(200, rec.Body.Len())])
				}
			}
		})
	}
}

// BenchmarkGetWorkspaceGuardRatio alternates the same GET between the bare
// handler and the guard-wrapped one within each iteration, so that load from
// other processes hits both sides alike. It reports each side's time per
// request and throughput_ratio, the with-guard throughput divided by the
// bare throughput.
func BenchmarkGetWorkspaceGuardRatio(b *testing.B) {
	p := benchEnv(b)
	bare, guarded := p.Handler(), p.guard.Middleware(p.Handler())
	get := func(h http.Handler) time.Duration {
		req := httptest.NewRequest("GET", "/workspaces/"+seoID, nil)
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		elapsed := time.Since(start)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET: got %d, want 200", rec.Code)
		}
		return elapsed
	}
	for range 2000 {
		get(bare)
		get(guarded)
	}

	var bareTotal, guardedTotal time.Duration
	n := 0
	for b.Loop() {
		if n%2 == 0 {
			bareTotal += get(bare)
			guardedTotal += get(guarded)
		} else {
			guardedTotal += get(guarded)
			bareTotal += get(bare)
		}
		n++
	}
	b.ReportMetric(float64(bareTotal.Nanoseconds())/float64(n), "ns/get-bare")
	b.ReportMetric(float64(guardedTotal.Nanoseconds())/float64(n), "ns/get-guarded")
	b.ReportMetric(float64(bareTotal)/float64(guardedTotal), "throughput_ratio")
}
