package cmd

import (
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/client/clienttest"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/internal/cmdtest"
)

// closedPort returns a 127.0.0.1 address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestConnectionErrorHints(t *testing.T) {
	plain := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(plain.Close)
	untrusted := httptest.NewUnstartedServer(http.NotFoundHandler())
	untrusted.Config.ErrorLog = log.New(io.Discard, "", 0)
	untrusted.StartTLS()
	t.Cleanup(untrusted.Close)
	refused := closedPort(t)
	plainHost := strings.TrimPrefix(plain.URL, "http://")

	tests := []struct {
		name     string
		platform string
		wantHint string
	}{
		{
			name:     "refused",
			platform: "http://" + refused,
			wantHint: "nothing accepts connections at " + refused + ": check that the platform server is running there (wsctl serve runs one), and the URL in WSCTL_PLATFORM\n",
		},
		{
			name:     "https to http server",
			platform: "https://" + plainHost,
			wantHint: "the server at https://" + plainHost + " answers plain HTTP, not HTTPS: use an http:// URL in WSCTL_PLATFORM, or put TLS in front of the server\n",
		},
		{
			name:     "untrusted certificate",
			platform: untrusted.URL,
			wantHint: "the platform's TLS certificate is not trusted: pass its CA with --ca-file FILE (or ca_file in the profile), and check that the host name in WSCTL_PLATFORM matches the certificate\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"WSCTL_PLATFORM": tt.platform, "WSCTL_TOKEN": cmdtest.Token}

			got := runWsctl(t, runConfig{env: env}, "ws", "list")

			if got.code != cmdutil.ExitError {
				t.Errorf("exit code = %d, want %d", got.code, cmdutil.ExitError)
			}
			want := tt.wantHint + "platform: " + tt.platform + "\n"
			if !strings.HasSuffix(got.stderr, want) {
				t.Errorf("stderr:\n%s\nwant it to end with:\n%s", got.stderr, want)
			}
			if strings.Contains(got.stderr, cmdtest.Token) {
				t.Errorf("stderr contains the token")
			}
		})
	}
}

func TestConnectionHintSources(t *testing.T) {
	dnsErr := &client.TransportError{Method: "GET", URL: "http://ws.example.test/workspaces",
		Err: &net.OpError{Op: "dial", Err: &net.DNSError{Name: "ws.example.test", Err: "no such host", IsNotFound: true}}}
	tests := []struct {
		name     string
		flag     string
		env      map[string]string
		profile  string
		wantHint string
	}{
		{name: "flag", flag: "http://ws.example.test", wantHint: `the host name "ws.example.test" does not resolve: check the URL in --platform`},
		{name: "environment", env: map[string]string{"WSCTL_PLATFORM": "http://ws.example.test"}, wantHint: `the host name "ws.example.test" does not resolve: check the URL in WSCTL_PLATFORM`},
		{name: "profile", profile: "prod", wantHint: `the host name "ws.example.test" does not resolve: check the URL in the platform of profile "prod"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := cmdtest.NewFactory(t, cmdtest.Setup{Env: tt.env})
			f.Flags.Target.Platform = tt.flag
			target := &cmdutil.Target{Platform: "http://ws.example.test", Profile: tt.profile}

			got := connectionHints(f, target, dnsErr)

			want := []string{tt.wantHint, "platform: http://ws.example.test"}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("hints:\ngot:  %q\nwant: %q", got, want)
			}
		})
	}
}

func TestSandboxRateLimitHint(t *testing.T) {
	reg := clienttest.NewRegistry(t)
	// A GET is retried after a 429: the first try and three retries.
	for range 4 {
		reg.Register("list", clienttest.REST(http.MethodGet, "/workspaces"),
			clienttest.JSON(http.StatusTooManyRequests, `{"error":"rate limit exceeded","retry_after":60}`))
	}
	f, streams := cmdtest.NewFactory(t, cmdtest.Setup{Registry: reg})
	f.Target = func() (*cmdutil.Target, error) { return &cmdutil.Target{Platform: cmdutil.SandboxPlatform}, nil }

	code := Execute(context.Background(), f, []string{"ws", "list"})

	if code != cmdutil.ExitRateLimited {
		t.Errorf("exit code = %d, want %d", code, cmdutil.ExitRateLimited)
	}
	want := "error: list workspaces: GET /workspaces: HTTP 429: rate limit exceeded\n" +
		"the sandbox's limits are spent: wsctl sandbox reset starts it again from the seed, with a full budget (changes made in the sandbox are lost)\n"
	if got := streams.ErrOut.String(); got != want {
		t.Errorf("stderr:\ngot:\n%s\nwant:\n%s", got, want)
	}
}
