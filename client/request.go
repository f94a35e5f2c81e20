package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/go-resty/resty/v2"
)

// call describes one API request. path is already escaped and relative to
// the base URL.
type call struct {
	method string
	path   string
	query  url.Values
	header map[string]string
	body   any
}

// do sends req, retrying idempotent methods as Options.MaxRetries allows, and
// returns the response of a 2xx or 3xx status. Any other status becomes an
// *APIError and a failure without a response becomes a *TransportError.
func (c *Client) do(ctx context.Context, req call) (*resty.Response, error) {
	retryable := req.method == http.MethodGet || req.method == http.MethodHead

	for attempt := 0; ; attempt++ {
		resp, err := c.send(ctx, req)

		var wait time.Duration
		switch {
		case errors.Is(err, resty.ErrResponseBodyTooLarge):
			return nil, fmt.Errorf("%s %s: the response body exceeds %d MiB", req.method, req.path, maxResponseBody>>20)
		case err != nil:
			transportErr := c.transportError(req, err)
			if isCertificateError(err) {
				return nil, transportErr
			}
			err = transportErr
			wait = c.backoff(attempt)
		case resp.StatusCode() >= 400:
			apiErr := c.apiError(req, resp)
			if !retryableStatus(apiErr.Status) {
				return nil, apiErr
			}
			err = apiErr
			wait = c.retryWait(attempt, apiErr.RetryAfter)
		default:
			return resp, nil
		}

		if !retryable || attempt >= c.maxRetries || ctx.Err() != nil {
			return nil, err
		}
		c.traceRetry(req, attempt+1, wait, err)
		if sleepErr := c.sleep(ctx, wait); sleepErr != nil {
			return nil, fmt.Errorf("%w (retry cancelled: %w)", err, sleepErr)
		}
	}
}

// traceRetry notes a coming retry in the debug trace, if there is one.
func (c *Client) traceRetry(req call, retry int, wait time.Duration, cause error) {
	if c.debug == nil {
		return
	}
	c.debug.emit(fmt.Sprintf("* retry %d of %d for %s %s in %s after: %v\n", retry, c.maxRetries, req.method, req.path, wait, cause))
}

// isCertificateError reports whether err is a failed TLS certificate check,
// which no retry can fix.
func isCertificateError(err error) bool {
	var verifyErr *tls.CertificateVerificationError
	var authorityErr x509.UnknownAuthorityError
	var hostnameErr x509.HostnameError
	var invalidErr x509.CertificateInvalidError
	return errors.As(err, &verifyErr) || errors.As(err, &authorityErr) ||
		errors.As(err, &hostnameErr) || errors.As(err, &invalidErr)
}

func (c *Client) send(ctx context.Context, req call) (*resty.Response, error) {
	r := c.rest.R().SetContext(ctx)
	if len(req.query) > 0 {
		r.SetQueryParamsFromValues(req.query)
	}
	for name, value := range req.header {
		if value != "" {
			r.SetHeader(name, value)
		}
	}
	if req.body != nil {
		r.SetHeader("Content-Type", "application/json")
		r.SetBody(req.body)
	}
	return r.Execute(req.method, req.path)
}

// retryableStatus lists the statuses after which a GET may succeed
// unchanged: rate limiting and gateway or availability failures.
func retryableStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// backoff doubles the wait from RetryWaitMin on each attempt, up to
// RetryWaitMax.
func (c *Client) backoff(attempt int) time.Duration {
	wait := c.waitMin
	for i := 0; i < attempt && wait < c.waitMax; i++ {
		wait *= 2
	}
	return min(wait, c.waitMax)
}

// retryWait prefers the server's Retry-After, capped at RetryWaitMax.
func (c *Client) retryWait(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return min(retryAfter, c.waitMax)
	}
	return c.backoff(attempt)
}

func sleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *Client) transportError(req call, err error) *TransportError {
	cause := err
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		cause = urlErr.Err
	}
	target := strings.TrimSuffix(c.baseURL.String(), "/") + req.path
	if len(req.query) > 0 {
		target += "?" + req.query.Encode()
	}
	shown := c.redact.String(target)
	if u, parseErr := url.Parse(target); parseErr == nil {
		shown = c.redact.URL(u)
	}
	return &TransportError{
		Method:  req.method,
		URL:     shown,
		Err:     cause,
		message: c.redact.String(cause.Error()),
	}
}

// apiError builds the *APIError for an error status. An empty or non-JSON
// 404 or 405 means the route does not exist, so the error wraps
// ErrNotSupported.
func (c *Client) apiError(req call, resp *resty.Response) *APIError {
	body := bytes.TrimSpace(resp.Body())
	status := resp.StatusCode()
	routeMissing := status == http.StatusNotFound || status == http.StatusMethodNotAllowed

	e := &APIError{
		Method:     req.method,
		Path:       c.redact.String(req.path),
		Status:     status,
		RequestID:  c.cleanText(resp.Header().Get("X-Request-Id")),
		RetryAfter: parseRetryAfter(resp.Header().Get("Retry-After"), time.Now()),
		RawBody:    c.redact.String(truncate(string(body), maxRawBody)),
	}

	if len(body) == 0 {
		if routeMissing {
			e.notSupported = true
			e.Message = "empty response body: the endpoint does not exist on this platform, or the platform is multi-tenant and the X-Molecule-Org-Id header is missing or wrong"
			e.Hint = "Set the organization id header (X-Molecule-Org-Id) in the profile's headers."
			return e
		}
		e.Message = strings.ToLower(http.StatusText(status))
		return e
	}

	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		if routeMissing {
			e.notSupported = true
			e.Message = "the endpoint does not exist on this platform"
			return e
		}
		e.Message = c.cleanText(string(body))
		return e
	}

	e.Fields = make(map[string]json.RawMessage, len(fields))
	for name, raw := range fields {
		e.Fields[name] = json.RawMessage(c.redact.String(string(raw)))
	}
	e.Code = c.stringField(fields, "error")
	if e.Code == "" {
		e.Code = c.stringField(fields, "status")
	}
	e.Message = c.stringField(fields, "message")
	e.Hint = c.stringField(fields, "hint")
	var missing []string
	if json.Unmarshal(fields["missing"], &missing) == nil {
		for _, m := range missing {
			e.Missing = append(e.Missing, c.cleanText(m))
		}
	}
	var seconds float64
	if e.RetryAfter == 0 && json.Unmarshal(fields["retry_after"], &seconds) == nil && seconds > 0 {
		e.RetryAfter = time.Duration(seconds * float64(time.Second))
	}
	return e
}

func (c *Client) stringField(fields map[string]json.RawMessage, name string) string {
	var s string
	if json.Unmarshal(fields[name], &s) != nil {
		return ""
	}
	return c.cleanText(s)
}

// cleanText makes server-supplied text safe for a one-line message: secrets
// redacted, control characters replaced by spaces, at most 300 bytes.
func (c *Client) cleanText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return truncate(strings.TrimSpace(c.redact.String(s)), 300)
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// parseRetryAfter reads a Retry-After header in seconds or as an HTTP date.
// It returns zero when the header is absent, invalid or in the past.
func parseRetryAfter(value string, now time.Time) time.Duration {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0
	}
	if seconds, err := strconv.Atoi(value); err == nil {
		if seconds <= 0 {
			return 0
		}
		return time.Duration(seconds) * time.Second
	}
	if at, err := http.ParseTime(value); err == nil && at.After(now) {
		return at.Sub(now)
	}
	return 0
}

// decodeJSON decodes a success body into out. The error names the request
// but never quotes the body, which may hold workspace data.
func decodeJSON(req call, resp *resty.Response, out any) error {
	if err := json.Unmarshal(resp.Body(), out); err != nil {
		return fmt.Errorf("%s %s: invalid JSON in the %d response: %w", req.method, req.path, resp.StatusCode(), err)
	}
	return nil
}

// validateWorkspaceID checks the id locally, because the base platform
// returns 400 for a malformed id on some routes but 401 or 500 on others.
func validateWorkspaceID(id string) error {
	if id == "" {
		return errors.New("missing workspace ID")
	}
	if !isUUID(id) {
		return fmt.Errorf("invalid workspace ID %q: workspace IDs are UUIDs such as 3f2c9a1e-7b4d-4e8a-9c1f-2a6b8d0e5f71; list workspaces to find one", truncate(id, 80))
	}
	return nil
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return false
			}
		default:
			if !isHex(s[i]) {
				return false
			}
		}
	}
	return true
}

// workspacePath returns /workspaces/{id} followed by the escaped segments.
func workspacePath(id string, segments ...string) string {
	path := "/workspaces/" + url.PathEscape(id)
	for _, s := range segments {
		path += "/" + url.PathEscape(s)
	}
	return path
}
