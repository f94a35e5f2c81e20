package client_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/wsctl/wsctl/client"
)

func ExampleEncodeHeaderValue() {
	fmt.Println(client.EncodeHeaderValue("prod-db"))
	fmt.Println(client.EncodeHeaderValue("café"))
	fmt.Println(client.EncodeHeaderValue("prod "))
	// Output:
	// prod-db
	// UTF-8''caf%C3%A9
	// UTF-8''prod%20
}

// A base platform has no restore endpoint and returns 404 text/plain for it,
// so the error wraps ErrNotSupported.
func ExampleClient_RestoreWorkspace() {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	c, err := client.New(client.Options{BaseURL: srv.URL, Token: "example-token", UserAgent: "wsctl/1.0.0"})
	if err != nil {
		fmt.Println(err)
		return
	}

	_, err = c.RestoreWorkspace(context.Background(), "3f2c9a1e-7b4d-4e8a-9c1f-2a6b8d0e5f71", "deleted by mistake")

	fmt.Println(errors.Is(err, client.ErrNotSupported))
	fmt.Println(err)
	// Output:
	// true
	// POST /workspaces/3f2c9a1e-7b4d-4e8a-9c1f-2a6b8d0e5f71/restore: HTTP 404: the endpoint does not exist on this platform
}
