package shared

import (
	"testing"

	"github.com/wsctl/wsctl/client"
)

func TestDeleteUndo(t *testing.T) {
	seconds := func(n int64) *int64 { return &n }
	tests := []struct {
		name   string
		impact client.Impact
		want   string
	}{
		{name: "three-day window", impact: client.Impact{Source: client.ImpactFromServer, RestoreWindowSeconds: seconds(259200)}, want: "restorable for 72h after the delete (wsctl ws restore)"},
		{name: "one-day window", impact: client.Impact{Source: client.ImpactFromServer, RestoreWindowSeconds: seconds(86400)}, want: "restorable for 24h after the delete (wsctl ws restore)"},
		{name: "thirty-day window", impact: client.Impact{Source: client.ImpactFromServer, RestoreWindowSeconds: seconds(30 * 86400)}, want: "restorable for 30d after the delete (wsctl ws restore)"},
		{name: "window not reported", impact: client.Impact{Source: client.ImpactFromServer}, want: "unknown: this platform does not report a restore window"},
		{name: "computed impact", impact: client.Impact{Source: client.ImpactComputed}, want: "none: this platform deletes permanently"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DeleteUndo(&tt.impact); got != tt.want {
				t.Errorf("DeleteUndo() = %q, want %q", got, tt.want)
			}
		})
	}
}
