package platform

import (
	"context"
	"log/slog"
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
