package guard

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Rule marks one kind of request as destructive.
//
// Pattern is a path such as "/workspaces/{id}/memories/{memory_id}": literal
// segments match exactly (case-sensitive) and a {name} segment matches any
// one non-empty segment. Every pattern has exactly one {id} segment, which is
// the workspace the request acts on. The first other wildcard, such as
// {memory_id}, names the resource below the workspace, and audit entries
// record its segment as ResourceID. Patterns match the whole escaped path of
// the request, so a host that mounts its API under a prefix writes the prefix
// into its patterns. The query string never affects matching.
type Rule struct {
	// Action is recorded in audit entries and passed to the AuthorizeFunc.
	Action Action
	// Method is the HTTP method, compared case-insensitively.
	Method string
	// Pattern is the path pattern described on the type.
	Pattern string
	// Body reports whether a request body makes the request destructive. nil
	// means every body does. A rule with Body reads the request body (at most
	// Config.MaxBodyBytes) before it can tell, and restores it for the host.
	Body func(body []byte) bool
}

// DefaultRules returns the destructive requests of the workspace API:
// deleting a workspace (any query, including ?purge=true), deleting one of its
// memories, disabling it through PATCH and purging it early.
func DefaultRules() []Rule {
	return []Rule{
		{Action: ActionWorkspaceDelete, Method: http.MethodDelete, Pattern: "/workspaces/{id}"},
		{Action: ActionMemoryDelete, Method: http.MethodDelete, Pattern: "/workspaces/{id}/memories/{memory_id}"},
		{Action: ActionWorkspaceDisable, Method: http.MethodPatch, Pattern: "/workspaces/{id}", Body: SetsDisabled},
		{Action: ActionWorkspacePurge, Method: http.MethodPost, Pattern: "/workspaces/{id}/purge"},
	}
}

// SetsDisabled reports whether a JSON body sets "disabled" to true at the
// top level. It matches keys case-insensitively and treats every duplicate
// key as set, because decoders differ on which duplicate wins. A body that is
// not valid JSON counts as destructive, so that guard rejects it instead of
// guessing what the host's decoder makes of it.
func SetsDisabled(body []byte) bool {
	if len(bytes.TrimSpace(body)) == 0 {
		return false
	}
	if !json.Valid(body) {
		return true
	}
	return scanDisabled(body)
}

// scanDisabled walks the top-level object token by token and reports whether
// any "disabled" key, in any letter case, holds a value other than false or
// null.
func scanDisabled(body []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return true
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return true
		}
		key, _ := tok.(string)
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return true
		}
		if !strings.EqualFold(key, "disabled") {
			continue
		}
		v := string(bytes.TrimSpace(value))
		if v != "false" && v != "null" {
			return true
		}
	}
	return false
}

// segment is one compiled pattern segment.
type segment struct {
	literal string // empty for a {name} segment
	isID    bool
	// isResource marks the first wildcard other than {id}.
	isResource bool
}

// compiledRule is a Rule with its pattern split once at construction.
type compiledRule struct {
	Rule
	segments []segment
}

func compileRule(r Rule) (compiledRule, error) {
	if r.Action == "" {
		return compiledRule{}, fmt.Errorf("guard: rule %s %q has no Action; set one such as %q", r.Method, r.Pattern, ActionWorkspaceDelete)
	}
	if r.Method == "" || strings.ContainsAny(r.Method, " /") {
		return compiledRule{}, fmt.Errorf("guard: rule %q has invalid Method %q; use an HTTP method such as DELETE", r.Pattern, r.Method)
	}
	if !strings.HasPrefix(r.Pattern, "/") || strings.HasSuffix(r.Pattern, "/") {
		return compiledRule{}, fmt.Errorf("guard: rule pattern %q must start with / and must not end with /", r.Pattern)
	}

	var segs []segment
	ids := 0
	hasResource := false
	names := map[string]bool{}
	for _, s := range strings.Split(r.Pattern[1:], "/") {
		switch {
		case s == "" || s == "." || s == "..":
			return compiledRule{}, fmt.Errorf("guard: rule pattern %q has an empty or dot segment; write each segment once", r.Pattern)
		case strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}"):
			name := s[1 : len(s)-1]
			if name == "" || names[name] {
				return compiledRule{}, fmt.Errorf("guard: rule pattern %q has an empty or repeated wildcard %q", r.Pattern, s)
			}
			names[name] = true
			if name == "id" {
				ids++
			}
			isResource := name != "id" && !hasResource
			hasResource = hasResource || isResource
			segs = append(segs, segment{isID: name == "id", isResource: isResource})
		case strings.ContainsAny(s, "{}%"):
			return compiledRule{}, fmt.Errorf("guard: rule pattern %q has invalid segment %q; a wildcard is a whole segment such as {id}", r.Pattern, s)
		default:
			segs = append(segs, segment{literal: s})
		}
	}
	if ids != 1 {
		return compiledRule{}, fmt.Errorf("guard: rule pattern %q must contain {id} exactly once, for the workspace id", r.Pattern)
	}
	return compiledRule{Rule: r, segments: segs}, nil
}

// match reports whether path, a canonical path as checked by isCanonical,
// matches the rule, and returns the {id} segment and the resource segment
// ("" when the pattern has none). It allocates nothing.
func (c *compiledRule) match(path string) (m pathMatch, ok bool) {
	if len(path) == 0 || path[0] != '/' {
		return pathMatch{}, false
	}
	rest := path[1:]
	for i, seg := range c.segments {
		var s string
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			if i == len(c.segments)-1 {
				return pathMatch{}, false
			}
			s, rest = rest[:j], rest[j+1:]
		} else {
			if i != len(c.segments)-1 {
				return pathMatch{}, false
			}
			s, rest = rest, ""
		}
		if s == "" {
			return pathMatch{}, false
		}
		if seg.literal != "" && s != seg.literal {
			return pathMatch{}, false
		}
		m.set(seg, s)
	}
	return m, true
}

// pathMatch holds the wildcard segments of a matched path.
type pathMatch struct {
	workspaceID string
	resourceID  string
}

func (m *pathMatch) set(seg segment, s string) {
	switch {
	case seg.isID:
		m.workspaceID = s
	case seg.isResource:
		m.resourceID = s
	}
}

// matchSegments is match for a path already split into decoded segments.
func (c *compiledRule) matchSegments(segs []string) (m pathMatch, ok bool) {
	if len(segs) != len(c.segments) {
		return pathMatch{}, false
	}
	for i, seg := range c.segments {
		s := segs[i]
		if s == "" || (seg.literal != "" && s != seg.literal) {
			return pathMatch{}, false
		}
		m.set(seg, s)
	}
	return m, true
}

// isCanonical reports whether a request path reaches every common router
// unchanged: no empty, "." or ".." segments, no trailing slash and only bytes
// that need no percent-encoding. Such a path equals its escaped form.
func isCanonical(path string) bool {
	_, ok := canonicalSegments(path)
	return ok
}

// canonicalSegments is isCanonical that also counts the path's segments, so
// that matching can skip rules of another length without a second scan.
func canonicalSegments(path string) (segments int, ok bool) {
	if len(path) == 0 || path[0] != '/' {
		return 0, false
	}
	segStart := 1
	for i := 1; i < len(path); i++ {
		c := path[i]
		if c != '/' {
			if !plainPathBytes[c] {
				return 0, false
			}
			continue
		}
		if isDotOrEmpty(path[segStart:i]) {
			return 0, false
		}
		segments++
		segStart = i + 1
	}
	if len(path) == 1 {
		return 0, true
	}
	if isDotOrEmpty(path[segStart:]) {
		return 0, false
	}
	return segments + 1, true
}

func isDotOrEmpty(seg string) bool {
	return seg == "" || seg == "." || seg == ".."
}

// plainPathBytes marks the bytes that may appear in a path segment without
// percent-encoding: RFC 3986 unreserved and sub-delims, ":" and "@".
var plainPathBytes = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range []byte("-._~!$&'()*+,;=:@") {
		t[c] = true
	}
	return t
}()
