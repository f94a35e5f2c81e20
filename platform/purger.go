package platform

import (
	"context"
	"database/sql"
	"time"

	"github.com/wsctl/wsctl/guard"
	"github.com/wsctl/wsctl/platform/store"
)

// purgeBatch is how many workspaces one purge transaction takes, so that a
// large backlog never holds locks for long.
const purgeBatch = 200

// PurgeOnce hard-deletes every removed workspace whose restore window has
// ended, keeps a tombstone for each, audits each purge as workspace.purge
// by system:purger, and deletes tombstones older than TombstoneTTL. Replicas
// on one Postgres may run it at the same time: each row is purged once.
func (p *Platform) PurgeOnce(ctx context.Context) (purged int, err error) {
	now := p.opts.Clock()
	for {
		batch, err := p.store.PurgeExpired(ctx, now, purgeBatch, p.auditPurge)
		purged += len(batch)
		if err != nil {
			p.log.Error("purge job failed", "purged", purged, "error", err)
			return purged, err
		}
		if len(batch) < purgeBatch {
			break
		}
	}

	tombstones, err := p.store.DeleteTombstones(ctx, now.Add(-p.opts.TombstoneTTL))
	if err != nil {
		p.log.Error("tombstone cleanup failed", "error", err)
		return purged, err
	}
	if purged > 0 || tombstones > 0 {
		p.log.Info("purge job finished", "purged", purged, "tombstones_deleted", tombstones)
	}
	return purged, nil
}

func (p *Platform) auditPurge(ctx context.Context, tx *sql.Tx, t store.Tombstone) error {
	return p.audit.AppendTx(ctx, tx, guard.Entry{
		Time: t.HardPurgedAt, Action: guard.ActionWorkspacePurge, Outcome: guard.OutcomeAllowed,
		Actor: systemActor, WorkspaceID: t.ID, WorkspaceName: t.Name, Reason: "restore window ended",
	})
}

// RunPurger runs PurgeOnce right away and then every PurgeInterval until ctx
// is done. Errors are logged and retried at the next tick.
func (p *Platform) RunPurger(ctx context.Context) {
	ticker := time.NewTicker(p.opts.PurgeInterval)
	defer ticker.Stop()
	for {
		_, _ = p.PurgeOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}
