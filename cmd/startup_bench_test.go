package cmd

import (
	"os/exec"
	"testing"
)

// BenchmarkVersionColdStart runs the built binary with --version, one
// process per iteration, so it measures process start-up plus command-tree
// construction. Compare it with BenchmarkGHVersionColdStart in the same run.
func BenchmarkVersionColdStart(b *testing.B) {
	benchmarkCommand(b, wsctlBinary(b), "--version")
}

// BenchmarkGHVersionColdStart is the reference point for
// BenchmarkVersionColdStart: the GitHub CLI's gh --version on this machine.
// It is skipped where gh is not installed.
func BenchmarkGHVersionColdStart(b *testing.B) {
	gh, err := exec.LookPath("gh")
	if err != nil {
		b.Skip("gh is not installed; install it (apt-get install gh) to compare start-up times")
	}
	benchmarkCommand(b, gh, "--version")
}

func benchmarkCommand(b *testing.B, path string, args ...string) {
	b.Helper()
	for b.Loop() {
		out, err := exec.Command(path, args...).CombinedOutput()
		if err != nil {
			b.Fatalf("%s %v: %v\n%s", path, args, err, out)
		}
	}
}
