package cmdutil

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func envFunc(env map[string]string) func(string) string {
	return func(key string) string { return env[key] }
}

func writeFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}

const testConfig = `default_profile: prod
profiles:
  prod:
    platform: https://platform.example.test
    token_file: ~/prod.token
    headers:
      X-Molecule-Org-Id: 5f0c2a36-0000-4000-8000-000000000001
  staging:
    platform: https://staging.example.test:8443/api
    token_file: /etc/wsctl/staging.token
    ca_file: /etc/wsctl/ca.pem
  local:
    platform: sandbox
`

func loadTestConfig(t *testing.T) *Config {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "config.yaml"), testConfig, 0o600)
	cfg, err := LoadConfig(dir)
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	return cfg
}

func TestResolveTarget(t *testing.T) {
	cfg := loadTestConfig(t)
	tests := []struct {
		name          string
		flags         TargetFlags
		env           map[string]string
		wantPlatform  string
		wantProfile   string
		wantTokenFile string
		wantTokenEnv  bool
		wantHost      string
	}{
		{
			name:          "default profile",
			env:           map[string]string{"HOME": "/home/op"},
			wantPlatform:  "https://platform.example.test",
			wantProfile:   "prod",
			wantTokenFile: "/home/op/prod.token",
			wantHost:      "platform.example.test",
		},
		{
			name:          "profile flag",
			flags:         TargetFlags{Profile: "staging"},
			wantPlatform:  "https://staging.example.test:8443/api",
			wantProfile:   "staging",
			wantTokenFile: "/etc/wsctl/staging.token",
			wantHost:      "staging.example.test:8443",
		},
		{
			name:          "profile env",
			env:           map[string]string{"WSCTL_PROFILE": "staging"},
			wantPlatform:  "https://staging.example.test:8443/api",
			wantProfile:   "staging",
			wantTokenFile: "/etc/wsctl/staging.token",
			wantHost:      "staging.example.test:8443",
		},
		{
			name:         "platform flag skips default profile",
			flags:        TargetFlags{Platform: "http://127.0.0.1:8080"},
			env:          map[string]string{"WSCTL_TOKEN": "t"},
			wantPlatform: "http://127.0.0.1:8080",
			wantTokenEnv: true,
			wantHost:     "127.0.0.1:8080",
		},
		{
			name:         "platform env skips default profile",
			env:          map[string]string{"WSCTL_PLATFORM": "sandbox"},
			wantPlatform: "sandbox",
			wantHost:     "sandbox",
		},
		{
			name:          "platform flag equal to named profile's",
			flags:         TargetFlags{Platform: "https://STAGING.example.test:8443/api/", Profile: "staging"},
			wantPlatform:  "https://staging.example.test:8443/api",
			wantProfile:   "staging",
			wantTokenFile: "/etc/wsctl/staging.token",
			wantHost:      "staging.example.test:8443",
		},
		{
			name:          "token file flag beats env token",
			flags:         TargetFlags{TokenFile: "-"},
			env:           map[string]string{"WSCTL_TOKEN": "t", "HOME": "/home/op"},
			wantPlatform:  "https://platform.example.test",
			wantProfile:   "prod",
			wantTokenFile: "-",
			wantHost:      "platform.example.test",
		},
		{
			name:         "env token beats profile token file",
			env:          map[string]string{"WSCTL_TOKEN": "t"},
			wantPlatform: "https://platform.example.test",
			wantProfile:  "prod",
			wantTokenEnv: true,
			wantHost:     "platform.example.test",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ResolveTarget(tt.flags, envFunc(tt.env), cfg)
			if err != nil {
				t.Fatalf("ResolveTarget: %v", err)
			}
			if got.Platform != tt.wantPlatform {
				t.Errorf("Platform = %q, want %q", got.Platform, tt.wantPlatform)
			}
			if got.Profile != tt.wantProfile {
				t.Errorf("Profile = %q, want %q", got.Profile, tt.wantProfile)
			}
			if got.TokenFile != tt.wantTokenFile {
				t.Errorf("TokenFile = %q, want %q", got.TokenFile, tt.wantTokenFile)
			}
			if got.TokenFromEnv != tt.wantTokenEnv {
				t.Errorf("TokenFromEnv = %v, want %v", got.TokenFromEnv, tt.wantTokenEnv)
			}
			if got.Host() != tt.wantHost {
				t.Errorf("Host() = %q, want %q", got.Host(), tt.wantHost)
			}
		})
	}
}

func TestResolveTargetErrors(t *testing.T) {
	cfg := loadTestConfig(t)
	empty := &Config{path: "/home/op/.config/wsctl/config.yaml"}
	tests := []struct {
		name     string
		cfg      *Config
		flags    TargetFlags
		env      map[string]string
		wantErr  string
		wantHint string
	}{
		{
			name:    "platform flag differs from profile flag",
			cfg:     cfg,
			flags:   TargetFlags{Platform: "http://127.0.0.1:9", Profile: "staging"},
			wantErr: `--platform names platform http://127.0.0.1:9, but profile "staging" (from --profile) is for https://staging.example.test:8443/api: drop --profile or --platform, so the profile's token and headers are not sent to another platform`,
		},
		{
			name:    "platform env differs from profile env",
			cfg:     cfg,
			env:     map[string]string{"WSCTL_PROFILE": "prod", "WSCTL_PLATFORM": "http://127.0.0.1:9"},
			wantErr: `WSCTL_PLATFORM names platform http://127.0.0.1:9, but profile "prod" (from WSCTL_PROFILE) is for https://platform.example.test: drop WSCTL_PROFILE or WSCTL_PLATFORM, so the profile's token and headers are not sent to another platform`,
		},
		{
			name:    "sandbox flag differs from profile env",
			cfg:     cfg,
			flags:   TargetFlags{Platform: "sandbox"},
			env:     map[string]string{"WSCTL_PROFILE": "prod"},
			wantErr: `--platform names platform sandbox, but profile "prod" (from WSCTL_PROFILE) is for https://platform.example.test: drop WSCTL_PROFILE or --platform, so the profile's token and headers are not sent to another platform`,
		},
		{
			name:     "nothing configured",
			cfg:      empty,
			wantErr:  "no platform configured",
			wantHint: "or try wsctl against a local sandbox: wsctl --platform sandbox ws list",
		},
		{
			name:    "unknown profile",
			cfg:     cfg,
			flags:   TargetFlags{Profile: "prd"},
			wantErr: `profile "prd" not found in ` + cfg.Path() + " (defined: local, prod, staging)",
		},
		{
			name:    "not a url",
			cfg:     empty,
			flags:   TargetFlags{Platform: "platform.example.test"},
			wantErr: `invalid platform "platform.example.test": use an http:// or https:// URL, or "sandbox"`,
		},
		{
			name:    "user info in url",
			cfg:     empty,
			flags:   TargetFlags{Platform: "https://op:secret@platform.example.test"},
			wantErr: "invalid platform URL: remove the user information and pass the token with WSCTL_TOKEN or --token-file",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ResolveTarget(tt.flags, envFunc(tt.env), tt.cfg)
			if err == nil {
				t.Fatal("got nil error")
			}
			if err.Error() != tt.wantErr {
				t.Errorf("error = %q, want %q", err.Error(), tt.wantErr)
			}
			var cmdErr *Error
			if !errors.As(err, &cmdErr) {
				t.Fatalf("error type %T, want *Error", err)
			}
			if cmdErr.Code != ExitUsage {
				t.Errorf("code = %d, want %d", cmdErr.Code, ExitUsage)
			}
			if tt.wantHint != "" && !contains(cmdErr.Hints, tt.wantHint) {
				t.Errorf("hints = %q, want one equal to %q", cmdErr.Hints, tt.wantHint)
			}
		})
	}
}

func contains(list []string, item string) bool {
	for _, s := range list {
		if s == item {
			return true
		}
	}
	return false
}

func TestReadToken(t *testing.T) {
	const token = "q3Vx0Zy2Jd9kPp7a1Lm4Wn8Rt6Yb5Hc0Ge3Fs2Du1Ai"
	dir := t.TempDir()
	private := filepath.Join(dir, "private.token")
	writeFile(t, private, token+"\n", 0o600)
	shared := filepath.Join(dir, "shared.token")
	writeFile(t, shared, token, 0o644)
	blank := filepath.Join(dir, "blank.token")
	writeFile(t, blank, "\n", 0o600)

	tests := []struct {
		name     string
		target   Target
		env      map[string]string
		stdin    string
		want     string
		wantWarn string
		wantErr  string
		wantCode ExitCode
	}{
		{name: "private file", target: Target{TokenFile: private}, want: token},
		{
			name:     "shared file warns",
			target:   Target{TokenFile: shared},
			want:     token,
			wantWarn: "warning: token file " + shared + " is readable by group or others (mode 0644): run chmod 600 " + shared + "\n",
		},
		{name: "stdin", target: Target{TokenFile: "-"}, stdin: token + "\n", want: token},
		{name: "env", target: Target{TokenFromEnv: true}, env: map[string]string{"WSCTL_TOKEN": " " + token + " "}, want: token},
		{name: "blank file", target: Target{TokenFile: blank}, wantErr: "the API token from " + blank + " is empty", wantCode: ExitAuth},
		{name: "two words on stdin", target: Target{TokenFile: "-"}, stdin: token + " " + token, wantErr: "the API token from standard input contains whitespace: store only the token", wantCode: ExitAuth},
		{name: "none", target: Target{}, wantErr: "no API token: set WSCTL_TOKEN, pass --token-file PATH, or set token_file in the profile", wantCode: ExitAuth},
		{
			name:     "none with default profile skipped",
			target:   Target{Platform: "http://127.0.0.1:9", SkippedDefaultProfile: "prod", PlatformSource: "WSCTL_PLATFORM"},
			wantErr:  `no API token: the default profile "prod" was skipped because WSCTL_PLATFORM names another platform; set WSCTL_TOKEN or pass --token-file PATH for http://127.0.0.1:9`,
			wantCode: ExitAuth,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var warn bytes.Buffer
			got, err := ReadToken(&tt.target, envFunc(tt.env), strings.NewReader(tt.stdin), &warn)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("got token %q, want error %q", got, tt.wantErr)
				}
				if err.Error() != tt.wantErr {
					t.Errorf("error = %q, want %q", err.Error(), tt.wantErr)
				}
				if strings.Contains(err.Error(), token) {
					t.Errorf("error %q contains the token", err.Error())
				}
				var cmdErr *Error
				if !errors.As(err, &cmdErr) || cmdErr.Code != tt.wantCode {
					t.Errorf("error %v does not carry exit code %d", err, tt.wantCode)
				}
				return
			}
			if err != nil {
				t.Fatalf("ReadToken: %v", err)
			}
			if got != tt.want {
				t.Errorf("token = %q, want %q", got, tt.want)
			}
			if warn.String() != tt.wantWarn {
				t.Errorf("warning = %q, want %q", warn.String(), tt.wantWarn)
			}
		})
	}
}

func TestLoadConfigErrors(t *testing.T) {
	tests := []struct {
		name    string
		content string
		wantErr string
	}{
		{
			name:    "unknown default profile",
			content: "default_profile: prd\nprofiles:\n  prod:\n    platform: sandbox\n",
			wantErr: `default_profile "prd" is not defined under profiles (defined: prod)`,
		},
		{
			name:    "profile without platform",
			content: "profiles:\n  prod:\n    token_file: /x\n",
			wantErr: `profile "prod" has no platform: set platform to a URL or "sandbox"`,
		},
		{
			name:    "misspelt key",
			content: "profiles:\n  prod:\n    platfrom: sandbox\n",
			wantErr: `config.yaml line 3: unknown field "platfrom" in a profile (a mapping with platform, token_file, headers and ca_file)`,
		},
		{
			name:    "profile as text",
			content: "profiles:\n  prod: sandbox\n",
			wantErr: `config.yaml line 2: expected a profile (a mapping with platform, token_file, headers and ca_file), found text "sandbox"`,
		},
		{
			name:    "headers as number",
			content: "profiles:\n  prod:\n    platform: sandbox\n    headers: 3\n",
			wantErr: `config.yaml line 4: expected headers (a mapping from header name to value), found a number "3"`,
		},
		{
			name:    "profiles as list",
			content: "profiles: [prod]\n",
			wantErr: `config.yaml line 1: expected profiles (a mapping from profile name to profile), found a list`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "config.yaml"), tt.content, 0o600)
			_, err := LoadConfig(dir)
			if err == nil {
				t.Fatalf("got nil error, want one containing %q", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error = %q, want it to contain %q", err.Error(), tt.wantErr)
			}
			if strings.Contains(err.Error(), "cmdutil.") || strings.Contains(err.Error(), "map[") {
				t.Errorf("error = %q, names a Go type", err.Error())
			}
		})
	}
}

func TestLoadConfigMissingFile(t *testing.T) {
	dir := t.TempDir()
	cfg, err := LoadConfig(dir)
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	if len(cfg.Profiles) != 0 {
		t.Errorf("profiles = %v, want none", cfg.Profiles)
	}
	if want := filepath.Join(dir, "config.yaml"); cfg.Path() != want {
		t.Errorf("Path() = %q, want %q", cfg.Path(), want)
	}
}

func TestXDGDirs(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		fn      func(func(string) string) (string, error)
		want    string
		wantErr string
	}{
		{name: "config from xdg", env: map[string]string{"XDG_CONFIG_HOME": "/x/cfg"}, fn: ConfigDir, want: "/x/cfg/wsctl"},
		{name: "config from home", env: map[string]string{"HOME": "/home/op"}, fn: ConfigDir, want: "/home/op/.config/wsctl"},
		{name: "data from xdg", env: map[string]string{"XDG_DATA_HOME": "/x/data"}, fn: DataDir, want: "/x/data/wsctl"},
		{name: "data from home", env: map[string]string{"HOME": "/home/op"}, fn: DataDir, want: "/home/op/.local/share/wsctl"},
		{name: "relative xdg", env: map[string]string{"XDG_DATA_HOME": "data"}, fn: DataDir, wantErr: `XDG_DATA_HOME must be an absolute path, got "data"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.fn(envFunc(tt.env))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
