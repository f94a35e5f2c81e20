package clienttest

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// ErrConnection is the error Fail returns when given nil. It stands for a
// connection the server reset before responding.
var ErrConnection = errors.New("clienttest: connection reset by peer")

// JSON responds with status and body as application/json.
func JSON(status int, body string) Responder {
	return Body(status, "application/json; charset=utf-8", body)
}

// Body responds with status, Content-Type contentType and body. An empty
// contentType sends no Content-Type header.
func Body(status int, contentType, body string) Responder {
	return func(req *http.Request) (*http.Response, error) {
		header := http.Header{}
		if contentType != "" {
			header.Set("Content-Type", contentType)
		}
		return newResponse(req, status, header, body), nil
	}
}

// Empty responds with status and no body, as the base platform's multi-tenant
// 404 does.
func Empty(status int) Responder {
	return Body(status, "", "")
}

// WithHeader adds a response header to what respond returns.
func WithHeader(respond Responder, name, value string) Responder {
	return func(req *http.Request) (*http.Response, error) {
		resp, err := respond(req)
		if resp != nil {
			resp.Header.Add(name, value)
		}
		return resp, err
	}
}

// Fail simulates a transport failure: no response, err as the cause. A nil
// err uses ErrConnection.
func Fail(err error) Responder {
	if err == nil {
		err = ErrConnection
	}
	return func(*http.Request) (*http.Response, error) {
		return nil, err
	}
}

func newResponse(req *http.Request, status int, header http.Header, body string) *http.Response {
	return &http.Response{
		Status:        strconv.Itoa(status) + " " + http.StatusText(status),
		StatusCode:    status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        header,
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}
