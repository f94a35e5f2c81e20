package cmdutil

import "testing"

func TestCommand(t *testing.T) {
	tests := []struct {
		name  string
		flags TargetFlags
		args  []string
		want  string
	}{
		{name: "no target flags", args: []string{"ws", "list"}, want: "wsctl ws list"},
		{name: "platform flag", flags: TargetFlags{Platform: "http://127.0.0.1:8080"}, args: []string{"ws", "restore", "ab12"}, want: "wsctl --platform http://127.0.0.1:8080 ws restore ab12"},
		{name: "profile flag", flags: TargetFlags{Profile: "prod"}, args: []string{"ws", "trash"}, want: "wsctl --profile prod ws trash"},
		{name: "both flags", flags: TargetFlags{Platform: "sandbox", Profile: "local"}, args: []string{"ws", "list"}, want: "wsctl --platform sandbox --profile local ws list"},
		{name: "quoted profile", flags: TargetFlags{Profile: "on call's"}, args: []string{"ws", "list"}, want: `wsctl --profile 'on call'\''s' ws list`},
		{name: "token file not repeated", flags: TargetFlags{TokenFile: "/tmp/t", CAFile: "/tmp/ca.pem"}, args: []string{"ws", "list"}, want: "wsctl ws list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			SetCommandTarget(tt.flags)
			t.Cleanup(func() { SetCommandTarget(TargetFlags{}) })
			if got := Command(tt.args...); got != tt.want {
				t.Errorf("Command() = %q, want %q", got, tt.want)
			}
		})
	}
}
