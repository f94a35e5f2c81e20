package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

func (s *sqlStore) SoftDelete(ctx context.Context, id string, d Deletion, audit AuditFunc) (DeleteResult, error) {
	var res DeleteResult
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		w, err := s.lockWorkspace(ctx, tx, id)
		if err != nil {
			return err
		}
		if w.Status == "removed" {
			return removedError(w)
		}
		if err := checkName(w, d.ExpectName); err != nil {
			return err
		}

		descendants, err := s.liveDescendants(ctx, tx, id)
		if err != nil {
			return err
		}
		if len(descendants) > 0 && !d.Cascade {
			return &ChildrenError{Children: directChildren(descendants, id)}
		}
		if err := checkCascade(descendants, d.CascadeIDs); err != nil {
			return err
		}

		res = DeleteResult{
			CascadeDeleted:  len(descendants),
			RemovedAt:       d.Now.UTC(),
			RestorableUntil: d.Now.Add(d.Window).UTC(),
		}
		ids := append([]string{id}, refIDs(descendants)...)
		for _, wid := range ids {
			n, err := s.removeOne(ctx, tx, wid, d, &res)
			if err != nil {
				return err
			}
			if n != 1 {
				return fmt.Errorf("remove workspace %s: %d rows changed", wid, n)
			}
		}
		if audit != nil {
			return audit(ctx, tx)
		}
		return nil
	})
	return res, err
}

// removeOne marks one workspace removed and disables its enabled schedules
// and revokes its live tokens, tagging each changed row with the deletion id.
func (s *sqlStore) removeOne(ctx context.Context, tx *sql.Tx, id string, d Deletion, res *DeleteResult) (int64, error) {
	now := toDB(d.Now)
	r, err := tx.ExecContext(ctx, s.q(`UPDATE workspaces SET status_before_removal = status, status = 'removed',
		removed_at = ?, restorable_until = ?, deletion_id = ?, updated_at = ?
		WHERE id = ? AND status <> 'removed'`),
		now, toDB(d.Now.Add(d.Window)), d.ID, now, id)
	if err != nil {
		return 0, fmt.Errorf("remove workspace %s: %w", id, err)
	}
	changed, _ := r.RowsAffected()

	r, err = tx.ExecContext(ctx, s.q(`UPDATE schedules SET enabled = FALSE, disabled_by_deletion = ?, updated_at = ?
		WHERE workspace_id = ? AND enabled = TRUE`), d.ID, now, id)
	if err != nil {
		return 0, fmt.Errorf("disable schedules of %s: %w", id, err)
	}
	n, _ := r.RowsAffected()
	res.SchedulesDisabled += int(n)

	r, err = tx.ExecContext(ctx, s.q(`UPDATE tokens SET revoked_at = ?, revoked_by_deletion = ?
		WHERE workspace_id = ? AND revoked_at IS NULL`), now, d.ID, id)
	if err != nil {
		return 0, fmt.Errorf("revoke tokens of %s: %w", id, err)
	}
	n, _ = r.RowsAffected()
	res.TokensRevoked += int(n)
	return changed, nil
}

func (s *sqlStore) LiveDescendants(ctx context.Context, id string) ([]ChildRef, error) {
	var refs []ChildRef
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		w, err := s.lockWorkspace(ctx, tx, id)
		if err != nil || w.Status == "removed" {
			return err
		}
		below, err := s.liveDescendants(ctx, tx, id)
		refs = childRefs(below)
		return err
	})
	return refs, err
}

// checkCascade returns ErrTreeChanged unless found and listed hold the same
// workspace ids.
func checkCascade(found []descendant, listed []string) error {
	want := make(map[string]bool, len(listed))
	for _, id := range listed {
		want[id] = true
	}
	if len(found) != len(want) {
		return fmt.Errorf("%w: found %d live descendants, %d listed", ErrTreeChanged, len(found), len(want))
	}
	for _, d := range found {
		if !want[d.ID] {
			return fmt.Errorf("%w: descendant %s was not listed", ErrTreeChanged, d.ID)
		}
	}
	return nil
}

// checkName returns ErrNameChanged when expect is set and differs from the
// locked workspace's name.
func checkName(w Workspace, expect string) error {
	if expect != "" && w.Name != expect {
		return ErrNameChanged
	}
	return nil
}

type descendant struct {
	ChildRef
	ParentID string
}

// liveDescendants returns every live workspace below id, breadth first.
func (s *sqlStore) liveDescendants(ctx context.Context, tx *sql.Tx, id string) ([]descendant, error) {
	return s.descendants(ctx, tx, id, `status <> 'removed'`, nil)
}

// descendants walks the tree below root and keeps the rows matching cond.
func (s *sqlStore) descendants(ctx context.Context, tx *sql.Tx, root, cond string, arg any) ([]descendant, error) {
	var out []descendant
	queue := []string{root}
	seen := map[string]bool{root: true}
	for len(queue) > 0 {
		parent := queue[0]
		queue = queue[1:]
		args := []any{parent}
		if arg != nil {
			args = append(args, arg)
		}
		rows, err := tx.QueryContext(ctx, s.q(`SELECT id, name FROM workspaces WHERE parent_id = ? AND `+cond+` ORDER BY id`), args...)
		if err != nil {
			return nil, fmt.Errorf("list children of %s: %w", parent, err)
		}
		for rows.Next() {
			var c descendant
			if err := rows.Scan(&c.ID, &c.Name); err != nil {
				rows.Close()
				return nil, err
			}
			c.ParentID = parent
			if !seen[c.ID] {
				seen[c.ID] = true
				out = append(out, c)
				queue = append(queue, c.ID)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func directChildren(ds []descendant, parent string) []ChildRef {
	var out []ChildRef
	for _, d := range ds {
		if d.ParentID == parent {
			out = append(out, d.ChildRef)
		}
	}
	return out
}

func refIDs(ds []descendant) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.ID
	}
	return out
}

func (s *sqlStore) Restore(ctx context.Context, id string, now time.Time, audit TreeAuditFunc) (RestoreResult, error) {
	var res RestoreResult
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		w, err := s.lockWorkspace(ctx, tx, id)
		if err != nil {
			return err
		}
		if w.Status != "removed" {
			return ErrNotRemoved
		}
		if w.RestorableUntil == nil || now.After(*w.RestorableUntil) {
			end := now
			if w.RestorableUntil != nil {
				end = *w.RestorableUntil
			}
			return &PurgedError{HardPurgedAt: end}
		}
		if err := s.checkParentLive(ctx, tx, w); err != nil {
			return err
		}

		children, err := s.descendants(ctx, tx, id, `status = 'removed' AND deletion_id = ?`, w.DeletionID)
		if err != nil {
			return err
		}
		res = RestoreResult{Status: w.StatusBeforeRemoval, Children: len(children)}
		affected := append([]ChildRef{{ID: w.ID, Name: w.Name}}, childRefs(children)...)
		for _, ref := range affected {
			if err := s.restoreOne(ctx, tx, ref.ID, w.DeletionID, now, &res); err != nil {
				return err
			}
		}
		if audit != nil {
			return audit(ctx, tx, affected)
		}
		return nil
	})
	return res, err
}

// checkParentLive returns a ParentRemovedError when w's parent is removed.
// The parent row stays locked until the transaction ends, so a concurrent
// delete of the parent cannot slip in between. A parent that is gone
// altogether does not block the restore.
func (s *sqlStore) checkParentLive(ctx context.Context, tx *sql.Tx, w Workspace) error {
	if w.ParentID == nil {
		return nil
	}
	var status string
	err := tx.QueryRowContext(ctx, s.q(`SELECT status FROM workspaces WHERE id = ?`+s.forUpdate()), *w.ParentID).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read parent of %s: %w", w.ID, err)
	}
	if status == "removed" {
		return &ParentRemovedError{ParentID: *w.ParentID}
	}
	return nil
}

// restoreOne brings back one workspace and only the schedules and tokens that
// the deletion changed.
func (s *sqlStore) restoreOne(ctx context.Context, tx *sql.Tx, id, deletionID string, now time.Time, res *RestoreResult) error {
	at := toDB(now)
	_, err := tx.ExecContext(ctx, s.q(`UPDATE workspaces SET status = COALESCE(status_before_removal, 'offline'),
		status_before_removal = NULL, removed_at = NULL, restorable_until = NULL, deletion_id = NULL, updated_at = ?
		WHERE id = ?`), at, id)
	if err != nil {
		return fmt.Errorf("restore workspace %s: %w", id, err)
	}

	r, err := tx.ExecContext(ctx, s.q(`UPDATE schedules SET enabled = TRUE, disabled_by_deletion = NULL, updated_at = ?
		WHERE workspace_id = ? AND disabled_by_deletion = ?`), at, id, deletionID)
	if err != nil {
		return fmt.Errorf("re-enable schedules of %s: %w", id, err)
	}
	n, _ := r.RowsAffected()
	res.Schedules += int(n)

	r, err = tx.ExecContext(ctx, s.q(`UPDATE tokens SET revoked_at = NULL, revoked_by_deletion = NULL
		WHERE workspace_id = ? AND revoked_by_deletion = ?`), id, deletionID)
	if err != nil {
		return fmt.Errorf("reinstate tokens of %s: %w", id, err)
	}
	n, _ = r.RowsAffected()
	res.Tokens += int(n)
	return nil
}
