package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

const scheduleColumns = `id, workspace_id, name, cron_expr, timezone, prompt, enabled, last_run_at, next_run_at,
	run_count, last_status, last_error, source, created_at, updated_at`

func (s *sqlStore) Schedules(ctx context.Context, workspaceID string) ([]Schedule, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+scheduleColumns+` FROM schedules
		WHERE workspace_id = ? ORDER BY created_at, id`), workspaceID)
	if err != nil {
		return nil, fmt.Errorf("list schedules of %s: %w", workspaceID, err)
	}
	defer rows.Close()
	out := []Schedule{}
	for rows.Next() {
		var (
			sc               Schedule
			lastRun, nextRun sql.NullInt64
			created, updated int64
		)
		err := rows.Scan(&sc.ID, &sc.WorkspaceID, &sc.Name, &sc.CronExpr, &sc.Timezone, &sc.Prompt, &sc.Enabled,
			&lastRun, &nextRun, &sc.RunCount, &sc.LastStatus, &sc.LastError, &sc.Source, &created, &updated)
		if err != nil {
			return nil, fmt.Errorf("list schedules of %s: %w", workspaceID, err)
		}
		sc.LastRunAt, sc.NextRunAt = timePtr(lastRun), timePtr(nextRun)
		sc.CreatedAt, sc.UpdatedAt = fromDB(created), fromDB(updated)
		out = append(out, sc)
	}
	return out, rows.Err()
}

func (s *sqlStore) CreateSchedule(ctx context.Context, sc Schedule) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO schedules (id, workspace_id, name, cron_expr, timezone, prompt,
		enabled, last_run_at, next_run_at, run_count, last_status, last_error, source, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		sc.ID, sc.WorkspaceID, sc.Name, sc.CronExpr, sc.Timezone, sc.Prompt, sc.Enabled, nullTime(sc.LastRunAt),
		nullTime(sc.NextRunAt), sc.RunCount, sc.LastStatus, sc.LastError, sc.Source, toDB(sc.CreatedAt), toDB(sc.CreatedAt))
	if err != nil {
		return fmt.Errorf("insert schedule %s: %w", sc.ID, err)
	}
	return nil
}

func (s *sqlStore) UpdateSchedule(ctx context.Context, workspaceID, id string, p SchedulePatch, now time.Time) error {
	var sets []string
	var args []any
	add := func(col string, v any) {
		sets = append(sets, col+" = ?")
		args = append(args, v)
	}
	if p.Name != nil {
		add("name", *p.Name)
	}
	if p.CronExpr != nil {
		add("cron_expr", *p.CronExpr)
	}
	if p.Timezone != nil {
		add("timezone", *p.Timezone)
	}
	if p.Prompt != nil {
		add("prompt", *p.Prompt)
	}
	if p.Enabled != nil {
		// A schedule changed by hand no longer belongs to a deletion, so
		// a later restore leaves it as the operator set it.
		add("enabled", *p.Enabled)
		add("disabled_by_deletion", nil)
	}
	add("updated_at", toDB(now))
	args = append(args, id, workspaceID)

	r, err := s.db.ExecContext(ctx, s.q(`UPDATE schedules SET `+joinComma(sets)+` WHERE id = ? AND workspace_id = ?`), args...)
	if err != nil {
		return fmt.Errorf("update schedule %s: %w", id, err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return ErrScheduleNotFound
	}
	return nil
}

func (s *sqlStore) DeleteSchedule(ctx context.Context, workspaceID, id string) error {
	r, err := s.db.ExecContext(ctx, s.q(`DELETE FROM schedules WHERE id = ? AND workspace_id = ?`), id, workspaceID)
	if err != nil {
		return fmt.Errorf("delete schedule %s: %w", id, err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return ErrScheduleNotFound
	}
	return nil
}

func (s *sqlStore) Memories(ctx context.Context, workspaceID string, limit int) ([]Memory, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT id, workspace_id, content, scope, namespace, created_at
		FROM memories WHERE workspace_id = ? ORDER BY created_at DESC, id LIMIT ?`), workspaceID, limit)
	if err != nil {
		return nil, fmt.Errorf("list memories of %s: %w", workspaceID, err)
	}
	defer rows.Close()
	out := []Memory{}
	for rows.Next() {
		var m Memory
		var created int64
		if err := rows.Scan(&m.ID, &m.WorkspaceID, &m.Content, &m.Scope, &m.Namespace, &created); err != nil {
			return nil, fmt.Errorf("list memories of %s: %w", workspaceID, err)
		}
		m.CreatedAt = fromDB(created)
		out = append(out, m)
	}
	return out, rows.Err()
}

func (s *sqlStore) CreateMemory(ctx context.Context, m Memory) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO memories (id, workspace_id, content, scope, namespace, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`), m.ID, m.WorkspaceID, m.Content, m.Scope, m.Namespace, toDB(m.CreatedAt))
	if err != nil {
		return fmt.Errorf("insert memory %s: %w", m.ID, err)
	}
	return nil
}

func (s *sqlStore) DeleteMemory(ctx context.Context, workspaceID, id, expectName string, audit AuditFunc) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		w, err := s.lockWorkspace(ctx, tx, workspaceID)
		if err != nil {
			return err
		}
		if w.Status == "removed" {
			return removedError(w)
		}
		if err := checkName(w, expectName); err != nil {
			return err
		}

		r, err := tx.ExecContext(ctx, s.q(`DELETE FROM memories WHERE id = ? AND workspace_id = ?`), id, workspaceID)
		if err != nil {
			return fmt.Errorf("delete memory %s: %w", id, err)
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return ErrMemoryNotFound
		}
		if audit != nil {
			return audit(ctx, tx)
		}
		return nil
	})
}

func (s *sqlStore) KeyValues(ctx context.Context, workspaceID string) ([]KeyValue, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT workspace_id, key, value, version, expires_at, updated_at
		FROM kv_memory WHERE workspace_id = ? ORDER BY key`), workspaceID)
	if err != nil {
		return nil, fmt.Errorf("list key/value memory of %s: %w", workspaceID, err)
	}
	defer rows.Close()
	out := []KeyValue{}
	for rows.Next() {
		var (
			kv      KeyValue
			value   string
			expires sql.NullInt64
			updated int64
		)
		if err := rows.Scan(&kv.WorkspaceID, &kv.Key, &value, &kv.Version, &expires, &updated); err != nil {
			return nil, fmt.Errorf("list key/value memory of %s: %w", workspaceID, err)
		}
		kv.Value = json.RawMessage(value)
		kv.ExpiresAt, kv.UpdatedAt = timePtr(expires), fromDB(updated)
		out = append(out, kv)
	}
	return out, rows.Err()
}

func (s *sqlStore) PutKeyValue(ctx context.Context, kv KeyValue) error {
	if !json.Valid(kv.Value) {
		return errors.New("key/value memory: value is not valid JSON")
	}
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO kv_memory (workspace_id, key, value, version, expires_at, updated_at)
		VALUES (?, ?, ?, 1, ?, ?)
		ON CONFLICT (workspace_id, key) DO UPDATE SET value = excluded.value,
			version = kv_memory.version + 1, expires_at = excluded.expires_at, updated_at = excluded.updated_at`),
		kv.WorkspaceID, kv.Key, string(kv.Value), nullTime(kv.ExpiresAt), toDB(kv.UpdatedAt))
	if err != nil {
		return fmt.Errorf("put key/value memory %s: %w", kv.Key, err)
	}
	return nil
}
