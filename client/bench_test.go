package client

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// staticTransport returns the same response to every request, so that the
// benchmarks measure the client and not a server.
type staticTransport struct {
	body string
}

func (s staticTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: 200,
		Status:     "200 OK",
		Header:     http.Header{"Content-Type": {"application/json"}, "Etag": {`"v1"`}},
		Body:       io.NopCloser(strings.NewReader(s.body)),
		Request:    req,
	}, nil
}

const benchWorkspace = `{"id":"3f2c9a1e-7b4d-4e8a-9c1f-2a6b8d0e5f71","name":"prod","role":null,"tier":2,
"status":"online","url":"http://ws","parent_id":null,"active_tasks":1,"warnings":[{"code":"session_likely_stuck",
"severity":"warn","first_observed_at":"2026-03-01T08:00:00Z","duration_seconds":7200}]}`

func benchmarkGetWorkspace(b *testing.B, debug io.Writer) {
	c, err := New(Options{
		BaseURL:    testBase,
		Token:      testToken,
		HTTPClient: &http.Client{Transport: staticTransport{body: benchWorkspace}},
		Debug:      debug,
	})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()

	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.GetWorkspace(ctx, wsID); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGetWorkspace(b *testing.B) { benchmarkGetWorkspace(b, nil) }

func BenchmarkGetWorkspaceDebugTrace(b *testing.B) { benchmarkGetWorkspace(b, io.Discard) }

func BenchmarkEncodeHeaderValue(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		EncodeHeaderValue("データ-ws 🚀 prod ")
	}
}
