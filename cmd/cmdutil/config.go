package cmdutil

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Config is the contents of $XDG_CONFIG_HOME/wsctl/config.yaml.
type Config struct {
	// DefaultProfile names the profile used when neither --profile nor
	// WSCTL_PROFILE picks one and no platform is given.
	DefaultProfile string `yaml:"default_profile"`
	// Profiles maps a profile name to its settings.
	Profiles map[string]Profile `yaml:"profiles"`

	// path is where the file was read from, for error messages.
	path string
}

// Profile is one named platform target.
type Profile struct {
	// Platform is the base URL of the platform API, or "sandbox".
	Platform string `yaml:"platform"`
	// TokenFile is the path of a file holding the API token. A leading "~/"
	// means the home directory.
	TokenFile string `yaml:"token_file"`
	// Headers are sent with every request, such as X-Molecule-Org-Id for
	// multi-tenant platforms.
	Headers map[string]string `yaml:"headers"`
	// CAFile is a PEM bundle trusted for the platform's TLS certificate.
	CAFile string `yaml:"ca_file"`
}

// Path returns the file the configuration was read from, or would be.
func (c *Config) Path() string { return c.path }

// ProfileNames returns the configured profile names, sorted.
func (c *Config) ProfileNames() []string {
	names := make([]string, 0, len(c.Profiles))
	for name := range c.Profiles {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// ConfigDir returns $XDG_CONFIG_HOME/wsctl, falling back to ~/.config/wsctl.
func ConfigDir(getenv func(string) string) (string, error) {
	return xdgDir(getenv, "XDG_CONFIG_HOME", ".config")
}

// DataDir returns $XDG_DATA_HOME/wsctl, falling back to ~/.local/share/wsctl.
func DataDir(getenv func(string) string) (string, error) {
	return xdgDir(getenv, "XDG_DATA_HOME", filepath.Join(".local", "share"))
}

func xdgDir(getenv func(string) string, variable, homeRelative string) (string, error) {
	if dir := getenv(variable); dir != "" {
		if !filepath.IsAbs(dir) {
			return "", fmt.Errorf("%s must be an absolute path, got %q", variable, dir)
		}
		return filepath.Join(dir, "wsctl"), nil
	}
	home, err := homeDir(getenv)
	if err != nil {
		return "", fmt.Errorf("cannot locate %s: set %s or HOME: %w", variable, variable, err)
	}
	return filepath.Join(home, homeRelative, "wsctl"), nil
}

func homeDir(getenv func(string) string) (string, error) {
	if home := getenv("HOME"); home != "" {
		return home, nil
	}
	return os.UserHomeDir()
}

// LoadConfig reads config.yaml from dir. A missing file is an empty
// configuration, not an error, because wsctl also works from flags and
// environment variables alone.
func LoadConfig(dir string) (*Config, error) {
	path := filepath.Join(dir, "config.yaml")
	cfg := &Config{path: path}

	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}

	decoder := yaml.NewDecoder(bytes.NewReader(data))
	decoder.KnownFields(true)
	if err := decoder.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		return nil, parseError(path, err)
	}
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return cfg, nil
}

func (c *Config) validate() error {
	if c.DefaultProfile != "" {
		if _, ok := c.Profiles[c.DefaultProfile]; !ok {
			return fmt.Errorf("default_profile %q is not defined under profiles (defined: %s)",
				c.DefaultProfile, listOrNone(c.ProfileNames()))
		}
	}
	for _, name := range c.ProfileNames() {
		if c.Profiles[name].Platform == "" {
			return fmt.Errorf("profile %q has no platform: set platform to a URL or \"sandbox\"", name)
		}
	}
	return nil
}

// yamlTypeNames maps the Go types and YAML tags that yaml.v3 names in its
// errors to the words of the configuration file, so no message shows a Go
// type name.
var yamlTypeNames = map[string]string{
	"map[string]cmdutil.Profile": "profiles (a mapping from profile name to profile)",
	"cmdutil.Profile":            "a profile (a mapping with platform, token_file, headers and ca_file)",
	"cmdutil.Config":             "the configuration (a mapping with default_profile and profiles)",
	"map[string]string":          "headers (a mapping from header name to value)",
	"string":                     "text",
	"!!str":                      "text",
	"!!int":                      "a number",
	"!!float":                    "a number",
	"!!bool":                     "true or false",
	"!!seq":                      "a list",
	"!!map":                      "a mapping",
	"!!null":                     "nothing",
}

var (
	yamlMismatch     = regexp.MustCompile("^line ([0-9]+): cannot unmarshal (!![a-z]+)(?: `(.*)`)? into (.+)$")
	yamlUnknownField = regexp.MustCompile(`^line ([0-9]+): field (.+) not found in type (.+)$`)
)

// parseError reports a configuration file that is not valid YAML or does
// not have the expected shape, with the file path and each line number.
func parseError(path string, err error) error {
	var typeErr *yaml.TypeError
	if !errors.As(err, &typeErr) {
		return fmt.Errorf("parse config %s: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	problems := make([]string, len(typeErr.Errors))
	for i, problem := range typeErr.Errors {
		problems[i] = path + " " + describeYAMLProblem(problem)
	}
	return fmt.Errorf("invalid config: %s", strings.Join(problems, "; "))
}

func describeYAMLProblem(problem string) string {
	name := func(goType string) string {
		if words, ok := yamlTypeNames[goType]; ok {
			return words
		}
		return goType
	}
	if m := yamlMismatch.FindStringSubmatch(problem); m != nil {
		found := name(m[2])
		if m[3] != "" {
			found += " " + strconv.Quote(m[3])
		}
		return fmt.Sprintf("line %s: expected %s, found %s", m[1], name(m[4]), found)
	}
	if m := yamlUnknownField.FindStringSubmatch(problem); m != nil {
		return fmt.Sprintf("line %s: unknown field %q in %s", m[1], m[2], name(m[3]))
	}
	return problem
}

func listOrNone(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	return strings.Join(items, ", ")
}

// expandHome replaces a leading "~/" with the home directory.
func expandHome(path string, getenv func(string) string) string {
	if !strings.HasPrefix(path, "~/") {
		return path
	}
	home, err := homeDir(getenv)
	if err != nil {
		return path
	}
	return filepath.Join(home, path[2:])
}
