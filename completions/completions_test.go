package completions

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestCommittedScriptsUpToDate fails when the command tree changed and the
// committed scripts were not regenerated.
func TestCommittedScriptsUpToDate(t *testing.T) {
	for _, script := range Scripts {
		t.Run(script.Shell, func(t *testing.T) {
			want, err := Generate(script.Shell)
			if err != nil {
				t.Fatal(err)
			}

			got, err := os.ReadFile(script.File)
			if err != nil {
				t.Fatalf("read completions/%s: %v; run go generate ./completions", script.File, err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("completions/%s is stale (%d bytes, generated %d): run go generate ./completions and commit the result",
					script.File, len(got), len(want))
			}
		})
	}
}

func TestGenerateUnknownShell(t *testing.T) {
	_, err := Generate("tcsh")
	if err == nil {
		t.Fatal("Generate(tcsh): got no error, want one naming the supported shells")
	}
	for _, want := range []string{"wsctl completion tcsh exited with code 2", `"tcsh"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Generate(tcsh) error: got %q, want it to contain %q", err, want)
		}
	}
}
