package memory_test

import (
	"fmt"
	"io"
	"testing"

	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/internal/cmdtest"
	"github.com/wsctl/wsctl/cmd/memory"
)

func TestDeleteFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    string
		wantErr string
	}{
		{
			name: "batch",
			args: []string{"delete", "SEO Agent", memA, memB},
			want: "SEO Agent [" + memA + " " + memB + "] {Name: NameSet:false Reason: ReasonSet:false}",
		},
		{
			name: "confirmation flags",
			args: []string{"delete", seoID, memA, "--confirm-name", "SEO Agent", "--reason", reason},
			want: seoID + " [" + memA + "] {Name:SEO Agent NameSet:true Reason:" + reason + " ReasonSet:true}",
		},
		{name: "no memory", args: []string{"delete", seoID}, wantErr: "missing <memory-id>: wsctl memory delete takes <workspace> <memory-id>..."},
		{name: "unknown flag", args: []string{"delete", seoID, memA, "--all"}, wantErr: "unknown flag: --all"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := cmdtest.NewFactory(t, cmdtest.Setup{})
			var got string
			root := &cobra.Command{Use: "wsctl", SilenceErrors: true, SilenceUsage: true}
			root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &cmdutil.FlagError{Err: err} })
			root.SetOut(io.Discard)
			group := &cobra.Command{Use: "memory"}
			root.AddCommand(group)
			group.AddCommand(memory.NewCmdDelete(f, func(o *memory.DeleteOptions) error {
				got = fmt.Sprintf("%s %v %+v", o.Workspace, o.MemoryIDs, o.Confirm)
				return nil
			}))
			root.SetArgs(append([]string{"memory"}, tt.args...))

			_, err := root.ExecuteC()

			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Errorf("error = %v, want %q", err, tt.wantErr)
				}
				if code := cmdutil.ExitCodeOf(err); code != cmdutil.ExitUsage {
					t.Errorf("exit code = %d, want %d", code, cmdutil.ExitUsage)
				}
				return
			}
			if err != nil {
				t.Fatalf("error = %v, want none", err)
			}
			if got != tt.want {
				t.Errorf("options = %q, want %q", got, tt.want)
			}
		})
	}
}
