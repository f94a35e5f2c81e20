package store

import (
	"context"
	"strings"
	"testing"
)

func TestLowerPostgresScheme(t *testing.T) {
	tests := []struct {
		dsn    string
		want   string
		wantOK bool
	}{
		{dsn: "postgres://u@127.0.0.1/db", want: "postgres://u@127.0.0.1/db", wantOK: true},
		{dsn: "POSTGRES://u:Secret@127.0.0.1/DB", want: "postgres://u:Secret@127.0.0.1/DB", wantOK: true},
		{dsn: "PostgreSQL://u@127.0.0.1/db?sslmode=disable", want: "postgresql://u@127.0.0.1/db?sslmode=disable", wantOK: true},
		{dsn: "mysql://u@127.0.0.1/db", want: "mysql://u@127.0.0.1/db", wantOK: false},
		{dsn: "host=127.0.0.1 password=x", want: "host=127.0.0.1 password=x", wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.dsn, func(t *testing.T) {
			got, ok := lowerPostgresScheme(tt.dsn)
			if got != tt.want {
				t.Errorf("dsn: got %q, want %q", got, tt.want)
			}
			if ok != tt.wantOK {
				t.Errorf("ok: got %v, want %v", ok, tt.wantOK)
			}
		})
	}
}

func TestOpenPostgresRejectsNonURL(t *testing.T) {
	_, err := OpenPostgres(context.Background(), "host=127.0.0.1 password=topsecret")
	if err == nil {
		t.Fatal("OpenPostgres: got no error, want one")
	}
	want := "open postgres: invalid DSN: use a URL starting with postgres:// or postgresql://"
	if err.Error() != want {
		t.Errorf("error: got %q, want %q", err, want)
	}
	if strings.Contains(err.Error(), "topsecret") {
		t.Errorf("error contains the password: %q", err)
	}
}
