package guard

import (
	"context"
	"net/http"

	"github.com/google/uuid"
)

// HeaderRequestID is the header that carries a request's id in both
// directions.
const HeaderRequestID = "X-Request-Id"

// maxRequestIDLen bounds an incoming id so that it cannot bloat logs.
const maxRequestIDLen = 128

type requestIDKey struct{}

// RequestID is middleware that gives every request an id. It keeps a
// well-formed incoming X-Request-Id (1 to 128 characters of letters, digits
// and "-_.:") and otherwise generates a random UUID. It echoes the id in the
// response header and stores it in the request context for
// RequestIDFromContext, audit entries and logs.
//
// Put it first in the chain, before authentication and before
// Guard.Middleware, so that refusals from every layer carry the id.
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(HeaderRequestID)
		if !validRequestID(id) {
			id = uuid.NewString()
		}
		w.Header().Set(HeaderRequestID, id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// RequestIDFromContext returns the id stored by RequestID, or "" when the
// request did not pass through it.
func RequestIDFromContext(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':') {
			return false
		}
	}
	return true
}
