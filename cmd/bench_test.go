package cmd

import (
	"testing"

	"github.com/wsctl/wsctl/cmd/cmdutil"
)

// BenchmarkDeleteDryRun measures a dry-run delete by id against the guarded
// reference platform on 127.0.0.1: one impact request per run.
func BenchmarkDeleteDryRun(b *testing.B) {
	url, token, log := guardedPlatform(b)
	cfg := runConfig{env: map[string]string{"WSCTL_PLATFORM": url, "WSCTL_TOKEN": token}}
	b.ResetTimer()
	for b.Loop() {
		if got := runWsctl(b, cfg, "ws", "delete", seoAgentID, "--dry-run"); got.code != cmdutil.ExitOK {
			b.Fatalf("exit code = %d; stderr:\n%s", got.code, got.stderr)
		}
	}
	b.StopTimer()
	if perRun := float64(len(log.all())) / float64(b.N); perRun != 1 {
		b.Errorf("requests per dry run = %.2f, want 1", perRun)
	}
}
