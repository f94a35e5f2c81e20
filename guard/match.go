package guard

import (
	"net/http"
	"net/url"
	"strings"
)

// matchRequest finds the rule a request matches.
//
// A canonical path (see isCanonical) is matched as it is, without
// allocating. Any other path is one a router might rewrite before routing:
// "//", "." and ".." segments, a trailing slash, or percent-encoding such as
// %2F inside a segment or %61 for "a". For those, matchRequest also tries
// the readings a router could take (segments decoded one by one, or the whole
// path decoded first, with dot segments resolved and empty ones dropped). If
// any reading matches a rule, canonical is false and Check rejects the
// request with 400 invalid_path, so a crafted path can neither slip past a
// rule nor reach the host's delete handler.
func (g *Guard) matchRequest(r *http.Request) (rule *compiledRule, m pathMatch, canonical bool) {
	if r.URL.RawPath == "" {
		if segments, ok := canonicalSegments(r.URL.Path); ok {
			return g.matchCanonical(r, segments)
		}
	}

	readings := [][]string{
		resolveSegments(strings.Split(r.URL.EscapedPath(), "/"), true),
		resolveSegments(strings.Split(r.URL.Path, "/"), false),
	}
	for _, segs := range readings {
		for i := range g.rules {
			c := &g.rules[i]
			if !strings.EqualFold(c.Method, r.Method) {
				continue
			}
			if m, ok := c.matchSegments(segs); ok {
				return c, m, false
			}
		}
	}
	return nil, pathMatch{}, false
}

// resolveSegments drops empty and "." segments and applies "..", the way
// path cleaning in routers does. With unescape, each segment is also
// percent-decoded on its own, so "a%2Fb" stays one segment.
func resolveSegments(raw []string, unescape bool) []string {
	out := make([]string, 0, len(raw))
	for _, s := range raw {
		if unescape {
			if u, err := url.PathUnescape(s); err == nil {
				s = u
			}
		}
		switch s {
		case "", ".":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, s)
		}
	}
	return out
}

// matchCanonical matches a canonical path that has the given number of
// segments against the rules of the same length.
func (g *Guard) matchCanonical(r *http.Request, segments int) (rule *compiledRule, m pathMatch, canonical bool) {
	for i := range g.rules {
		c := &g.rules[i]
		if len(c.segments) != segments {
			continue
		}
		if c.Method != r.Method && !strings.EqualFold(c.Method, r.Method) {
			continue
		}
		if m, ok := c.match(r.URL.Path); ok {
			return c, m, true
		}
	}
	return nil, pathMatch{}, true
}
