// Package factory builds the real cmdutil.Factory that wsctl runs with.
package factory

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/output"
	"github.com/wsctl/wsctl/platform"
	"github.com/wsctl/wsctl/prompt"
)

// New returns a Factory whose funcs read the configuration, resolve the
// target, read the token and build clients on first use.
func New(appVersion string, ios *output.IOStreams, getenv func(string) string) *cmdutil.Factory {
	f := &cmdutil.Factory{
		AppVersion: appVersion,
		IOStreams:  ios,
		Getenv:     getenv,
		Now:        time.Now,
		Flags:      &cmdutil.GlobalFlags{Output: cmdutil.OutputTable},
		Changes:    &cmdutil.ChangeTracker{},
	}
	f.Config = once(func() (*cmdutil.Config, error) { return loadConfig(getenv) })
	f.Target = once(func() (*cmdutil.Target, error) { return resolveTarget(f) })
	f.Client = once(func() (*client.Client, error) { return newClient(f, false) })
	f.CompletionClient = once(func() (*client.Client, error) { return newClient(f, true) })
	var prompter prompt.Prompter
	f.Prompter = func() prompt.Prompter {
		// One prompter per run, because it buffers stdin between questions.
		if prompter == nil {
			prompter = newPrompter(f)
		}
		return prompter
	}
	return f
}

// once wraps fn so that it runs at most once and every call returns the
// first result.
func once[T any](fn func() (T, error)) func() (T, error) {
	var (
		mu    sync.Mutex
		done  bool
		value T
		err   error
	)
	return func() (T, error) {
		mu.Lock()
		defer mu.Unlock()
		if !done {
			value, err = fn()
			done = true
		}
		return value, err
	}
}

func loadConfig(getenv func(string) string) (*cmdutil.Config, error) {
	dir, err := cmdutil.ConfigDir(getenv)
	if err != nil {
		return nil, err
	}
	return cmdutil.LoadConfig(dir)
}

func resolveTarget(f *cmdutil.Factory) (*cmdutil.Target, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	return cmdutil.ResolveTarget(f.Flags.Target, f.Getenv, cfg)
}

// newClient builds the API client for the target. A completion client has
// no retries, no debug trace and a short timeout, and writes no token-file
// warning, because completion output must stay silent.
func newClient(f *cmdutil.Factory, completion bool) (*client.Client, error) {
	target, err := f.Target()
	if err != nil {
		return nil, err
	}

	opts := client.Options{
		UserAgent: "wsctl/" + f.AppVersion,
		Headers:   target.Headers,
	}
	if completion {
		opts.MaxRetries = client.NoRetries
		opts.Timeout = cmdutil.CompletionTimeout
	} else if f.DebugEnabled() {
		opts.Debug = f.IOStreams.ErrOut
	}

	if target.IsSandbox() {
		return newSandboxClient(f, opts)
	}

	warn := f.IOStreams.ErrOut
	if completion {
		warn = io.Discard
	}
	token, err := cmdutil.ReadToken(target, f.Getenv, f.IOStreams.In, warn)
	if err != nil {
		return nil, err
	}
	opts.BaseURL = target.Platform
	opts.Token = token
	if target.CAFile != "" {
		httpClient, err := client.NewHTTPClient(target.CAFile)
		if err != nil {
			return nil, err
		}
		opts.HTTPClient = httpClient
	}
	return client.New(opts)
}

func newPrompter(f *cmdutil.Factory) prompt.Prompter {
	return prompt.NewHuhPrompter(f.IOStreams.In, f.IOStreams.ErrOut, f.AccessibleEnabled())
}

// newSandboxClient opens the sandbox platform in-process and returns a
// client whose requests go through its RoundTripper, authenticated with the
// sandbox's org token. The database is closed when the command finishes.
func newSandboxClient(f *cmdutil.Factory, opts client.Options) (*client.Client, error) {
	dir, err := SandboxDir(f.Getenv)
	if err != nil {
		return nil, err
	}
	sandbox, err := platform.OpenSandbox(context.Background(), dir, f.Now)
	if err != nil {
		return nil, fmt.Errorf("open sandbox in %s: %w", dir, err)
	}
	f.OnClose(sandbox.Close)

	opts.BaseURL = "http://sandbox"
	opts.Token = sandbox.OrgToken()
	opts.HTTPClient = &http.Client{Transport: sandbox.RoundTripper()}
	return client.New(opts)
}

// SandboxDir returns WSCTL_SANDBOX_DIR, or the sandbox folder under the
// wsctl data directory.
func SandboxDir(getenv func(string) string) (string, error) {
	if dir := getenv("WSCTL_SANDBOX_DIR"); dir != "" {
		return dir, nil
	}
	dataDir, err := cmdutil.DataDir(getenv)
	if err != nil {
		return "", err
	}
	return filepath.Join(dataDir, "sandbox"), nil
}
