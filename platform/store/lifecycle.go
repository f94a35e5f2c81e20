package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

func (s *sqlStore) Restart(ctx context.Context, id string, now time.Time, reset bool, audit AuditFunc) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		w, err := s.lockWorkspace(ctx, tx, id)
		if err != nil {
			return err
		}
		if w.Status == "removed" {
			return removedError(w)
		}

		// A restart re-provisions the agent, so the work in flight ends
		// whether or not the session volume is kept.
		query := `UPDATE workspaces SET status = 'provisioning', provision_started_at = ?, updated_at = ?,
			active_tasks = 0, active_since = NULL, current_task = ''`
		args := []any{toDB(now), toDB(now)}
		if reset {
			query += `, session_reset_at = ?`
			args = append(args, toDB(now))
		}
		args = append(args, id)
		if _, err := tx.ExecContext(ctx, s.q(query+` WHERE id = ?`), args...); err != nil {
			return fmt.Errorf("restart workspace %s: %w", id, err)
		}
		if audit != nil {
			return audit(ctx, tx)
		}
		return nil
	})
}

func (s *sqlStore) SetPaused(ctx context.Context, id string, paused, subtree bool, now time.Time, audit TreeAuditFunc) (int, error) {
	changed := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		changed = 0
		w, err := s.lockWorkspace(ctx, tx, id)
		if err != nil {
			return err
		}
		if w.Status == "removed" {
			return removedError(w)
		}
		var below []descendant
		if subtree {
			if below, err = s.liveDescendants(ctx, tx, id); err != nil {
				return err
			}
		}

		// The workspace in the path is always audited, even when it was
		// already in the requested state; a descendant only when it changed.
		affected := []ChildRef{{ID: w.ID, Name: w.Name}}
		for i, ref := range append([]ChildRef{{ID: w.ID, Name: w.Name}}, childRefs(below)...) {
			n, err := s.setPausedOne(ctx, tx, ref.ID, paused, now)
			if err != nil {
				return err
			}
			changed += n
			if i > 0 && n > 0 {
				affected = append(affected, ref)
			}
		}
		if audit != nil {
			return audit(ctx, tx, affected)
		}
		return nil
	})
	return changed, err
}

// setPausedOne pauses or resumes one workspace and returns 1 when its status
// changed.
func (s *sqlStore) setPausedOne(ctx context.Context, tx *sql.Tx, id string, paused bool, now time.Time) (int, error) {
	var (
		r   sql.Result
		err error
	)
	if paused {
		r, err = tx.ExecContext(ctx, s.q(`UPDATE workspaces SET status = 'paused', updated_at = ?
			WHERE id = ? AND status <> 'paused'`), toDB(now), id)
	} else {
		r, err = tx.ExecContext(ctx, s.q(`UPDATE workspaces SET status = 'provisioning', provision_started_at = ?, updated_at = ?
			WHERE id = ? AND status = 'paused'`), toDB(now), toDB(now), id)
	}
	if err != nil {
		return 0, fmt.Errorf("pause workspace %s: %w", id, err)
	}
	n, _ := r.RowsAffected()
	return int(n), nil
}

// Heartbeat copies an agent's report. active_since records when active_tasks
// last turned non-zero and is cleared when it drops to zero.
func (s *sqlStore) Heartbeat(ctx context.Context, h Heartbeat, now time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		w, err := s.lockWorkspace(ctx, tx, h.WorkspaceID)
		if err != nil {
			return err
		}
		if w.Status == "removed" {
			return removedError(w)
		}

		var since any
		switch {
		case h.ActiveTasks == 0:
			since = nil
		case w.ActiveTasks > 0 && w.ActiveSince != nil:
			since = toDB(*w.ActiveSince)
		default:
			since = toDB(now)
		}
		_, err = tx.ExecContext(ctx, s.q(`UPDATE workspaces SET active_tasks = ?, active_since = ?, current_task = ?,
			uptime_seconds = ?, last_error_rate = ?, last_sample_error = ?, last_outbound_at = ?, updated_at = ?
			WHERE id = ?`),
			h.ActiveTasks, since, h.CurrentTask, h.UptimeSeconds, h.ErrorRate, h.SampleError, toDB(now), toDB(now), h.WorkspaceID)
		if err != nil {
			return fmt.Errorf("record heartbeat of %s: %w", h.WorkspaceID, err)
		}
		return nil
	})
}

func (s *sqlStore) CreateToken(ctx context.Context, t Token) error {
	var ws any
	if t.WorkspaceID != "" {
		ws = t.WorkspaceID
	}
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO tokens (id, kind, workspace_id, prefix, hash, label, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`), t.ID, t.Kind, ws, t.Prefix, t.Hash, t.Label, toDB(t.CreatedAt))
	if err != nil {
		return fmt.Errorf("insert token %s: %w", t.Prefix, err)
	}
	return nil
}

func (s *sqlStore) TokenByHash(ctx context.Context, hash string) (Token, error) {
	var (
		t       Token
		ws      sql.NullString
		created int64
	)
	err := s.db.QueryRowContext(ctx, s.q(`SELECT id, kind, workspace_id, prefix, hash, label, created_at
		FROM tokens WHERE hash = ? AND revoked_at IS NULL`), hash).
		Scan(&t.ID, &t.Kind, &ws, &t.Prefix, &t.Hash, &t.Label, &created)
	if err != nil {
		return Token{}, notFound(err, ErrNotFound)
	}
	t.WorkspaceID = ws.String
	t.CreatedAt = fromDB(created)
	return t, nil
}
