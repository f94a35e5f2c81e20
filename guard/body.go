package guard

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"
	"unicode/utf8"
)

var errBodyTimeout = errors.New("request body read timed out")

// readBody reads the request body once, at most MaxBodyBytes, within
// BodyReadTimeout, and rejects bytes that are not valid UTF-8. A body that never arrives, as when a proxy drops DELETE
// bodies but keeps Content-Length, gets a 400 that points to X-Audit-Reason
// instead of holding the request open.
func (a *attempt) readBody() *Refusal {
	if a.bodyRead {
		return nil
	}
	a.bodyRead = true

	limit := a.g.cfg.MaxBodyBytes
	if a.r.ContentLength > limit {
		return a.bodyTooLarge()
	}
	if a.r.Body == nil || a.r.Body == http.NoBody {
		return nil
	}

	data, err := readWithDeadline(a.w, a.r.Body, limit+1, a.g.cfg.BodyReadTimeout)
	switch {
	case errors.Is(err, errBodyTimeout):
		return newRefusal(http.StatusBadRequest, CodeBodyTimeout,
			fmt.Sprintf("the request body did not arrive within %s; a proxy may have dropped it, so send the reason in header %s instead",
				a.g.cfg.BodyReadTimeout, HeaderAuditReason))
	case err != nil:
		return newRefusal(http.StatusBadRequest, CodeInvalidBody,
			"the request body could not be read; send it again, or send the reason in header "+HeaderAuditReason)
	case int64(len(data)) > limit:
		return a.bodyTooLarge()
	case !utf8.Valid(data):
		// JSON text must be UTF-8, and encoding/json would silently turn
		// the bad bytes into U+FFFD, in the reason or in what the host
		// stores.
		return newRefusal(http.StatusBadRequest, CodeInvalidBody,
			"the request body is not valid UTF-8; send the JSON body encoded as UTF-8")
	}
	a.body = data
	return nil
}

func (a *attempt) bodyTooLarge() *Refusal {
	f := newRefusal(http.StatusRequestEntityTooLarge, CodeBodyTooLarge,
		fmt.Sprintf("the request body is larger than %d bytes", a.g.cfg.MaxBodyBytes))
	f.setHeader("Connection", "close")
	return f
}

// readWithDeadline reads at most n bytes of body. When the server supports
// it, a read deadline on the connection (set through http.ResponseController
// and cleared afterwards) bounds the read. Otherwise the read runs in a
// goroutine, and the body is closed when the timer fires, which unblocks it.
func readWithDeadline(w http.ResponseWriter, body io.ReadCloser, n int64, timeout time.Duration) ([]byte, error) {
	rc := http.NewResponseController(w)
	if err := rc.SetReadDeadline(time.Now().Add(timeout)); err == nil {
		data, err := io.ReadAll(io.LimitReader(body, n))
		_ = rc.SetReadDeadline(time.Time{})
		if isTimeout(err) {
			return nil, errBodyTimeout
		}
		return data, err
	}

	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := io.ReadAll(io.LimitReader(body, n))
		done <- result{data, err}
	}()

	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case res := <-done:
		if isTimeout(res.err) {
			return nil, errBodyTimeout
		}
		return res.data, res.err
	case <-timer.C:
		_ = body.Close()
		return nil, errBodyTimeout
	}
}

func isTimeout(err error) bool {
	if err == nil {
		return false
	}
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// restoreBody gives the host a fresh reader over the bytes guard consumed.
func restoreBody(r *http.Request, data []byte) {
	r.Body = io.NopCloser(bytes.NewReader(data))
	r.ContentLength = int64(len(data))
	r.GetBody = func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}
}
