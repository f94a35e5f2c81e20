package platform

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/wsctl/wsctl/platform/store"
)

// shutdownTimeout bounds how long Serve waits for in-flight requests.
const shutdownTimeout = 15 * time.Second

// Serve listens on listen (such as "127.0.0.1:8080" or "127.0.0.1:0"),
// opens the platform, calls ready with the bound address, runs the purge
// job and serves until ctx is cancelled. It then stops accepting
// connections, finishes in-flight requests, stops the purge job and closes
// the store. On first start it prints the new org token once to stderr;
// logs never carry a token or a DSN password.
//
// The address is bound before the platform opens: without a data directory
// stderr is the only place the org token ever appears, so a bind failure
// after the token was created would lock everyone out of the database.
func Serve(ctx context.Context, opts Options, listen string, ready func(addr string)) error {
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", listen, err)
	}
	p, err := Open(ctx, opts)
	if err != nil {
		ln.Close()
		return err
	}
	defer p.Close()

	addr := ln.Addr().String()
	p.log.Info("platform started", "addr", addr, "store", p.store.Kind(), "db", describeDSN(p.opts.DSN),
		"restore_window", p.opts.RestoreWindow.String(), "purge_interval", p.opts.PurgeInterval.String())
	if p.createdToken {
		fmt.Fprintf(os.Stderr, "Org token (shown once; also saved to %s):\n%s\n", orNone(p.tokenFile), p.orgToken)
	}

	srv := &http.Server{
		Handler:           p.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	purgeCtx, stopPurge := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		p.RunPurger(purgeCtx)
	}()

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	if ready != nil {
		ready(addr)
	}

	select {
	case err = <-serveErr:
	case <-ctx.Done():
		shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
		err = srv.Shutdown(shutdownCtx)
		cancel()
	}
	stopPurge()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	p.log.Info("platform stopped", "addr", addr)
	return err
}

// describeDSN returns a DSN fit for logs.
func describeDSN(dsn string) string {
	if isPostgres(dsn) {
		return store.RedactDSN(dsn)
	}
	return dsn
}

func orNone(path string) string {
	if path == "" {
		return "nowhere, no data directory set"
	}
	return path
}
