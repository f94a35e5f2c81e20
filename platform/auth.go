package platform

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/wsctl/wsctl/guard"
	"github.com/wsctl/wsctl/platform/store"
)

// principal is the authenticated credential of a request.
type principal struct {
	actor       guard.Actor
	workspaceID string // set for workspace tokens
}

type principalKey struct{}

func principalFrom(ctx context.Context) (principal, bool) {
	p, ok := ctx.Value(principalKey{}).(principal)
	return p, ok
}

// actorOf is guard's ActorFunc: the auth middleware runs before guard and
// stores the principal in the context.
func actorOf(r *http.Request) (guard.Actor, bool) {
	p, ok := principalFrom(r.Context())
	return p.actor, ok
}

// authorizeDestructive lets only org tokens perform destructive actions;
// a workspace token can never delete or purge, even its own workspace.
func authorizeDestructive(_ context.Context, actor guard.Actor, _ guard.Action) bool {
	return actor.Kind == "org"
}

type authResult int

const (
	authMissing authResult = iota
	authInvalid
	authOK
)

// authenticate reads the bearer token. The "Bearer " prefix is
// case-sensitive, as on the base platform.
func (p *Platform) authenticate(r *http.Request) (principal, authResult, error) {
	header := r.Header.Get("Authorization")
	if header == "" {
		return principal{}, authMissing, nil
	}
	token, ok := strings.CutPrefix(header, "Bearer ")
	if !ok || !wellFormedToken(token) {
		return principal{}, authInvalid, nil
	}
	t, err := p.store.TokenByHash(r.Context(), hashToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return principal{}, authInvalid, nil
	}
	if err != nil {
		return principal{}, authInvalid, err
	}
	return principal{
		actor:       guard.Actor{Kind: t.Kind, TokenPrefix: t.Prefix, Label: t.Label},
		workspaceID: t.WorkspaceID,
	}, authOK, nil
}

// requireOrg admits only org tokens.
func (p *Platform) requireOrg(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		caller, result, err := p.authenticate(r)
		switch {
		case err != nil:
			p.unavailable(w, r, "authenticate", err)
		case result == authMissing:
			writeError(w, http.StatusUnauthorized, "admin auth required")
		case result == authInvalid || caller.actor.Kind != "org":
			writeError(w, http.StatusUnauthorized, "invalid admin auth token")
		default:
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, caller)))
		}
	})
}

// requireWorkspace admits org tokens and the token of the workspace named by
// the {id} path value.
func (p *Platform) requireWorkspace(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		caller, result, err := p.authenticate(r)
		switch {
		case err != nil:
			p.unavailable(w, r, "authenticate", err)
		case result == authMissing:
			writeError(w, http.StatusUnauthorized, "missing workspace auth token")
		case result == authInvalid || (caller.actor.Kind != "org" && caller.workspaceID != r.PathValue("id")):
			writeError(w, http.StatusUnauthorized, "invalid workspace auth token")
		default:
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, caller)))
		}
	})
}
