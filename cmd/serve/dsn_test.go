package serve

import "testing"

func TestIsURL(t *testing.T) {
	tests := []struct {
		dsn  string
		want bool
	}{
		{dsn: "postgres://postgres@127.0.0.1:5432/test", want: true},
		{dsn: "postgresql://postgres@127.0.0.1:5432/test", want: true},
		{dsn: "POSTGRES://postgres@127.0.0.1:5432/test", want: true},
		{dsn: "PostgreSQL://postgres@127.0.0.1:5432/test", want: true},
		{dsn: "/var/lib/wsctl/wsctl.db", want: false},
		{dsn: "postgres.db", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.dsn, func(t *testing.T) {
			if got := isURL(tt.dsn); got != tt.want {
				t.Errorf("isURL(%q) = %v, want %v", tt.dsn, got, tt.want)
			}
		})
	}
}
