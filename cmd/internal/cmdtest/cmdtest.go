// Package cmdtest builds a cmdutil.Factory for tests of wsctl commands: HTTP
// stubbed at the RoundTripper with client/clienttest, in-memory streams with
// chosen TTY answers, a fixed clock and a scripted prompter.
package cmdtest

import (
	"bytes"
	"net/url"
	"testing"
	"time"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/client/clienttest"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/output"
	"github.com/wsctl/wsctl/prompt"
	"github.com/wsctl/wsctl/prompt/prompttest"
)

// BaseURL is the platform URL of a stubbed Factory. Requests never leave the
// process, because the clienttest Registry responds to them.
const BaseURL = "http://127.0.0.1:9"

// Token is the API token of a stubbed Factory. Tests check that it never
// shows in output.
const Token = "stubTokenDoNotPrint0123456789abcdefghijkl"

// Now is the fixed clock of a stubbed Factory.
var Now = time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)

// Setup chooses how a stubbed Factory behaves.
type Setup struct {
	// TTY makes stdin, stdout and stderr count as terminals, so commands
	// prompt and render tables for people.
	TTY bool
	// Registry responds to the requests. Nil makes any request fail the
	// test.
	Registry *clienttest.Registry
	// Prompter returns the answers to prompts. Nil makes any prompt fail
	// the test.
	Prompter prompt.Prompter
	// Env is the environment the Factory reads.
	Env map[string]string
	// Stdin is the content of standard input.
	Stdin string
	// Width is the terminal width in columns; 0 means 120.
	Width int
}

// Streams are the in-memory standard streams of a stubbed Factory.
type Streams struct {
	In, Out, ErrOut *bytes.Buffer
}

// NewFactory returns a Factory whose client sends every request to
// s.Registry, with retries allowed but waits of one millisecond, so a test
// notices a request that must not be retried.
func NewFactory(t testing.TB, s Setup) (*cmdutil.Factory, *Streams) {
	t.Helper()
	ios, in, out, errOut := output.Test()
	in.WriteString(s.Stdin)
	ios.SetStdinTTY(s.TTY)
	ios.SetStdoutTTY(s.TTY)
	ios.SetStderrTTY(s.TTY)
	ios.SetColorEnabled(false)
	ios.SetTerminalWidth(120)
	if s.Width > 0 {
		ios.SetTerminalWidth(s.Width)
	}

	registry := s.Registry
	if registry == nil {
		registry = clienttest.NewRegistry(t)
	}
	prompter := s.Prompter
	if prompter == nil {
		prompter = prompttest.New(t)
	}
	env := s.Env

	target := &cmdutil.Target{Platform: BaseURL, TokenFromEnv: true}
	newClient := func(retries int) (*client.Client, error) {
		return client.New(client.Options{
			BaseURL:      BaseURL,
			Token:        Token,
			UserAgent:    "wsctl/test",
			HTTPClient:   registry.Client(),
			MaxRetries:   retries,
			RetryWaitMin: time.Millisecond,
			RetryWaitMax: time.Millisecond,
		})
	}

	f := &cmdutil.Factory{
		AppVersion:       "test",
		IOStreams:        ios,
		Getenv:           func(key string) string { return env[key] },
		Now:              func() time.Time { return Now },
		Flags:            &cmdutil.GlobalFlags{Output: cmdutil.OutputTable},
		Changes:          &cmdutil.ChangeTracker{},
		Config:           func() (*cmdutil.Config, error) { return &cmdutil.Config{}, nil },
		Target:           func() (*cmdutil.Target, error) { return target, nil },
		Client:           func() (*client.Client, error) { return newClient(0) },
		CompletionClient: func() (*client.Client, error) { return newClient(client.NoRetries) },
		Prompter:         func() prompt.Prompter { return prompter },
	}
	return f, &Streams{In: in, Out: out, ErrOut: errOut}
}

// Requests returns the requests reg received as "METHOD /path?query" lines,
// in arrival order.
func Requests(reg *clienttest.Registry) []string {
	var lines []string
	for _, r := range reg.Requests() {
		line := r.Method + " " + r.URL.Path
		if r.URL.RawQuery != "" {
			line += "?" + r.URL.RawQuery
		}
		lines = append(lines, line)
	}
	return lines
}

// Query is a shorthand for url.Values with one value per name.
func Query(pairs ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Set(pairs[i], pairs[i+1])
	}
	return v
}
