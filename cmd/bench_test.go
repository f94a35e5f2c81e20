package cmd

import (
	"strings"
	"testing"

	"github.com/wsctl/wsctl/cmd/cmdutil"
)

// BenchmarkDeleteDryRun measures a dry-run delete by id of the seeded SEO
// Agent, which has an active task and a stuck session, against the guarded
// reference platform on 127.0.0.1. The impact response carries the
// warnings, so each run costs one request.
func BenchmarkDeleteDryRun(b *testing.B) {
	url, token, log := guardedPlatform(b)
	cfg := runConfig{env: map[string]string{"WSCTL_PLATFORM": url, "WSCTL_TOKEN": token}}
	var last run
	b.ResetTimer()
	for b.Loop() {
		last = runWsctl(b, cfg, "ws", "delete", seoAgentID, "--dry-run")
		if last.code != cmdutil.ExitOK {
			b.Fatalf("exit code = %d; stderr:\n%s", last.code, last.stderr)
		}
	}
	b.StopTimer()
	for _, want := range []string{"Active tasks:  1\n", "WARNING: the agent session looks stuck"} {
		if !strings.Contains(last.stderr, want) {
			b.Errorf("stderr lacks %q; stderr:\n%s", want, last.stderr)
		}
	}
	if perRun := float64(len(log.all())) / float64(b.N); perRun != 1 {
		b.Errorf("requests per dry run = %.2f, want 1", perRun)
	}
}
