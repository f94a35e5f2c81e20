package cmdutil_test

import (
	"testing"

	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/output"
)

func TestPromptBlockerCI(t *testing.T) {
	tests := []struct {
		ci   string
		want string
	}{
		{ci: "", want: ""},
		{ci: "false", want: ""},
		{ci: "0", want: ""},
		{ci: "true", want: "CI is set"},
		{ci: "1", want: "CI is set"},
		{ci: "yes", want: "CI is set"},
		{ci: "FALSE", want: ""},
		{ci: "False", want: ""},
		{ci: "No", want: ""},
		{ci: "Off", want: ""},
		{ci: "TRUE", want: "CI is set"},
	}
	for _, tt := range tests {
		t.Run("CI="+tt.ci, func(t *testing.T) {
			ios, _, _, _ := output.Test()
			ios.SetStdinTTY(true)
			ios.SetStderrTTY(true)
			f := &cmdutil.Factory{
				IOStreams: ios,
				Flags:     &cmdutil.GlobalFlags{},
				Getenv:    func(key string) string { return map[string]string{"CI": tt.ci}[key] },
			}

			if got := f.PromptBlocker(); got != tt.want {
				t.Errorf("PromptBlocker() = %q, want %q", got, tt.want)
			}
		})
	}
}
