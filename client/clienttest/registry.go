// Package clienttest stubs HTTP at the RoundTripper for tests of code that
// uses package client. Each stub serves one request. A request that no stub
// matches fails the test, and so does a stub still unused when the test
// ends.
package clienttest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// Matcher reports whether a stub applies to a request.
type Matcher func(req *http.Request) bool

// Responder builds the response to a matched request. Returning an error
// simulates a transport failure such as a dropped connection.
type Responder func(req *http.Request) (*http.Response, error)

// Request is a request the Registry received, with its body read.
type Request struct {
	Method string
	URL    *url.URL
	Header http.Header
	Body   []byte
}

// Registry is an http.RoundTripper that responds from registered stubs. It is
// safe for concurrent use.
type Registry struct {
	t testing.TB

	mu       sync.Mutex
	stubs    []*stub
	requests []Request
}

type stub struct {
	name    string
	match   Matcher
	respond Responder
	used    bool
}

// NewRegistry returns an empty Registry and arranges for Verify to run when
// the test ends.
func NewRegistry(t testing.TB) *Registry {
	t.Helper()
	r := &Registry{t: t}
	t.Cleanup(r.Verify)
	return r
}

// Register adds a stub. Stubs are tried in registration order, and each
// serves one request only, so register a stub once for every expected
// request, retries included.
func (r *Registry) Register(name string, match Matcher, respond Responder) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stubs = append(r.stubs, &stub{name: name, match: match, respond: respond})
}

// Client returns an *http.Client that sends every request to r.
func (r *Registry) Client() *http.Client {
	return &http.Client{Transport: r}
}

// RoundTrip responds to req from the first unused matching stub. An unmatched
// request fails the test and returns an error.
func (r *Registry) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := readBody(req)
	if err != nil {
		return nil, err
	}

	r.mu.Lock()
	r.requests = append(r.requests, Request{
		Method: req.Method,
		URL:    req.URL,
		Header: req.Header.Clone(),
		Body:   body,
	})
	var found *stub
	for _, s := range r.stubs {
		if !s.used && s.match(req) {
			s.used = true
			found = s
			break
		}
	}
	r.mu.Unlock()

	if found == nil {
		r.t.Errorf("clienttest: no stub for %s %s", req.Method, req.URL.RequestURI())
		return nil, fmt.Errorf("clienttest: no stub for %s %s", req.Method, req.URL.RequestURI())
	}
	resp, err := found.respond(req)
	if resp != nil && resp.Request == nil {
		resp.Request = req
	}
	return resp, err
}

// Requests returns the requests received so far, in arrival order.
func (r *Registry) Requests() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Request(nil), r.requests...)
}

// Verify fails the test for every stub that no request used.
func (r *Registry) Verify() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.stubs {
		if !s.used {
			r.t.Errorf("clienttest: stub %q was never used", s.name)
		}
	}
}

// readBody reads the body and puts an identical copy back, so that the
// responder can still read it.
func readBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	body, err := io.ReadAll(req.Body)
	_ = req.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("clienttest: read request body: %w", err)
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	return body, nil
}

// REST matches a method and a URL path exactly, ignoring the query.
func REST(method, path string) Matcher {
	return func(req *http.Request) bool {
		return req.Method == method && req.URL.Path == path
	}
}

// WithQuery narrows m to requests whose query contains every name=value of
// query.
func WithQuery(m Matcher, query url.Values) Matcher {
	return func(req *http.Request) bool {
		if !m(req) {
			return false
		}
		got := req.URL.Query()
		for name, values := range query {
			if strings.Join(got[name], ",") != strings.Join(values, ",") {
				return false
			}
		}
		return true
	}
}
