package guard

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// blockingBody is a request body that never delivers a byte until closed,
// like a DELETE body a proxy dropped while keeping Content-Length.
type blockingBody struct{ closed chan struct{} }

func (b *blockingBody) Read([]byte) (int, error) {
	<-b.closed
	return 0, io.ErrUnexpectedEOF
}

func (b *blockingBody) Close() error {
	select {
	case <-b.closed:
	default:
		close(b.closed)
	}
	return nil
}

func TestBodyNeverArrivesRecorder(t *testing.T) {
	f := newFixture(t, testName, func(c *Config) { c.BodyReadTimeout = 50 * time.Millisecond })
	r := deleteRequest(testName, "")
	r.Body = &blockingBody{closed: make(chan struct{})}
	r.ContentLength = 100

	rec := f.serve(r)

	if rec.Code != http.StatusBadRequest {
		t.Errorf("status: got %d, want 400", rec.Code)
	}
	if got := errorCode(t, rec); got != CodeBodyTimeout {
		t.Errorf("error: got %q, want %q", got, CodeBodyTimeout)
	}
	if !strings.Contains(rec.Body.String(), HeaderAuditReason) {
		t.Errorf("body: got %s, want it to name %s", rec.Body, HeaderAuditReason)
	}
	if f.host.count() != 0 {
		t.Errorf("host calls: got %d, want 0", f.host.count())
	}
}

// TestBodyNeverArrivesServer declares a body on a real connection and never
// sends it, so the connection read deadline path is used.
func TestBodyNeverArrivesServer(t *testing.T) {
	f := newFixture(t, testName, func(c *Config) { c.BodyReadTimeout = 100 * time.Millisecond })
	srv := httptest.NewServer(RequestID(f.guard.Middleware(f.host)))
	defer srv.Close()

	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "DELETE /workspaces/%s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"+
		"X-Confirm-Name: %s\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n", testWorkspaceID, testToken, testName)

	if err := conn.SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("read response: %v", err)
	}
	defer resp.Body.Close()
	var body struct{ Error, Message string }
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}

	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("status: got %d, want 400", resp.StatusCode)
	}
	if body.Error != CodeBodyTimeout {
		t.Errorf("error: got %q, want %q", body.Error, CodeBodyTimeout)
	}
	if !strings.Contains(body.Message, HeaderAuditReason) {
		t.Errorf("message: got %q, want it to name %s", body.Message, HeaderAuditReason)
	}
	if f.host.count() != 0 {
		t.Errorf("host calls: got %d, want 0", f.host.count())
	}
}

func TestReasonHeaderSkipsBody(t *testing.T) {
	f := newFixture(t, testName, func(c *Config) { c.BodyReadTimeout = time.Hour })
	r := deleteRequest(testName, testReason)
	r.Body = &blockingBody{closed: make(chan struct{})}
	r.ContentLength = 100
	var bodyType string
	h := f.guard.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bodyType = fmt.Sprintf("%T", r.Body)
	}))

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)

	if rec.Code != http.StatusOK {
		t.Errorf("status: got %d, want 200 without waiting for the body", rec.Code)
	}
	if bodyType != "*guard.blockingBody" {
		t.Errorf("host body: got %s, want the untouched original", bodyType)
	}
}

func TestBodyRestoredForHost(t *testing.T) {
	tests := []struct {
		name   string
		method string
		path   string
		body   string
	}{
		{name: "disable", method: http.MethodPatch, path: "", body: `{"disabled":true,"reason":"disable for audit"}`},
		{name: "rename", method: http.MethodPatch, path: "", body: `{"name":"beta"}`},
		{name: "purge", method: http.MethodPost, path: "/purge", body: `{"reason":"early purge requested"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, testName, nil)
			var got string
			h := f.guard.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				data, _ := io.ReadAll(r.Body)
				got = string(data)
			}))
			r := httptest.NewRequest(tt.method, "/workspaces/"+testWorkspaceID+tt.path, strings.NewReader(tt.body))
			r.Header.Set("Authorization", "Bearer "+testToken)
			r.Header.Set(HeaderConfirmName, testName)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)

			if rec.Code != http.StatusOK {
				t.Errorf("status: got %d, want 200 (%s)", rec.Code, rec.Body)
			}
			if got != tt.body {
				t.Errorf("host body: got %q, want %q", got, tt.body)
			}
		})
	}
}

func TestSetsDisabled(t *testing.T) {
	tests := []struct {
		body string
		want bool
	}{
		{body: ``, want: false},
		{body: `{}`, want: false},
		{body: `{"disabled":false}`, want: false},
		{body: `{"disabled":null}`, want: false},
		{body: `{"disabled":true}`, want: true},
		{body: `{"Disabled":true}`, want: true},
		{body: `{"disabl\u0065d":true}`, want: true},
		{body: `{"disabled":true,"disabled":false}`, want: true},
		{body: `{"disabled":false,"disabled":true}`, want: true},
		{body: `{"nested":{"disabled":true}}`, want: false},
		{body: `{"disabled":"yes"}`, want: true},
		{body: `{"disabled":`, want: true},
		{body: `[true]`, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			if got := SetsDisabled([]byte(tt.body)); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestBodyInvalidUTF8 sends bodies with a byte that is not UTF-8. A JSON
// decoder would turn it into U+FFFD without a word, so guard rejects it.
func TestBodyInvalidUTF8(t *testing.T) {
	tests := []struct {
		name   string
		method string
		path   string
		body   string
	}{
		{name: "delete reason", method: http.MethodDelete, path: "/workspaces/" + testWorkspaceID, body: "{\"reason\":\"cleanup after \xff incident\"}"},
		{name: "delete other field", method: http.MethodDelete, path: "/workspaces/" + testWorkspaceID, body: "{\"reason\":\"" + testReason + "\",\"note\":\"a\xffb\"}"},
		{name: "disable", method: http.MethodPatch, path: "/workspaces/" + testWorkspaceID, body: "{\"disabled\":true,\"name\":\"a\xffb\"}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, testName, nil)
			r := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
			r.Header.Set("Authorization", "Bearer "+testToken)
			r.Header.Set(HeaderConfirmName, testName)

			rec := f.serve(r)

			if rec.Code != http.StatusBadRequest {
				t.Errorf("status: got %d, want 400", rec.Code)
			}
			if got := errorCode(t, rec); got != CodeInvalidBody {
				t.Errorf("error: got %q, want %q", got, CodeInvalidBody)
			}
			if f.host.count() != 0 {
				t.Errorf("host calls: got %d, want 0", f.host.count())
			}
			entries := f.audit.all()
			if len(entries) != 1 || entries[0].Outcome != OutcomeRefused || entries[0].Error != CodeInvalidBody {
				t.Errorf("entries: got %+v, want one refused with %s", entries, CodeInvalidBody)
			}
		})
	}
}
