package guard

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// discardWriter is a ResponseWriter that allocates nothing, so that the
// benchmarks measure guard and not the recorder.
type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(int)             {}

var okHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusOK)
})

func BenchmarkPassThrough(b *testing.B) {
	g, err := New(Config{Resolver: mapResolver{}, Actor: bearerActor, Audit: &memAudit{}})
	if err != nil {
		b.Fatal(err)
	}
	cases := []struct {
		name    string
		handler http.Handler
		method  string
	}{
		{name: "bare handler", handler: okHandler, method: http.MethodGet},
		{name: "guarded GET", handler: g.Middleware(okHandler), method: http.MethodGet},
		{name: "guarded DELETE other route", handler: g.Middleware(okHandler), method: http.MethodDelete},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			r := httptest.NewRequest(c.method, "/workspaces/"+testWorkspaceID+"/schedules/s1", nil)
			w := &discardWriter{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				c.handler.ServeHTTP(w, r)
			}
		})
	}
}

// BenchmarkDestructiveCheck runs the full check of an allowed delete with an
// in-memory resolver, audit log and budget, logging discarded.
func BenchmarkDestructiveCheck(b *testing.B) {
	g, err := New(Config{
		Resolver: mapResolver{workspaces: map[string]Target{testWorkspaceID: testTarget(testName)}},
		Actor:    bearerActor,
		Audit:    &discardAudit{},
		Budget:   NewMemoryBudget(1<<30, time.Hour),
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		b.Fatal(err)
	}
	h := g.Middleware(okHandler)
	r := deleteRequest(testName, testReason)
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(&discardWriter{h: http.Header{}}, r)
	}
}

type discardAudit struct{}

func (discardAudit) Append(context.Context, Entry) error { return nil }
func (discardAudit) Query(context.Context, AuditFilter) (AuditPage, error) {
	return AuditPage{}, nil
}
