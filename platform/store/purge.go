package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

func (s *sqlStore) HardDelete(ctx context.Context, id string, h HardDeletion, audit AuditFunc) (PurgeResult, error) {
	res := PurgeResult{HardPurgedAt: h.Now.UTC()}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res.Purged = nil
		w, err := s.lockWorkspace(ctx, tx, id)
		if err != nil {
			return err
		}
		if h.OnlyRemoved && w.Status != "removed" {
			return ErrNotRemoved
		}
		if err := checkName(w, h.ExpectName); err != nil {
			return err
		}

		below, err := s.purgeDescendants(ctx, tx, w)
		if err != nil {
			return err
		}
		if w.Status != "removed" && len(below) > 0 && !h.Cascade {
			return &ChildrenError{Children: directChildren(below, id)}
		}
		if err := checkCascade(below, h.CascadeIDs); err != nil {
			return err
		}

		// Delete leaves first so that no child outlives its parent row.
		all := append([]ChildRef{{ID: w.ID, Name: w.Name}}, childRefs(below)...)
		for i := len(all) - 1; i >= 0; i-- {
			t, err := s.purgeOne(ctx, tx, all[i].ID, h.Now)
			if err != nil {
				return err
			}
			res.Purged = append(res.Purged, t)
		}
		if audit != nil {
			return audit(ctx, tx)
		}
		return nil
	})
	return res, err
}

func (s *sqlStore) PurgeDescendants(ctx context.Context, id string) ([]ChildRef, bool, error) {
	var (
		refs    []ChildRef
		removed bool
	)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		w, err := s.lockWorkspace(ctx, tx, id)
		if err != nil {
			return err
		}
		removed = w.Status == "removed"
		below, err := s.purgeDescendants(ctx, tx, w)
		refs = childRefs(below)
		return err
	})
	return refs, removed, err
}

// purgeDescendants returns what a hard delete of w takes along: for a
// removed workspace the children its deletion cascaded to, and for a live
// one its live descendants.
func (s *sqlStore) purgeDescendants(ctx context.Context, tx *sql.Tx, w Workspace) ([]descendant, error) {
	if w.Status == "removed" {
		return s.descendants(ctx, tx, w.ID, `status = 'removed' AND deletion_id = ?`, w.DeletionID)
	}
	return s.liveDescendants(ctx, tx, w.ID)
}

func childRefs(ds []descendant) []ChildRef {
	out := make([]ChildRef, len(ds))
	for i, d := range ds {
		out[i] = d.ChildRef
	}
	return out
}

// purgeOne hard-deletes a workspace row (schedules, memories, key/value
// entries and tokens go with it by ON DELETE CASCADE) and writes its
// tombstone.
func (s *sqlStore) purgeOne(ctx context.Context, tx *sql.Tx, id string, now time.Time) (Tombstone, error) {
	var (
		t         Tombstone
		removedAt sql.NullInt64
		deletion  sql.NullString
	)
	err := tx.QueryRowContext(ctx, s.q(`SELECT id, name, removed_at, deletion_id FROM workspaces WHERE id = ?`), id).
		Scan(&t.ID, &t.Name, &removedAt, &deletion)
	if err != nil {
		return Tombstone{}, fmt.Errorf("purge workspace %s: %w", id, notFound(err, ErrNotFound))
	}
	t.RemovedAt = timePtr(removedAt)
	t.HardPurgedAt = now.UTC()

	// Purge each table explicitly rather than rely on cascades alone, so a
	// database created without foreign keys enforced still leaves nothing.
	for _, table := range []string{"schedules", "memories", "kv_memory", "tokens"} {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM `+table+` WHERE workspace_id = ?`), id); err != nil {
			return Tombstone{}, fmt.Errorf("purge %s of %s: %w", table, id, err)
		}
	}
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM workspaces WHERE id = ?`), id); err != nil {
		return Tombstone{}, fmt.Errorf("purge workspace %s: %w", id, err)
	}
	_, err = tx.ExecContext(ctx, s.q(`INSERT INTO tombstones (id, name, removed_at, hard_purged_at, deletion_id)
		VALUES (?, ?, ?, ?, ?)`), t.ID, t.Name, nullTime(t.RemovedAt), toDB(t.HardPurgedAt), deletion)
	if err != nil {
		return Tombstone{}, fmt.Errorf("write tombstone of %s: %w", id, err)
	}
	return t, nil
}

func (s *sqlStore) PurgeExpired(ctx context.Context, now time.Time, limit int, audit PurgeAuditFunc) ([]Tombstone, error) {
	var purged []Tombstone
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		purged = nil
		rows, err := tx.QueryContext(ctx, s.q(`SELECT id FROM workspaces
			WHERE status = 'removed' AND restorable_until < ?
			ORDER BY restorable_until, id LIMIT ?`+s.skipLocked()), toDB(now), limit)
		if err != nil {
			return fmt.Errorf("select expired workspaces: %w", err)
		}
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}

		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE workspaces SET parent_id = NULL WHERE parent_id = ?`), id); err != nil {
				return fmt.Errorf("detach children of %s: %w", id, err)
			}
			t, err := s.purgeOne(ctx, tx, id, now)
			if err != nil {
				return err
			}
			if audit != nil {
				if err := audit(ctx, tx, t); err != nil {
					return err
				}
			}
			purged = append(purged, t)
		}
		return nil
	})
	return purged, err
}

func (s *sqlStore) DeleteTombstones(ctx context.Context, purgedBefore time.Time) (int, error) {
	r, err := s.db.ExecContext(ctx, s.q(`DELETE FROM tombstones WHERE hard_purged_at < ?`), toDB(purgedBefore))
	if err != nil {
		return 0, fmt.Errorf("delete tombstones: %w", err)
	}
	n, _ := r.RowsAffected()
	return int(n), nil
}
