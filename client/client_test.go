package client

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wsctl/wsctl/client/clienttest"
)

func TestNewRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		wantErr string
	}{
		{"missing base URL", Options{}, "missing base URL"},
		{"blank base URL", Options{BaseURL: "  "}, "missing base URL"},
		{"no scheme", Options{BaseURL: "platform.example.com"}, `invalid base URL "platform.example.com": the scheme must be http or https, for example https://platform.example.com`},
		{"ftp scheme", Options{BaseURL: "ftp://platform.example.com"}, `invalid base URL "ftp://platform.example.com": the scheme must be http or https`},
		{"missing host", Options{BaseURL: "https:///workspaces"}, `invalid base URL "https:///workspaces": missing host`},
		{"query", Options{BaseURL: "https://p.example.com/?x=1"}, "remove the query and fragment"},
		{"fragment", Options{BaseURL: "https://p.example.com/#top"}, "remove the query and fragment"},
		{"does not parse", Options{BaseURL: "https://p.example.com/%zz"}, `invalid base URL "https://p.example.com/%zz": it does not parse as a URL`},
		{"credentials", Options{BaseURL: "https://admin:hunter2@p.example.com"}, `invalid base URL "https://[REDACTED]@p.example.com": remove the user name and password`},
		{"token with newline", Options{BaseURL: testBase, Token: testToken + "\n"}, "invalid token: it contains whitespace or a control character"},
		{"token with space", Options{BaseURL: testBase, Token: "abc def"}, "invalid token"},
		{"header name with colon", Options{BaseURL: testBase, Headers: map[string]string{"X-Org:": "1"}}, `invalid header name "X-Org:"`},
		{"header value with newline", Options{BaseURL: testBase, Headers: map[string]string{"X-Molecule-Org-Id": "a\nb"}}, "invalid value for header X-Molecule-Org-Id: it contains a line break"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.opts)
			if err == nil {
				t.Fatalf("New() = %v, want an error containing %q", c, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("New() error = %q, want it to contain %q", err, tt.wantErr)
			}
			for _, secret := range []string{"hunter2", "abc def", testToken} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("New() error = %q, which leaks the secret %q", err, secret)
				}
			}
		})
	}
}

func TestHost(t *testing.T) {
	tests := []struct {
		baseURL string
		want    string
	}{
		{"https://api.example.com", "api.example.com"},
		{"http://127.0.0.1:8080/", "127.0.0.1:8080"},
		{"https://api.example.com/platform/v1", "api.example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.baseURL, func(t *testing.T) {
			c, err := New(Options{BaseURL: tt.baseURL})
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if got := c.Host(); got != tt.want {
				t.Errorf("Host() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCommonRequestHeaders(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	reg.Register("list", clienttest.REST("GET", "/platform/workspaces"), clienttest.JSON(200, `[]`))
	c, _ := newTestClient(t, reg, func(o *Options) {
		o.BaseURL = "http://127.0.0.1:8080/platform/"
		o.Headers = map[string]string{"X-Molecule-Org-Id": "0b5f3c1e-org"}
	})

	if _, err := c.ListWorkspaces(context.Background(), ListWorkspacesOptions{}); err != nil {
		t.Fatalf("ListWorkspaces: %v", err)
	}

	got := reg.Requests()[0].Header
	want := map[string]string{
		"Authorization":     "Bearer " + testToken,
		"User-Agent":        "wsctl/1.2.3",
		"Accept":            "application/json",
		"X-Molecule-Org-Id": "0b5f3c1e-org",
	}
	for name, value := range want {
		if got.Get(name) != value {
			t.Errorf("header %s = %q, want %q", name, got.Get(name), value)
		}
	}
}

func TestNoTokenSendsNoAuthorization(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	reg.Register("get", clienttest.REST("GET", "/workspaces/"+wsID), clienttest.JSON(200, `{"id":"`+wsID+`"}`))
	c, _ := newTestClient(t, reg, func(o *Options) { o.Token = ""; o.UserAgent = "" })

	if _, err := c.GetWorkspace(context.Background(), wsID); err != nil {
		t.Fatalf("GetWorkspace: %v", err)
	}

	header := reg.Requests()[0].Header
	if got := header.Get("Authorization"); got != "" {
		t.Errorf("Authorization = %q, want none", got)
	}
	if got := header.Get("User-Agent"); got != "wsctl" {
		t.Errorf("User-Agent = %q, want %q", got, "wsctl")
	}
}

func TestNewKeepsCallerHTTPClient(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	hc := reg.Client()
	var debug strings.Builder

	if _, err := New(Options{BaseURL: testBase, HTTPClient: hc, Debug: &debug, Timeout: time.Second}); err != nil {
		t.Fatalf("New: %v", err)
	}

	if hc.Transport != http.RoundTripper(reg) {
		t.Errorf("caller's Transport = %T, want the registry unchanged", hc.Transport)
	}
	if hc.Timeout != 0 {
		t.Errorf("caller's Timeout = %v, want 0 unchanged", hc.Timeout)
	}
}

func TestInvalidWorkspaceID(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	c, _ := newTestClient(t, reg)
	ctx := context.Background()

	tests := []struct {
		name    string
		id      string
		wantErr string
	}{
		{"empty", "", "missing workspace ID"},
		{"name instead of id", "prod-ws", `invalid workspace ID "prod-ws": workspace IDs are UUIDs`},
		{"path traversal", "../admin/audit", `invalid workspace ID "../admin/audit"`},
		{"token pasted as id", testToken, `invalid workspace ID "[REDACTED]"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.GetWorkspace(ctx, tt.id)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("GetWorkspace(%q) error = %v, want it to contain %q", tt.id, err, tt.wantErr)
			}
		})
	}
	if n := len(reg.Requests()); n != 0 {
		t.Errorf("sent %d requests, want none for invalid IDs", n)
	}
}

func TestDestructiveCallsNeedConfirmation(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	c, _ := newTestClient(t, reg)
	ctx := context.Background()

	tests := []struct {
		name    string
		call    func() error
		wantErr string
	}{
		{"delete without name", func() error {
			_, err := c.DeleteWorkspace(ctx, wsID, DeleteOptions{Reason: "cleanup"})
			return err
		}, "missing confirmation name"},
		{"delete without reason", func() error {
			_, err := c.DeleteWorkspace(ctx, wsID, DeleteOptions{ConfirmName: "prod"})
			return err
		}, "missing reason"},
		{"purge without name", func() error {
			_, err := c.PurgeWorkspace(ctx, wsID, ConfirmOptions{Reason: "cleanup"})
			return err
		}, "missing confirmation name"},
		{"disable without reason", func() error {
			_, err := c.SetWorkspaceDisabled(ctx, wsID, true, ConfirmOptions{ConfirmName: "prod"})
			return err
		}, "missing reason"},
		{"memory delete without name", func() error {
			_, err := c.DeleteMemory(ctx, wsID, "m1", ConfirmOptions{Reason: "cleanup"})
			return err
		}, "missing confirmation name"},
		{"delete with line break in etag", func() error {
			_, err := c.DeleteWorkspace(ctx, wsID, DeleteOptions{ConfirmName: "prod", Reason: "cleanup", IfMatch: "\"v1\"\r\nX-Evil: 1"})
			return err
		}, `invalid If-Match value "\"v1\"\r\nX-Evil: 1": an ETag is printable ASCII`},
		{"enable with non-ascii etag", func() error {
			_, err := c.SetWorkspaceDisabled(ctx, wsID, false, ConfirmOptions{IfMatch: "\"é\""})
			return err
		}, "invalid If-Match value"},
		{"memory delete without memory id", func() error {
			_, err := c.DeleteMemory(ctx, wsID, "", ConfirmOptions{ConfirmName: "prod", Reason: "cleanup"})
			return err
		}, "missing memory ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
	if n := len(reg.Requests()); n != 0 {
		t.Errorf("sent %d requests, want none without confirmation", n)
	}
}

func TestNewRejectsInsecureTransport(t *testing.T) {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.TLSClientConfig = &tls.Config{InsecureSkipVerify: true}

	_, err := New(Options{BaseURL: testBase, HTTPClient: &http.Client{Transport: transport}})

	want := "invalid HTTP client: its transport skips TLS certificate verification"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("New() error = %v, want it to contain %q", err, want)
	}
}

func TestResponseBodyLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		chunk := make([]byte, 1<<20)
		for i := 0; i <= maxResponseBody>>20; i++ {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	c, err := New(Options{BaseURL: srv.URL, MaxRetries: NoRetries})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	_, err = c.ListWorkspaces(context.Background(), ListWorkspacesOptions{})

	want := "GET /workspaces: the response body exceeds 64 MiB"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}
