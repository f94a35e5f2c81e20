package client

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// redactedValue replaces every secret in debug output and error messages.
const redactedValue = "[REDACTED]"

// redactor removes secrets from text that leaves the client: debug traces,
// error messages and excerpts of response bodies. It matches secrets by value
// (the token and secret-looking header values, also in their URL-escaped
// forms) and headers by name, so a secret is caught wherever it appears.
type redactor struct {
	secrets []string
}

func newRedactor(values ...string) *redactor {
	seen := map[string]bool{}
	var secrets []string
	for _, v := range values {
		for _, form := range []string{v, url.PathEscape(v), url.QueryEscape(v)} {
			if form == "" || seen[form] {
				continue
			}
			seen[form] = true
			secrets = append(secrets, form)
		}
	}
	// Longer forms first, so that an escaped form is replaced whole before a
	// shorter secret inside it could split it.
	sort.Slice(secrets, func(i, j int) bool { return len(secrets[i]) > len(secrets[j]) })
	return &redactor{secrets: secrets}
}

// String returns s with every known secret replaced.
func (r *redactor) String(s string) string {
	for _, secret := range r.secrets {
		s = strings.ReplaceAll(s, secret, redactedValue)
	}
	return s
}

// isSecretName reports whether a header or query parameter name suggests a
// credential. Authorization, Proxy-Authorization, Cookie, Set-Cookie,
// X-Api-Key and X-Auth-Token all match.
func isSecretName(name string) bool {
	lower := strings.ToLower(name)
	for _, word := range []string{"token", "secret", "key", "cookie", "auth", "password"} {
		if strings.Contains(lower, word) {
			return true
		}
	}
	return false
}

// Header returns a copy of h with the values of secret-named headers
// replaced and known secrets removed from all other values.
func (r *redactor) Header(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for name, values := range h {
		clean := make([]string, len(values))
		for i, v := range values {
			if isSecretName(name) {
				clean[i] = redactedValue
			} else {
				clean[i] = r.String(v)
			}
		}
		out[name] = clean
	}
	return out
}

// URL returns u as a string without its password, with secret-named query
// parameters replaced and known secrets removed.
func (r *redactor) URL(u *url.URL) string {
	if u == nil {
		return ""
	}
	clean := *u
	if clean.User != nil {
		clean.User = url.User(clean.User.Username())
	}
	if clean.RawQuery != "" {
		query := clean.Query()
		for name := range query {
			if isSecretName(name) {
				query[name] = []string{redactedValue}
			}
		}
		clean.RawQuery = query.Encode()
	}
	return r.String(clean.String())
}
