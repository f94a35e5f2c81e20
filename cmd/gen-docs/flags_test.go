package main

import (
	"testing"
	"time"
)

func TestResolveDate(t *testing.T) {
	tests := []struct {
		name  string
		flag  string
		epoch string
		want  time.Time
	}{
		{name: "date only", flag: "2026-12-04", want: time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)},
		{name: "rfc 3339 in utc", flag: "2026-12-04T23:30:00-02:00", want: time.Date(2026, 12, 5, 1, 30, 0, 0, time.UTC)},
		{name: "unix seconds", flag: "@1700000000", want: time.Unix(1700000000, 0).UTC()},
		{name: "source date epoch", epoch: "1700000000", want: time.Unix(1700000000, 0).UTC()},
		{name: "flag wins over epoch", flag: "2026-01-31", epoch: "1700000000", want: time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(key string) string {
				if key == "SOURCE_DATE_EPOCH" {
					return tt.epoch
				}
				return ""
			}

			got, err := resolveDate(tt.flag, getenv)

			if err != nil {
				t.Fatalf("resolveDate(%q) with SOURCE_DATE_EPOCH=%q: %v", tt.flag, tt.epoch, err)
			}
			if !got.Equal(tt.want) || got.Location() != time.UTC {
				t.Errorf("resolveDate(%q) with SOURCE_DATE_EPOCH=%q: got %v, want %v", tt.flag, tt.epoch, got, tt.want)
			}
		})
	}
}
