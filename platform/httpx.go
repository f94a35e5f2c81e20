package platform

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
)

// maxBodyBytes bounds every request body the handlers read.
const maxBodyBytes = 64 << 10

// maxNameLen is the longest workspace or schedule name, in characters.
const maxNameLen = 255

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]any{"error": message})
}

// unavailable logs a store failure and writes 503 without the error text,
// which could name tables or hosts.
func (p *Platform) unavailable(w http.ResponseWriter, r *http.Request, op string, err error) {
	p.log.Error("store failed", "op", op, "error", err, "request_id", requestID(r), "workspace_id", r.PathValue("id"))
	writeJSON(w, http.StatusServiceUnavailable, map[string]any{
		"error": "platform datastore unavailable — retry shortly",
		"code":  "platform_unavailable",
	})
}

// badRequest is an input error whose message goes to the client as is.
// With a code, the response is {"error": code, "message": msg}; without
// one, it is {"error": msg}.
type badRequest struct{ code, msg string }

// errBodyNotUTF8 rejects a body with bytes that are not valid UTF-8, which
// encoding/json would otherwise store as U+FFFD without a word.
var errBodyNotUTF8 = &badRequest{code: "invalid_body", msg: "the request body is not valid UTF-8; send the JSON body encoded as UTF-8"}

func (e *badRequest) Error() string { return e.msg }

func badRequestf(format string, args ...any) error {
	return &badRequest{msg: fmt.Sprintf(format, args...)}
}

// decodeBody decodes a JSON object into dst, rejecting invalid UTF-8,
// unknown fields, trailing data and bodies over maxBodyBytes. An empty body
// leaves dst as it is when optional is true.
func decodeBody(w http.ResponseWriter, r *http.Request, dst any, optional bool) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		if optional {
			return nil
		}
		return badRequestf("missing JSON request body")
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return badRequestf("invalid JSON body: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	if dec.More() {
		return badRequestf("invalid JSON body: unexpected data after the JSON object")
	}
	if containsNUL(body) {
		return badRequestf(`invalid JSON body: strings must not contain NUL (\u0000)`)
	}
	return nil
}

// readBody reads at most maxBodyBytes of the request body and rejects bytes
// that are not valid UTF-8.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, &badRequest{msg: fmt.Sprintf("request body too large: the limit is %d bytes", maxBodyBytes)}
	}
	if err != nil {
		return nil, badRequestf("cannot read request body: %v", err)
	}
	if !utf8.Valid(body) {
		return nil, errBodyNotUTF8
	}
	return body, nil
}

// bodyIsUTF8 checks the body of a guarded request whose handler reads
// nothing from it. Guard checks a body only when it reads one, and it does
// not when the reason comes in X-Audit-Reason. It writes the 400 or 413
// itself and returns false when the body is rejected.
func bodyIsUTF8(w http.ResponseWriter, r *http.Request) bool {
	if _, err := readBody(w, r); err != nil {
		writeBadRequest(w, err)
		return false
	}
	return true
}

// containsNUL reports whether a string anywhere in a valid JSON document,
// key or value, contains U+0000. Postgres text columns cannot store it, so
// such a body must get a 400 rather than fail in the store.
func containsNUL(body []byte) bool {
	if !strings.Contains(string(body), `\u0000`) {
		return false
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if s, ok := tok.(string); ok && strings.ContainsRune(s, 0) {
			return true
		}
	}
}

// writeBadRequest writes 413 for an oversized body and 400 otherwise.
func writeBadRequest(w http.ResponseWriter, err error) {
	var bad *badRequest
	if errors.As(err, &bad) && bad.code != "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": bad.code, "message": bad.msg})
		return
	}
	status := http.StatusBadRequest
	if strings.HasPrefix(err.Error(), "request body too large") {
		status = http.StatusRequestEntityTooLarge
	}
	writeError(w, status, err.Error())
}

// validUUID accepts only the canonical 36-character form, so that an id has
// one spelling in paths, logs and the database.
func validUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}

// subresourceID reads the path value name, the id of a schedule or memory.
// These ids are UUIDs, so any other value cannot exist and gets the 404 of
// notFound without a store round trip. That also keeps text Postgres
// rejects, such as NUL or invalid UTF-8, out of its queries.
func subresourceID(w http.ResponseWriter, r *http.Request, name string, notFound error) (string, bool) {
	id := r.PathValue(name)
	if !validUUID(id) {
		writeError(w, http.StatusNotFound, notFound.Error())
		return "", false
	}
	return id, true
}

// validateName checks a workspace or schedule name: 1 to 255 characters,
// valid UTF-8, no control characters and none of {}[]|>*&!.
func validateName(field, name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return badRequestf("invalid %s: must not be blank", field)
	case !utf8.ValidString(name):
		return badRequestf("invalid %s: must be valid UTF-8", field)
	case utf8.RuneCountInString(name) > maxNameLen:
		return badRequestf("invalid %s: %d characters, the limit is %d", field, utf8.RuneCountInString(name), maxNameLen)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return badRequestf("invalid %s: must not contain control characters or line breaks", field)
	case strings.ContainsAny(name, "{}[]|>*&!"):
		return badRequestf("invalid %s: must not contain any of {}[]|>*&!", field)
	}
	return nil
}

// parseBoolParam reads an optional boolean query parameter.
func parseBoolParam(r *http.Request, name string) (bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, badRequestf("invalid %s %q: use true or false", name, v)
	}
	return b, nil
}

// cleanPaths rejects request paths that a router would rewrite or that hide
// a separator: dot segments, doubled or trailing slashes and encoded
// slashes. Without it ServeMux would redirect them, and a probe could reach
// a different route than the one it names.
func cleanPaths(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		escaped := strings.ToLower(r.URL.EscapedPath())
		bad := strings.Contains(escaped, "%2f") || strings.Contains(escaped, "%5c") ||
			(p != "/" && path.Clean(p) != p) || !strings.HasPrefix(p, "/")
		if bad {
			writeError(w, http.StatusBadRequest, "invalid path: remove dot segments, doubled or trailing slashes and encoded slashes")
			return
		}
		next.ServeHTTP(w, r)
	})
}
