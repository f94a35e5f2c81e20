package client

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// maxDebugBody bounds each body excerpt in the debug trace.
const maxDebugBody = 2048

// debugTransport traces requests and responses to a writer. Redaction does
// not depend on transport order. New installs this transport outermost, so it
// receives the Authorization header that resty has already set and hides it
// by name. Independently, every trace record is scrubbed of the token by
// value before the single Write that emits it.
type debugTransport struct {
	next   http.RoundTripper
	redact *redactor
	seq    atomic.Int64

	mu  sync.Mutex
	out io.Writer
}

func newDebugTransport(next http.RoundTripper, out io.Writer, redact *redactor) *debugTransport {
	return &debugTransport{next: next, out: out, redact: redact}
}

// RoundTrip writes the request, sends it, and writes the response or error.
func (t *debugTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	id := t.seq.Add(1)

	var b strings.Builder
	fmt.Fprintf(&b, "> #%d %s %s\n", id, req.Method, t.redact.URL(req.URL))
	t.writeHeader(&b, "> ", req.Header)
	if body, ok := requestBodyExcerpt(req); ok {
		fmt.Fprintf(&b, "> \n> %s\n", body)
	}
	t.emit(b.String())

	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	elapsed := time.Since(start).Round(time.Microsecond)

	b.Reset()
	if err != nil {
		fmt.Fprintf(&b, "< #%d error after %s: %v\n", id, elapsed, err)
		t.emit(b.String())
		return nil, err
	}
	fmt.Fprintf(&b, "< #%d %s in %s\n", id, resp.Status, elapsed)
	t.writeHeader(&b, "< ", resp.Header)
	if excerpt := peekResponseBody(resp); excerpt != "" {
		fmt.Fprintf(&b, "< \n< %s\n", excerpt)
	}
	t.emit(b.String())
	return resp, nil
}

func (t *debugTransport) writeHeader(b *strings.Builder, prefix string, h http.Header) {
	clean := t.redact.Header(h)
	names := make([]string, 0, len(clean))
	for name := range clean {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, v := range clean[name] {
			fmt.Fprintf(b, "%s%s: %s\n", prefix, name, v)
		}
	}
}

// emit writes one record with one Write call, after redaction, so that
// records of concurrent requests do not interleave.
func (t *debugTransport) emit(record string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	_, _ = io.WriteString(t.out, t.redact.String(record))
}

// requestBodyExcerpt reads a copy of the body through GetBody, which
// http.NewRequest sets for the in-memory bodies resty sends, and leaves
// req.Body untouched.
func requestBodyExcerpt(req *http.Request) (string, bool) {
	if req.Body == nil || req.Body == http.NoBody {
		return "", false
	}
	if req.GetBody == nil {
		return "(body not shown: it can be read only once)", true
	}
	body, err := req.GetBody()
	if err != nil {
		return fmt.Sprintf("(body not shown: %v)", err), true
	}
	defer body.Close()
	return readExcerpt(body), true
}

// peekResponseBody reads the start of the body for the trace and puts it
// back in front of the unread rest.
func peekResponseBody(resp *http.Response) string {
	if resp.Body == nil || resp.Body == http.NoBody {
		return ""
	}
	head := make([]byte, maxDebugBody+1)
	n, err := io.ReadFull(resp.Body, head)
	head = head[:n]
	resp.Body = &replayBody{Reader: io.MultiReader(bytes.NewReader(head), resp.Body), Closer: resp.Body}
	excerpt := string(head)
	if n > maxDebugBody {
		excerpt = truncate(excerpt, maxDebugBody) + " (truncated)"
	}
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		excerpt += fmt.Sprintf(" (read error: %v)", err)
	}
	return excerpt
}

func readExcerpt(r io.Reader) string {
	head, _ := io.ReadAll(io.LimitReader(r, maxDebugBody+1))
	if len(head) > maxDebugBody {
		return truncate(string(head), maxDebugBody) + " (truncated)"
	}
	return string(head)
}

type replayBody struct {
	io.Reader
	io.Closer
}
