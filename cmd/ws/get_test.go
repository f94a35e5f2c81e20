package ws_test

import (
	"testing"

	"github.com/wsctl/wsctl/client/clienttest"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/internal/cmdtest"
)

func TestGet(t *testing.T) {
	const seoJSON = `{"id":"` + seoID + `","name":"SEO Agent","status":"online","active_tasks":1,
	  "current_task":"Crawling the staging site","runtime":"claude-code","last_outbound_at":"2026-03-14T08:30:00Z",
	  "warnings":[{"code":"session_likely_stuck","severity":"warn","first_observed_at":"2026-03-11T09:00:00Z","duration_seconds":259200}]}`
	const seoText = `id:            ` + seoID + `
name:          "SEO Agent"
status:        online
active tasks:  1
current task:  Crawling the staging site
runtime:       claude-code
last outbound: 2026-03-14T08:30:00Z (30m ago)

WARNING session_likely_stuck: the agent has reported active tasks for 3d (since 2026-03-11T09:00:00Z), so its session is likely stuck
  a restart ends the stuck tasks and keeps the configuration and schedules:
  wsctl ws restart ` + seoID + "\n"

	tests := []struct {
		name       string
		tty        bool
		args       []string
		stub       func(reg *clienttest.Registry)
		wantCode   cmdutil.ExitCode
		wantStdout string
		wantStderr string
		wantReqs   []string
	}{
		{
			name: "by name on a terminal",
			tty:  true,
			args: []string{"ws", "get", "SEO Agent"},
			stub: func(reg *clienttest.Registry) {
				stubList(reg, true)
				reg.Register("get", clienttest.REST("GET", seoPath), clienttest.JSON(200, seoJSON))
			},
			wantStdout: seoText,
			wantReqs:   []string{"GET /workspaces?show_removed=true", "GET " + seoPath},
		},
		{
			name: "by id in a pipe",
			args: []string{"ws", "get", seoID},
			stub: func(reg *clienttest.Registry) {
				reg.Register("get", clienttest.REST("GET", seoPath), clienttest.JSON(200, seoJSON))
			},
			wantStdout: seoText,
			wantReqs:   []string{"GET " + seoPath},
		},
		{
			name: "json",
			args: []string{"ws", "get", seoID, "-o", "json"},
			stub: func(reg *clienttest.Registry) {
				reg.Register("get", clienttest.REST("GET", seoPath), clienttest.JSON(200, `{"id":"`+seoID+`","name":"SEO Agent","status":"online"}`))
			},
			wantStdout: "{\n  \"id\": \"" + seoID + "\",\n  \"name\": \"SEO Agent\",\n  \"status\": \"online\"\n}\n",
			wantReqs:   []string{"GET " + seoPath},
		},
		{
			name:     "removed name",
			args:     []string{"ws", "get", "old bot"},
			stub:     func(reg *clienttest.Registry) { stubList(reg, true) },
			wantCode: cmdutil.ExitGone,
			wantStderr: `error: workspace "old bot" (` + oldBotID + ") is removed\n" +
				"it can be restored until 2026-03-16T09:00:00Z (in 48h): wsctl ws restore " + oldBotID + "\n",
			wantReqs: []string{"GET /workspaces?show_removed=true"},
		},
		{
			name:       "unknown name",
			args:       []string{"ws", "get", "SEO agent "},
			stub:       func(reg *clienttest.Registry) { stubList(reg, true) },
			wantCode:   cmdutil.ExitNotFound,
			wantStderr: "error: no workspace named \"SEO agent \"\nlist workspaces with: wsctl ws list\n",
			wantReqs:   []string{"GET /workspaces?show_removed=true"},
		},
		{
			name:     "name in another letter case",
			args:     []string{"ws", "get", "seo agent"},
			stub:     func(reg *clienttest.Registry) { stubList(reg, true) },
			wantCode: cmdutil.ExitNotFound,
			wantStderr: "error: no workspace named \"seo agent\"\n" +
				"did you mean \"SEO Agent\"? names are case-sensitive\n" +
				"list workspaces with: wsctl ws list\n",
			wantReqs: []string{"GET /workspaces?show_removed=true"},
		},
		{
			name: "unknown id",
			args: []string{"ws", "get", unknownID},
			stub: func(reg *clienttest.Registry) {
				reg.Register("get", clienttest.REST("GET", "/workspaces/"+unknownID), clienttest.JSON(404, `{"error":"workspace_not_found"}`))
			},
			wantCode:   cmdutil.ExitNotFound,
			wantStderr: "error: workspace " + unknownID + " not found: GET /workspaces/" + unknownID + ": HTTP 404: workspace_not_found\n",
			wantReqs:   []string{"GET /workspaces/" + unknownID},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := clienttest.NewRegistry(t)
			tt.stub(reg)

			got := run(t, cmdtest.Setup{TTY: tt.tty, Registry: reg}, tt.args...)

			got.check(t, tt.wantCode, tt.wantStdout, tt.wantStderr)
			checkRequests(t, reg, tt.wantReqs...)
		})
	}
}
