package client

import (
	"context"
	"strings"
	"testing"

	"github.com/wsctl/wsctl/client/clienttest"
)

func TestInvalidJSONResponse(t *testing.T) {
	path := "/workspaces/" + wsID + "/impact"
	tests := []struct {
		name string
		body string
		want string
	}{
		{name: "string for a number", body: `{"active_tasks":"3"}`, want: `invalid response from the platform: GET ` + path + `: field "active_tasks" is a string, expected a number`},
		{name: "nested field", body: `{"descendants":{"count":true}}`, want: `invalid response from the platform: GET ` + path + `: field "descendants.count" is a boolean, expected a number`},
		{name: "array for the body", body: `[1,2]`, want: `invalid response from the platform: GET ` + path + `: the body is an array, expected an object`},
		{name: "cut off", body: `{"name":"prod"`, want: `invalid response from the platform: GET ` + path + `: the JSON body ends early`},
		{name: "html page", body: `<html>oops</html>`, want: `invalid response from the platform: GET ` + path + `: the body is not valid JSON (error at byte 1)`},
		{name: "number for a list", body: `{"warnings":3}`, want: `invalid response from the platform: GET ` + path + `: field "warnings" is a number, expected an array`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			reg.Register("impact", clienttest.REST("GET", path), clienttest.JSON(200, tt.body))
			c, _ := newTestClient(t, reg)

			_, err := c.WorkspaceImpact(context.Background(), wsID)
			if err == nil {
				t.Fatalf("got nil error, want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %q, want %q", err.Error(), tt.want)
			}
			for _, goName := range []string{"Go ", "Impact.", "json:", "int"} {
				if strings.Contains(err.Error(), goName) {
					t.Errorf("error %q contains the Go name %q", err.Error(), goName)
				}
			}
		})
	}
}
