package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
)

// Defaults that New applies to zero Options fields.
const (
	DefaultMaxRetries   = 3
	DefaultRetryWaitMin = 250 * time.Millisecond
	DefaultRetryWaitMax = 5 * time.Second
	DefaultTimeout      = 30 * time.Second
)

// maxResponseBody bounds every response body the client reads, so that a
// broken server cannot exhaust memory. At an estimated 1 KiB per workspace
// object, a list of tens of thousands of workspaces still fits.
const maxResponseBody = 64 << 20

// NoRetries is the Options.MaxRetries value that turns retries off, for
// callers such as shell completion that must return quickly or not at all.
const NoRetries = -1

// Options configures a Client.
type Options struct {
	// BaseURL is the platform's absolute http or https URL, optionally with a
	// path prefix. It must not contain credentials, a query or a fragment.
	BaseURL string
	// Token is sent as "Authorization: Bearer <token>" and is redacted from
	// debug output and error messages. Empty sends no Authorization header.
	Token string
	// Headers are sent on every request, such as X-Molecule-Org-Id, which a
	// multi-tenant platform requires. Values of headers whose names contain
	// token, secret, key, cookie or auth are treated as secrets.
	Headers map[string]string
	// HTTPClient carries requests. New copies it and never modifies it. Nil
	// uses http.DefaultTransport. TLS verification is whatever its transport
	// does, and NewHTTPClient builds one that trusts an extra CA file.
	HTTPClient *http.Client
	// UserAgent is sent as User-Agent, normally "wsctl/<version>". Empty
	// sends "wsctl".
	UserAgent string
	// Debug receives a trace of every request and response with all secrets
	// redacted. Nil turns tracing off.
	Debug io.Writer
	// MaxRetries is how many times a GET or HEAD is retried after a
	// connection error or a 429, 502, 503 or 504. Zero means
	// DefaultMaxRetries and NoRetries disables retries. A refused
	// connection is retried at most once whatever MaxRetries says, because
	// it usually means no server is running. Other methods are never
	// retried, because the first attempt may have taken effect.
	MaxRetries int
	// RetryWaitMin is the first backoff wait and RetryWaitMax caps every
	// wait, including one a Retry-After header requests. Zero means
	// DefaultRetryWaitMin and DefaultRetryWaitMax.
	RetryWaitMin, RetryWaitMax time.Duration
	// Timeout bounds each attempt, from connecting to reading the body. Zero
	// means DefaultTimeout and a negative value means no timeout.
	Timeout time.Duration
}

// Client calls the platform's workspace API. It is safe for concurrent use.
type Client struct {
	rest       *resty.Client
	baseURL    *url.URL
	redact     *redactor
	maxRetries int
	waitMin    time.Duration
	waitMax    time.Duration
	// debug is the tracing transport, or nil when Options.Debug is nil.
	debug *debugTransport
	// sleep waits between retries. Tests replace it to record the waits.
	sleep func(ctx context.Context, d time.Duration) error
}

// New validates opts and returns a Client. It makes no request.
func New(opts Options) (*Client, error) {
	base, err := parseBaseURL(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	if err := validateToken(opts.Token); err != nil {
		return nil, err
	}
	if err := validateHeaders(opts.Headers); err != nil {
		return nil, err
	}

	secrets := []string{opts.Token}
	for name, value := range opts.Headers {
		if isSecretName(name) {
			secrets = append(secrets, value)
		}
	}
	redact := newRedactor(secrets...)

	c := &Client{
		baseURL:    base,
		redact:     redact,
		maxRetries: opts.MaxRetries,
		waitMin:    opts.RetryWaitMin,
		waitMax:    opts.RetryWaitMax,
		sleep:      sleepContext,
	}
	c.applyDefaults()

	hc, err := newHTTPClient(opts, redact)
	if err != nil {
		return nil, err
	}
	c.debug, _ = hc.Transport.(*debugTransport)
	c.rest = resty.NewWithClient(hc)
	c.rest.SetResponseBodyLimit(maxResponseBody)
	c.rest.SetBaseURL(strings.TrimSuffix(base.String(), "/"))
	c.rest.SetLogger(discardLogger{})
	c.rest.SetHeader("User-Agent", userAgent(opts.UserAgent))
	c.rest.SetHeader("Accept", "application/json")
	c.rest.SetHeaders(opts.Headers)
	if opts.Token != "" {
		c.rest.SetAuthToken(opts.Token)
	}
	return c, nil
}

// Host returns the host (and port, if the base URL has one) of the platform,
// for messages such as "deleted on api.example.com".
func (c *Client) Host() string {
	return c.baseURL.Host
}

func (c *Client) applyDefaults() {
	switch {
	case c.maxRetries == 0:
		c.maxRetries = DefaultMaxRetries
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.waitMin <= 0 {
		c.waitMin = DefaultRetryWaitMin
	}
	if c.waitMax <= 0 {
		c.waitMax = DefaultRetryWaitMax
	}
	if c.waitMax < c.waitMin {
		c.waitMax = c.waitMin
	}
}

// newHTTPClient copies the caller's client so that New never changes it,
// applies the timeout and puts the debug tracer outermost, where it receives
// each request exactly as it leaves the client.
func newHTTPClient(opts Options, redact *redactor) (*http.Client, error) {
	hc := &http.Client{}
	if opts.HTTPClient != nil {
		*hc = *opts.HTTPClient
	}
	if hc.Transport == nil {
		hc.Transport = http.DefaultTransport
	}
	if skipsVerification(hc.Transport) {
		return nil, errors.New("invalid HTTP client: its transport skips TLS certificate verification, which wsctl never does; trust the platform's CA with a CA file instead")
	}

	switch {
	case opts.Timeout == 0:
		hc.Timeout = DefaultTimeout
	case opts.Timeout > 0:
		hc.Timeout = opts.Timeout
	default:
		hc.Timeout = 0
	}
	if opts.Debug != nil {
		hc.Transport = newDebugTransport(hc.Transport, opts.Debug, redact)
	}
	return hc, nil
}

// skipsVerification detects InsecureSkipVerify on a standard transport. A
// custom RoundTripper cannot be inspected and is trusted as given.
func skipsVerification(rt http.RoundTripper) bool {
	t, ok := rt.(*http.Transport)
	return ok && t.TLSClientConfig != nil && t.TLSClientConfig.InsecureSkipVerify
}

func parseBaseURL(raw string) (*url.URL, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, fmt.Errorf("missing base URL: set it to the platform's address, for example https://platform.example.com")
	}
	safeURL := redactURLText(raw)
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("invalid base URL %q: it does not parse as a URL", safeURL)
	}
	if u.User != nil {
		return nil, fmt.Errorf("invalid base URL %q: remove the user name and password and pass the token separately", safeURL)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("invalid base URL %q: the scheme must be http or https, for example https://%s", safeURL, strings.TrimPrefix(safeURL, u.Scheme+"://"))
	}
	if u.Host == "" {
		return nil, fmt.Errorf("invalid base URL %q: missing host, for example https://platform.example.com", safeURL)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("invalid base URL %q: remove the query and fragment", safeURL)
	}
	return u, nil
}

// redactURLText hides the user information of a URL that may not parse, so
// that a password never reaches an error message.
func redactURLText(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return raw
	}
	authority, path, hasPath := strings.Cut(rest, "/")
	at := strings.LastIndex(authority, "@")
	if at < 0 {
		return raw
	}
	out := scheme + "://" + redactedValue + authority[at:]
	if hasPath {
		out += "/" + path
	}
	return out
}

// validateToken rejects whitespace and control characters, which usually
// come from a token file's trailing newline. The message never echoes the
// token.
func validateToken(token string) error {
	for _, r := range token {
		if r <= ' ' || r == 0x7F {
			return fmt.Errorf("invalid token: it contains whitespace or a control character; check the token source for a trailing newline")
		}
	}
	return nil
}

func validateHeaders(headers map[string]string) error {
	for name, value := range headers {
		if name == "" || strings.ContainsAny(name, " \t\r\n:") {
			return fmt.Errorf("invalid header name %q: use a token such as X-Molecule-Org-Id", name)
		}
		if strings.ContainsAny(value, "\r\n\x00") {
			return fmt.Errorf("invalid value for header %s: it contains a line break or NUL byte", name)
		}
	}
	return nil
}

func userAgent(ua string) string {
	if ua == "" {
		return "wsctl"
	}
	return ua
}

// discardLogger silences resty's own logging, which prints request errors
// to stderr without redaction.
type discardLogger struct{}

func (discardLogger) Errorf(string, ...any) {}
func (discardLogger) Warnf(string, ...any)  {}
func (discardLogger) Debugf(string, ...any) {}
