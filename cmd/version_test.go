package cmd

import (
	"runtime/debug"
	"testing"
)

func TestFillFromBuildInfo(t *testing.T) {
	stamped := &debug.BuildInfo{Settings: []debug.BuildSetting{
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "b7af00f1c2d3"},
		{Key: "vcs.time", Value: "2026-12-04T21:00:00Z"},
	}}
	tests := []struct {
		name       string
		commit     string
		date       string
		info       *debug.BuildInfo
		wantCommit string
		wantDate   string
	}{
		{name: "ldflags unset", info: stamped, wantCommit: "b7af00f1c2d3", wantDate: "2026-12-04T21:00:00Z"},
		{name: "ldflags win", commit: "abc1234", date: "2026-01-01T00:00:00Z", info: stamped, wantCommit: "abc1234", wantDate: "2026-01-01T00:00:00Z"},
		{name: "no vcs information", info: &debug.BuildInfo{}, wantCommit: "", wantDate: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			commit, date := fillFromBuildInfo(tt.commit, tt.date, tt.info)
			if commit != tt.wantCommit {
				t.Errorf("commit = %q, want %q", commit, tt.wantCommit)
			}
			if date != tt.wantDate {
				t.Errorf("date = %q, want %q", date, tt.wantDate)
			}
		})
	}
}
