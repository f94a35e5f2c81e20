package platform

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"
)

// sandboxFiles are the files OpenSandbox creates in its data directory.
var sandboxFiles = []string{"sandbox.db", "sandbox.db-wal", "sandbox.db-shm", "org-token", "sandbox.db.org-token"}

// OpenSandbox opens the sandbox platform: a SQLite file in dataDir, seeded
// with the incident on first use, labelled "sandbox". clock may be nil.
func OpenSandbox(ctx context.Context, dataDir string, clock func() time.Time) (*Platform, error) {
	if dataDir == "" {
		return nil, errors.New("missing sandbox data directory")
	}
	return Open(ctx, Options{
		DSN:            filepath.Join(dataDir, "sandbox.db"),
		DataDir:        dataDir,
		Seed:           IncidentSeed(),
		Clock:          clock,
		Label:          "sandbox",
		ProvisionDelay: DefaultProvisionDelay,
	})
}

// ResetSandbox removes the sandbox database and org token so that the next
// OpenSandbox starts over from the incident seed. Missing files are fine.
func ResetSandbox(dataDir string) error {
	if dataDir == "" {
		return errors.New("missing sandbox data directory")
	}
	for _, name := range sandboxFiles {
		path := filepath.Join(dataDir, name)
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("reset sandbox: %w", err)
		}
	}
	return nil
}

// RoundTripper returns a transport that serves each request in process
// through Handler, without a socket. Requests see RemoteAddr "in-process".
func (p *Platform) RoundTripper() http.RoundTripper {
	return roundTripper{h: p.handler}
}

type roundTripper struct{ h http.Handler }

func (t roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	// The server side gets its own copy: a handler may read or replace the
	// body and must not change the caller's request.
	in := req.Clone(req.Context())
	if in.Body == nil {
		in.Body = http.NoBody
	}
	in.RemoteAddr = "in-process"
	in.RequestURI = in.URL.RequestURI()
	if in.Host == "" {
		in.Host = in.URL.Host
	}

	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, in)
	_ = in.Body.Close() // a RoundTripper must close the request body
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}
