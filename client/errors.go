package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"
)

// ErrNotSupported is wrapped by errors for an endpoint that this platform
// does not have. The client infers that from a 404 or 405 whose body is empty
// or not JSON, because unknown routes return 404 text/plain while a known
// route returns a JSON error. The base platform has no restore, purge, impact
// or audit endpoint.
var ErrNotSupported = errors.New("endpoint not supported by this platform")

// maxRawBody bounds APIError.RawBody and every body excerpt in messages.
const maxRawBody = 2048

// APIError is an HTTP error status from the platform. Every string field is
// redacted of the client's token before it is stored, because some servers
// echo request data back in error bodies.
type APIError struct {
	// Method and Path identify the request, without host or query.
	Method string
	Path   string
	// Status is the HTTP status code.
	Status int
	// Code is the body's "error" field. The guarded API puts a machine code
	// there ("workspace_removed"), the base API a sentence ("admin auth
	// required"). When the body has no "error" field, Code is its "status"
	// field, as in the base platform's 409 "confirmation_required".
	Code string
	// Message is the body's "message" field, or a client-written explanation
	// for bodies that are empty or not JSON.
	Message string
	// Hint is the body's "hint" field: what to send to succeed.
	Hint string
	// RequestID is the X-Request-Id response header.
	RequestID string
	// RetryAfter comes from the Retry-After header, or else from the body's
	// "retry_after" field, in whole seconds. Zero when neither is present.
	RetryAfter time.Duration
	// Missing lists what a refused destructive request lacked, such as
	// "X-Confirm-Name" or "reason".
	Missing []string
	// Fields contains every top-level field of a JSON body, for details such as
	// removed_at, restorable_until, hard_purged_at, children and etag.
	Fields map[string]json.RawMessage
	// RawBody is the body as text, cut to 2048 bytes.
	RawBody string

	notSupported bool
}

// Error returns one line: request, status, code and message.
func (e *APIError) Error() string {
	var b strings.Builder
	if e.Method != "" {
		fmt.Fprintf(&b, "%s %s: ", e.Method, e.Path)
	}
	fmt.Fprintf(&b, "HTTP %d", e.Status)
	if e.Code != "" {
		b.WriteString(": " + e.Code)
	}
	if e.Message != "" && e.Message != e.Code {
		b.WriteString(": " + e.Message)
	}
	return b.String()
}

// Unwrap returns ErrNotSupported when the status and body show that the
// endpoint does not exist, and nil otherwise.
func (e *APIError) Unwrap() error {
	if e.notSupported {
		return ErrNotSupported
	}
	return nil
}

// Field decodes the body field name into v. It reports false when the field
// is absent or does not decode into v.
func (e *APIError) Field(name string, v any) bool {
	raw, ok := e.Fields[name]
	if !ok {
		return false
	}
	return json.Unmarshal(raw, v) == nil
}

func asAPIError(err error) (*APIError, bool) {
	var apiErr *APIError
	ok := errors.As(err, &apiErr)
	return apiErr, ok
}

func hasStatus(err error, statuses ...int) bool {
	apiErr, ok := asAPIError(err)
	if !ok {
		return false
	}
	for _, s := range statuses {
		if apiErr.Status == s {
			return true
		}
	}
	return false
}

// IsNotFound reports whether err is a 404 with a JSON body, meaning that the
// route exists but the workspace or memory does not. A 404 with an empty or
// non-JSON body wraps ErrNotSupported instead.
func IsNotFound(err error) bool {
	apiErr, ok := asAPIError(err)
	return ok && apiErr.Status == http.StatusNotFound && !apiErr.notSupported
}

// IsGone reports whether err is a 410: on a guarded platform the workspace
// was removed (Code "workspace_removed") or purged ("workspace_purged").
func IsGone(err error) bool { return hasStatus(err, http.StatusGone) }

// IsConflict reports whether err is a 409, such as a delete of a workspace
// with live children sent without cascade, or a restore of a workspace that
// is not removed.
func IsConflict(err error) bool { return hasStatus(err, http.StatusConflict) }

// IsPreconditionFailed reports whether err is a 412: the workspace changed
// since the read whose ETag went into If-Match. Fields["etag"] contains the
// current one.
func IsPreconditionFailed(err error) bool { return hasStatus(err, http.StatusPreconditionFailed) }

// IsRateLimited reports whether err is a 429, either the global rate limit or
// an exhausted destructive budget. APIError.RetryAfter is the wait before a
// retry.
func IsRateLimited(err error) bool { return hasStatus(err, http.StatusTooManyRequests) }

// IsAuth reports whether err is a 401 or 403: a missing, invalid or
// insufficient credential.
func IsAuth(err error) bool { return hasStatus(err, http.StatusUnauthorized, http.StatusForbidden) }

// TransportError is a request that got no HTTP response: a refused or
// dropped connection, a TLS failure, a timeout or a cancelled context. For a
// destructive request the server may or may not have acted, so callers should
// read the workspace again before reporting success or failure.
type TransportError struct {
	Method string
	// URL is the request URL with the token redacted.
	URL string
	// Err is the cause without the URL, for errors.Is and errors.As.
	Err error

	message string
}

// Error returns the method, the redacted URL and the cause.
func (e *TransportError) Error() string {
	return fmt.Sprintf("%s %s: %s", e.Method, e.URL, e.message)
}

// Unwrap returns the cause.
func (e *TransportError) Unwrap() error { return e.Err }

// Timeout reports whether the request timed out, either at the client's
// Timeout or at the context's deadline.
func (e *TransportError) Timeout() bool {
	if errors.Is(e.Err, context.DeadlineExceeded) {
		return true
	}
	var netErr net.Error
	return errors.As(e.Err, &netErr) && netErr.Timeout()
}

// IsTimeout reports whether err is a request that timed out without a
// response.
func IsTimeout(err error) bool {
	var te *TransportError
	if errors.As(err, &te) {
		return te.Timeout()
	}
	return errors.Is(err, context.DeadlineExceeded)
}

// IsConnectionRefused reports whether err is a request whose connection the
// platform's host refused, which usually means no server listens there.
func IsConnectionRefused(err error) bool {
	var te *TransportError
	return errors.As(err, &te) && errors.Is(te.Err, syscall.ECONNREFUSED)
}

// IsConnection reports whether err is a request that failed before a
// response arrived for a reason other than a timeout or a cancelled context:
// a refused, reset or dropped connection, a DNS or a TLS failure.
func IsConnection(err error) bool {
	var te *TransportError
	if !errors.As(err, &te) {
		return false
	}
	return !te.Timeout() && !errors.Is(te.Err, context.Canceled)
}
