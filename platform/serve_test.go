package platform

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

func TestServeShutsDownOnCancel(t *testing.T) {
	dir := t.TempDir()
	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	addrs := make(chan string, 1)
	done := make(chan error, 1)
	opts := Options{DSN: filepath.Join(dir, "p.db"), DataDir: dir, Label: "serve-test", Logger: slog.New(slog.NewTextHandler(logs, nil))}
	go func() {
		done <- Serve(ctx, opts, "127.0.0.1:0", func(addr string) { addrs <- addr })
	}()

	addr := <-addrs
	resp, err := http.Get("http://" + addr + "/health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("health: got %d, want 200", resp.StatusCode)
	}

	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve after cancel: got %v, want nil", err)
	}
	out := logs.String()
	for _, want := range []string{"platform started", "addr=" + addr, "store=sqlite", "restore_window=72h0m0s", "platform stopped"} {
		if !strings.Contains(out, want) {
			t.Errorf("logs: got %q, want them to contain %q", out, want)
		}
	}
	if token := readFile(t, filepath.Join(dir, "org-token")); strings.Contains(out, token) {
		t.Errorf("logs contain the org token")
	}
}

// TestServeBindFailureCreatesNoToken starts Serve on an address in use.
// Without a data directory the org token appears only on stderr, so Serve
// must fail before it creates one. The next start then creates the token.
func TestServeBindFailureCreatesNoToken(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			dsn := dsn(t)
			busyListener, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer busyListener.Close()

			err = Serve(context.Background(), Options{DSN: dsn}, busyListener.Addr().String(), func(string) {
				t.Error("ready called, want the bind to fail first")
			})
			if err == nil || !strings.Contains(err.Error(), "listen on "+busyListener.Addr().String()) {
				t.Fatalf("Serve on an address in use: got %v, want the listen error", err)
			}

			p, err := Open(context.Background(), Options{DSN: dsn})
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			if !p.createdToken || len(p.OrgToken()) != tokenLen {
				t.Errorf("next start: got createdToken=%v and a token of length %d, want a new token of length %d",
					p.createdToken, len(p.OrgToken()), tokenLen)
			}
		})
	}
}
