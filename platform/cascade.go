package platform

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/wsctl/wsctl/guard"
	"github.com/wsctl/wsctl/platform/store"
)

type cascadeKey struct{}

// markCascade records in the request context whether a DELETE has
// ?confirm=true, so that resolveWorkspace adds the descendant totals to the
// impact guard writes into the audit entry. It runs before guard, which
// passes the context on to the resolver. An invalid value counts as false
// here, and the handler rejects it with 400.
func markCascade(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if confirm, err := parseBoolParam(r, "confirm"); err == nil && confirm {
			r = r.WithContext(context.WithValue(r.Context(), cascadeKey{}, true))
		}
		next.ServeHTTP(w, r)
	})
}

func cascadeRequested(ctx context.Context) bool {
	v, _ := ctx.Value(cascadeKey{}).(bool)
	return v
}

// confirmedName returns the workspace name guard matched X-Confirm-Name
// against, for the store to check again under the row lock. Guard reads the
// workspace before the handler's transaction starts, so a rename committed in
// between would otherwise go unnoticed. It returns "" for requests guard did
// not allow, which the store then does not check.
func confirmedName(r *http.Request) string {
	e, _ := guard.PendingEntry(r.Context())
	return e.WorkspaceName
}

// chargeCascade lists the live descendants that a delete with ?confirm=true
// takes along and charges each one to the caller's destructive budget, on
// top of the action guard took for the workspace itself. Without it one
// confirmation could remove any number of workspaces, because moving a
// workspace under another (PATCH parent_id) is not destructive. It returns
// the descendants for the store to check and the audit log to name, or
// writes the response itself and returns false.
func (p *Platform) chargeCascade(w http.ResponseWriter, r *http.Request, id string, cascade bool) ([]store.ChildRef, bool) {
	if !cascade {
		return nil, true
	}
	refs, err := p.store.LiveDescendants(r.Context(), id)
	if err != nil {
		p.writeStoreError(w, r, "list descendants", err)
		return nil, false
	}
	return refs, p.chargeBudget(w, r, refs)
}

// chargePurge is chargeCascade for a hard delete. A removed workspace takes
// along the children its deletion cascaded to, with or without
// ?confirm=true, and each costs one action as when it was deleted. A live
// workspace takes its live descendants only with cascade.
func (p *Platform) chargePurge(w http.ResponseWriter, r *http.Request, id string, cascade bool) ([]store.ChildRef, bool) {
	refs, removed, err := p.store.PurgeDescendants(r.Context(), id)
	if err != nil {
		p.writeStoreError(w, r, "list descendants", err)
		return nil, false
	}
	if !removed && !cascade {
		return nil, true
	}
	return refs, p.chargeBudget(w, r, refs)
}

// chargeBudget takes one destructive action per workspace in refs, or
// writes guard's refusal and returns false.
func (p *Platform) chargeBudget(w http.ResponseWriter, r *http.Request, refs []store.ChildRef) bool {
	if refusal := p.guard.TakeBudget(w, r, len(refs)); refusal != nil {
		refusal.ServeHTTP(w, r)
		return false
	}
	return true
}

// auditCascade returns the AuditFunc of a cascading delete or purge. It commits
// guard's entry for the workspace itself and, in the same transaction, one
// allowed entry per descendant with the same actor, reason and request id,
// so that the audit log of each removed workspace shows who removed it.
func (p *Platform) auditCascade(refs []store.ChildRef) store.AuditFunc {
	return func(ctx context.Context, tx *sql.Tx) error {
		if err := guard.CommitAuditTx(ctx, tx); err != nil {
			return err
		}
		root, ok := guard.PendingEntry(ctx)
		if !ok {
			return nil
		}
		for _, ref := range refs {
			e := root
			e.ID, e.WorkspaceID, e.WorkspaceName, e.Impact = "", ref.ID, ref.Name, nil
			if err := p.audit.AppendTx(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	}
}

func refIDs(refs []store.ChildRef) []string {
	ids := make([]string, len(refs))
	for i, ref := range refs {
		ids[i] = ref.ID
	}
	return ids
}
