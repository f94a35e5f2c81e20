// Command gin-guard is a small gin server whose destructive workspace routes
// are protected by guard through Check and Finish. State lives in memory.
//
//	go run . -addr 127.0.0.1:8080
//	curl -X DELETE -H 'Authorization: Bearer org-demo-token-0001' http://127.0.0.1:8080/workspaces/ws-1
package main

import (
	"context"
	"flag"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/wsctl/wsctl/guard"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()

	if err := run(*addr); err != nil {
		slog.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

func run(addr string) error {
	r, err := newRouter(newStore())
	if err != nil {
		return err
	}
	slog.Info("listening", "addr", addr)
	return r.Run(addr)
}

// newRouter builds the server: recovery, request id, authentication, then
// guard, then the routes.
func newRouter(store *store) (*gin.Engine, error) {
	g, err := guard.New(guard.Config{
		Resolver: store,
		Actor:    actorFromContext,
		Audit:    store,
	})
	if err != nil {
		return nil, err
	}

	r := gin.New()
	r.Use(gin.Recovery(), requestID(), authenticate(map[string]guard.Actor{
		"org-demo-token-0001": {Kind: "org", TokenPrefix: "org-demo", Label: "demo"},
	}), guardMiddleware(g))

	r.GET("/workspaces/:id", store.get)
	r.DELETE("/workspaces/:id", store.remove)
	r.GET("/admin/audit", store.listAudit)
	return r, nil
}

// guardMiddleware adapts guard to gin. A refusal is written and stops the
// chain. An allowed request continues with the request guard returned, and
// Finish then records the status the handlers wrote or their panic.
func guardMiddleware(g *guard.Guard) gin.HandlerFunc {
	return func(c *gin.Context) {
		d := g.Check(c.Writer, c.Request)
		if !d.Allowed() {
			d.Refusal.ServeHTTP(c.Writer, c.Request)
			c.Abort()
			return
		}
		c.Request = d.Request

		defer func() {
			if v := recover(); v != nil {
				g.Finish(c.Request, http.StatusInternalServerError, v)
				panic(v)
			}
		}()
		c.Next()
		g.Finish(c.Request, c.Writer.Status(), nil)
	}
}

// requestID runs guard.RequestID inside gin so that the id reaches the
// request context that later handlers see.
func requestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		guard.RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c.Request = r
		})).ServeHTTP(c.Writer, c.Request)
		c.Next()
	}
}

type actorKey struct{}

// authenticate accepts the bearer tokens in tokens and stores the actor in
// the request context. Requests without a known token continue anonymous,
// and guard rejects them on destructive routes.
func authenticate(tokens map[string]guard.Actor) gin.HandlerFunc {
	return func(c *gin.Context) {
		tok, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
		if actor, known := tokens[tok]; ok && known {
			c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), actorKey{}, actor))
		}
		c.Next()
	}
}

func actorFromContext(r *http.Request) (guard.Actor, bool) {
	a, ok := r.Context().Value(actorKey{}).(guard.Actor)
	return a, ok
}
