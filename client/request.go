package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
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
	displayURL := c.redact.String(target)
	if u, parseErr := url.Parse(target); parseErr == nil {
		displayURL = c.redact.URL(u)
	}
	return &TransportError{
		Method:  req.method,
		URL:     displayURL,
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

// decodeJSON decodes a success body into out. The error names the request
// and the fault in JSON terms, without Go type names, and never quotes the
// body, which may contain workspace data.
func decodeJSON(req call, resp *resty.Response, out any) error {
	if err := json.Unmarshal(resp.Body(), out); err != nil {
		return fmt.Errorf("invalid response from the platform: %s %s: %s", req.method, req.path, describeJSONError(err))
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
		return fmt.Errorf("invalid workspace ID %q: workspace IDs are UUIDs such as 3f2c9a1e-7b4d-4e8a-9c1f-2a6b8d0e5f71, which the workspace list shows", truncate(id, 80))
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
