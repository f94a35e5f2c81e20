package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
)

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
			if attempt >= maxRefusedRetries && IsConnectionRefused(transportErr) {
				return nil, transportErr
			}
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

// maxRefusedRetries caps the retries of a refused connection. One retry
// covers a server that is restarting; more would make an operator wait
// seconds for a server that is not running at all.
const maxRefusedRetries = 1

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
