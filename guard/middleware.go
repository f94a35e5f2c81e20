package guard

import (
	"net/http"
)

// Middleware returns next wrapped with guard's checks.
//
// Place it after RequestID and after the host's authentication middleware,
// because Config.Actor reads the credential that authentication found, and
// before the router's destructive handlers. Non-destructive requests reach
// next untouched. A refused request never reaches next. An allowed one
// reaches next as Decision.Request, with the pending audit entry in its
// context and its body restored. Finish then records the status next wrote
// or its panic, and a panic is raised again.
func (g *Guard) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d := g.Check(w, r)
		if d.Refusal != nil {
			d.Refusal.ServeHTTP(w, d.Request)
			return
		}
		if d.pending == nil {
			next.ServeHTTP(w, d.Request)
			return
		}
		g.serveAllowed(next, w, d.Request)
	})
}

func (g *Guard) serveAllowed(next http.Handler, w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		if v := recover(); v != nil {
			g.Finish(r, http.StatusInternalServerError, v)
			panic(v)
		}
	}()
	next.ServeHTTP(sw, r)
	g.Finish(r, sw.status, nil)
}

// statusWriter records the status the host wrote. Unwrap lets
// http.ResponseController reach the server's writer for Flush, deadlines
// and hijacking.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Flush() {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
