package cmdutil

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
)

// SandboxPlatform is the --platform value that selects the in-process
// sandbox platform instead of a URL.
const SandboxPlatform = "sandbox"

// TargetFlags are the global flags that choose the platform and credential.
type TargetFlags struct {
	Platform  string
	Profile   string
	TokenFile string
	CAFile    string
}

// Target is the resolved platform a command talks to.
type Target struct {
	// Platform is the base URL, or SandboxPlatform.
	Platform string
	// Profile is the profile name the settings came from, or "".
	Profile string
	// Headers are extra request headers from the profile.
	Headers map[string]string
	// CAFile is a PEM bundle to trust, or "".
	CAFile string
	// TokenFile is where the token is read from: a path, "-" for standard
	// input, or "" when the token comes from WSCTL_TOKEN or the sandbox.
	TokenFile string
	// TokenFromEnv is true when WSCTL_TOKEN supplies the token.
	TokenFromEnv bool
	// SkippedDefaultProfile is the default_profile that was not used
	// because PlatformSource named the platform, or "".
	SkippedDefaultProfile string
	// PlatformSource is "--platform" or "WSCTL_PLATFORM" when one of them
	// chose the platform, or "" when a profile did.
	PlatformSource string
}

// IsSandbox reports whether the target is the in-process sandbox.
func (t *Target) IsSandbox() bool { return t.Platform == SandboxPlatform }

// TokenFromStdin reports whether the token is read from standard input,
// which then cannot also answer prompts.
func (t *Target) TokenFromStdin() bool { return t.TokenFile == "-" }

// Host returns the name shown to the operator: "sandbox" or the URL's host.
func (t *Target) Host() string {
	if t.IsSandbox() {
		return SandboxPlatform
	}
	u, err := url.Parse(t.Platform)
	if err != nil || u.Host == "" {
		return t.Platform
	}
	return u.Host
}

// ErrNoTarget is wrapped by the error ResolveTarget returns when neither a
// flag, an environment variable nor a profile names a platform.
var ErrNoTarget = errors.New("no platform configured")

// ResolveTarget picks the platform from, in order: the --platform flag,
// WSCTL_PLATFORM, the profile named by --profile or WSCTL_PROFILE, and the
// configuration's default_profile. A platform given by flag or environment
// uses no profile unless one is named explicitly, so a default profile's
// token is never sent to a different platform. For the same reason, a named
// profile whose platform differs from the one given is rejected.
func ResolveTarget(flags TargetFlags, getenv func(string) string, cfg *Config) (*Target, error) {
	target := &Target{}

	profileName, profileSource := firstSet(flags.Profile, "--profile", getenv("WSCTL_PROFILE"), "WSCTL_PROFILE")
	platform, platformSource := firstSet(flags.Platform, "--platform", getenv("WSCTL_PLATFORM"), "WSCTL_PLATFORM")
	target.PlatformSource = platformSource
	if profileName == "" {
		if platform == "" {
			profileName = cfg.DefaultProfile
		} else {
			target.SkippedDefaultProfile = cfg.DefaultProfile
		}
	}

	if profileName != "" {
		profile, ok := cfg.Profiles[profileName]
		if !ok {
			return nil, Errorf(ExitUsage, "profile %q not found in %s (defined: %s)",
				profileName, cfg.Path(), listOrNone(cfg.ProfileNames()))
		}
		if platform != "" && !samePlatform(platform, profile.Platform) {
			return nil, Errorf(ExitUsage,
				"%s names platform %s, but profile %q (from %s) is for %s: drop %s or %s, so the profile's token and headers are not sent to another platform",
				platformSource, platform, profileName, profileSource, profile.Platform, profileSource, platformSource)
		}
		target.Profile = profileName
		target.Platform = profile.Platform
		target.Headers = profile.Headers
		target.CAFile = expandHome(profile.CAFile, getenv)
		target.TokenFile = expandHome(profile.TokenFile, getenv)
	}
	if target.Profile == "" && platform != "" {
		target.Platform = platform
	}
	if target.Platform == "" {
		return nil, noTargetError(cfg)
	}
	if err := validatePlatform(target.Platform); err != nil {
		return nil, err
	}

	if flags.CAFile != "" {
		target.CAFile = flags.CAFile
	}
	if getenv("WSCTL_TOKEN") != "" {
		target.TokenFile = ""
		target.TokenFromEnv = true
	}
	if flags.TokenFile != "" {
		target.TokenFile = flags.TokenFile
		target.TokenFromEnv = false
	}
	return target, nil
}

func noTargetError(cfg *Config) error {
	return (&Error{Code: ExitUsage, Err: ErrNoTarget}).WithHint(
		"pass --platform URL or set WSCTL_PLATFORM=URL",
		fmt.Sprintf("or add a profile to %s and set default_profile", cfg.Path()),
		"or try wsctl against a local sandbox: wsctl --platform sandbox ws list",
	)
}

func validatePlatform(platform string) error {
	if platform == SandboxPlatform {
		return nil
	}
	u, err := url.Parse(platform)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Errorf(ExitUsage, "invalid platform %q: use an http:// or https:// URL, or \"sandbox\"", platform)
	}
	if u.User != nil {
		return Errorf(ExitUsage, "invalid platform URL: remove the user information and pass the token with WSCTL_TOKEN or --token-file")
	}
	return nil
}

// firstSet returns the flag value and its name when it is set, else the
// environment value and its name when that is set, else two empty strings.
func firstSet(flagValue, flagName, envValue, envName string) (value, source string) {
	switch {
	case flagValue != "":
		return flagValue, flagName
	case envValue != "":
		return envValue, envName
	}
	return "", ""
}

// samePlatform reports whether two platform URLs name the same place,
// ignoring a trailing slash and the case of the scheme and host.
func samePlatform(a, b string) bool {
	normalize := func(s string) string {
		u, err := url.Parse(strings.TrimRight(s, "/"))
		if err != nil {
			return s
		}
		u.Scheme = strings.ToLower(u.Scheme)
		u.Host = strings.ToLower(u.Host)
		return u.String()
	}
	return normalize(a) == normalize(b)
}

// ReadToken returns the API token of a non-sandbox target. It reads the
// token file (or stdin for "-") or WSCTL_TOKEN, trims surrounding
// whitespace, and writes a warning to warn when a token file can be read by
// its group or by others. Errors never contain the token.
func ReadToken(target *Target, getenv func(string) string, stdin io.Reader, warn io.Writer) (string, error) {
	var token string
	switch {
	case target.TokenFile == "-":
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read token from standard input: %w", err)
		}
		token = line
	case target.TokenFile != "":
		data, err := readTokenFile(target.TokenFile, warn)
		if err != nil {
			return "", err
		}
		token = data
	case target.TokenFromEnv:
		token = getenv("WSCTL_TOKEN")
	default:
		return "", noTokenError(target)
	}

	token = strings.TrimSpace(token)
	if token == "" {
		return "", Errorf(ExitAuth, "the API token from %s is empty", describeTokenSource(target))
	}
	if strings.ContainsAny(token, "\r\n\t ") {
		return "", Errorf(ExitAuth, "the API token from %s contains whitespace: store only the token", describeTokenSource(target))
	}
	return token, nil
}

func noTokenError(target *Target) error {
	if target.SkippedDefaultProfile == "" {
		return Errorf(ExitAuth, "no API token: set WSCTL_TOKEN, pass --token-file PATH, or set token_file in the profile")
	}
	return Errorf(ExitAuth,
		"no API token: the default profile %q was skipped because %s names another platform; set WSCTL_TOKEN or pass --token-file PATH for %s",
		target.SkippedDefaultProfile, target.PlatformSource, target.Platform)
}

func readTokenFile(path string, warn io.Writer) (string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("read token file: %w", err)
	}
	if info.Mode().Perm()&0o077 != 0 {
		fmt.Fprintf(warn, "warning: token file %s is readable by group or others (mode %04o): run chmod 600 %s\n",
			path, info.Mode().Perm(), path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read token file: %w", err)
	}
	return string(data), nil
}

func describeTokenSource(target *Target) string {
	switch {
	case target.TokenFile == "-":
		return "standard input"
	case target.TokenFile != "":
		return target.TokenFile
	default:
		return "WSCTL_TOKEN"
	}
}
