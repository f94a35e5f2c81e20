package platform

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/wsctl/wsctl/platform/store"
)

//go:embed seed/incident.json
var incidentSeed []byte

// IncidentSeed returns the embedded incident seed: the stuck "SEO Agent"
// with 11 schedules, a team with two children, and workspaces whose names
// stress confirmation.
func IncidentSeed() []byte { return bytes.Clone(incidentSeed) }

// seedFile is the JSON seed format, documented in docs/platform.md.
type seedFile struct {
	Version    int             `json:"version"`
	Workspaces []seedWorkspace `json:"workspaces"`
}

type seedWorkspace struct {
	ID            string          `json:"id"`
	Name          string          `json:"name"`
	Role          *string         `json:"role"`
	Tier          int             `json:"tier"`
	Status        string          `json:"status"`
	ParentID      *string         `json:"parent_id"`
	Runtime       string          `json:"runtime"`
	URL           string          `json:"url"`
	ActiveTasks   int             `json:"active_tasks"`
	ActiveFor     string          `json:"active_for"`
	CurrentTask   string          `json:"current_task"`
	UptimeSeconds int64           `json:"uptime_seconds"`
	AgentCard     json.RawMessage `json:"agent_card"`
	Schedules     []seedSchedule  `json:"schedules"`
	Memories      []seedMemory    `json:"memories"`
	Memory        []seedKeyValue  `json:"memory"`
	Tokens        []seedToken     `json:"tokens"`
}

type seedSchedule struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	CronExpr string `json:"cron_expr"`
	Timezone string `json:"timezone"`
	Prompt   string `json:"prompt"`
	Enabled  bool   `json:"enabled"`
}

type seedMemory struct {
	ID        string `json:"id"`
	Content   string `json:"content"`
	Scope     string `json:"scope"`
	Namespace string `json:"namespace"`
}

type seedKeyValue struct {
	Key   string          `json:"key"`
	Value json.RawMessage `json:"value"`
}

type seedToken struct {
	Label string `json:"label"`
}

var seedStatuses = map[string]bool{
	"provisioning": true, "online": true, "offline": true, "degraded": true, "failed": true, "paused": true, "hibernated": true,
}

// parseSeed decodes and checks a whole seed before anything is written, so
// that a bad seed changes nothing.
func parseSeed(data []byte) (seedFile, error) {
	var f seedFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return f, fmt.Errorf("invalid seed JSON: %w", err)
	}
	if f.Version != 1 {
		return f, fmt.Errorf("unsupported seed version %d: this server reads version 1", f.Version)
	}
	seen := map[string]bool{}
	for i, ws := range f.Workspaces {
		where := fmt.Sprintf("seed workspace %d (%q)", i, ws.Name)
		if !validUUID(ws.ID) || seen[ws.ID] {
			return f, fmt.Errorf("%s: id %q must be a UUID used once", where, ws.ID)
		}
		seen[ws.ID] = true
		if err := validateName("name", ws.Name); err != nil {
			return f, fmt.Errorf("%s: %w", where, err)
		}
		if ws.Status != "" && !seedStatuses[ws.Status] {
			return f, fmt.Errorf("%s: invalid status %q", where, ws.Status)
		}
		if ws.ParentID != nil && !seen[*ws.ParentID] {
			return f, fmt.Errorf("%s: parent_id %q must name a workspace listed earlier", where, *ws.ParentID)
		}
		if ws.ActiveFor != "" {
			if _, err := time.ParseDuration(ws.ActiveFor); err != nil {
				return f, fmt.Errorf("%s: invalid active_for %q: use a Go duration such as 72h", where, ws.ActiveFor)
			}
		}
		for _, s := range ws.Schedules {
			if !validUUID(s.ID) || seen[s.ID] {
				return f, fmt.Errorf("%s: schedule id %q must be a UUID used once", where, s.ID)
			}
			seen[s.ID] = true
		}
		for _, m := range ws.Memories {
			if !validUUID(m.ID) || seen[m.ID] {
				return f, fmt.Errorf("%s: memory id %q must be a UUID used once", where, m.ID)
			}
			seen[m.ID] = true
		}
		for _, kv := range ws.Memory {
			if kv.Key == "" || !json.Valid(kv.Value) {
				return f, fmt.Errorf("%s: key/value memory %q needs a key and a JSON value", where, kv.Key)
			}
		}
	}
	return f, nil
}

// applySeed writes a seed into an empty store. Times in the seed are
// relative to now: active_for sets when the active tasks started.
func applySeed(ctx context.Context, st store.Store, data []byte, now time.Time) (int, error) {
	f, err := parseSeed(data)
	if err != nil {
		return 0, err
	}
	now = now.UTC()
	for _, sw := range f.Workspaces {
		if err := applySeedWorkspace(ctx, st, sw, now); err != nil {
			return 0, err
		}
	}
	return len(f.Workspaces), nil
}

func applySeedWorkspace(ctx context.Context, st store.Store, sw seedWorkspace, now time.Time) error {
	ws := store.Workspace{
		ID: sw.ID, Name: sw.Name, Role: sw.Role, Tier: max(sw.Tier, 1), Status: orDefault(sw.Status, "online"),
		ParentID: sw.ParentID, Runtime: sw.Runtime, URL: sw.URL, ActiveTasks: sw.ActiveTasks,
		CurrentTask: sw.CurrentTask, UptimeSeconds: sw.UptimeSeconds, MaxConcurrentTasks: 1,
		AgentCard: sw.AgentCard, CreatedAt: now,
	}
	if sw.ActiveTasks > 0 {
		d, _ := time.ParseDuration(sw.ActiveFor)
		since := now.Add(-d)
		ws.ActiveSince = &since
	}
	if err := st.CreateWorkspace(ctx, ws); err != nil {
		return err
	}
	for _, s := range sw.Schedules {
		err := st.CreateSchedule(ctx, store.Schedule{
			ID: s.ID, WorkspaceID: sw.ID, Name: s.Name, CronExpr: s.CronExpr, Timezone: orDefault(s.Timezone, "UTC"),
			Prompt: s.Prompt, Enabled: s.Enabled, Source: "seed", CreatedAt: now,
		})
		if err != nil {
			return err
		}
	}
	for _, m := range sw.Memories {
		err := st.CreateMemory(ctx, store.Memory{
			ID: m.ID, WorkspaceID: sw.ID, Content: m.Content, Scope: orDefault(m.Scope, "workspace"),
			Namespace: orDefault(m.Namespace, "default"), CreatedAt: now,
		})
		if err != nil {
			return err
		}
	}
	for _, kv := range sw.Memory {
		if err := st.PutKeyValue(ctx, store.KeyValue{WorkspaceID: sw.ID, Key: kv.Key, Value: kv.Value, UpdatedAt: now}); err != nil {
			return err
		}
	}
	for _, t := range sw.Tokens {
		// Seeded tokens only make the impact counts realistic. Their values
		// are discarded, so no client can use them.
		raw := newToken()
		err := st.CreateToken(ctx, store.Token{
			ID: uuid.NewString(), Kind: "workspace", WorkspaceID: sw.ID, Prefix: raw[:8], Hash: hashToken(raw),
			Label: t.Label, CreatedAt: now,
		})
		if err != nil {
			return err
		}
	}
	return nil
}
