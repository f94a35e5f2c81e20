package guard

import (
	"net/http"
	"net/url"
	"path"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The seed corpora live in testdata/fuzz/<FuzzName>/ and run as plain unit
// tests with every `go test`.

func FuzzDecodeHeaderValue(f *testing.F) {
	f.Add("alpha")
	f.Add("UTF-8''caf%C3%A9")
	f.Fuzz(func(t *testing.T, v string) {
		decoded, err := decodeHeaderValue(v)
		if err != nil {
			return
		}
		if !utf8.ValidString(decoded) {
			t.Fatalf("decode(%q) = %q: not valid UTF-8", v, decoded)
		}
		if isPlainHeaderText(v) && decoded != v {
			t.Fatalf("decode(%q) = %q: want a plain value unchanged", v, decoded)
		}
		back, err := decodeHeaderValue(EncodeHeaderValue(decoded))
		if err != nil || back != decoded {
			t.Fatalf("round trip of %q: got %q, %v", decoded, back, err)
		}
	})
}

func FuzzValidateReason(f *testing.F) {
	f.Add("cleanup after incident")
	f.Fuzz(func(t *testing.T, raw string) {
		reason, problem := validateReason(raw, DefaultMinReasonLen, DefaultMaxReasonLen)
		if problem == reasonMissing {
			if strings.TrimSpace(raw) != "" {
				t.Fatalf("%q: reported missing, want it present", raw)
			}
			return
		}
		if reason != strings.TrimSpace(raw) {
			t.Fatalf("%q: reason %q, want it trimmed only", raw, reason)
		}
		if problem != reasonOK {
			return
		}
		n := utf8.RuneCountInString(reason)
		if n < DefaultMinReasonLen || n > DefaultMaxReasonLen {
			t.Fatalf("%q: accepted with %d runes", raw, n)
		}
		for _, r := range reason {
			if unicode.IsControl(r) || isBidiControl(r) || r == utf8.RuneError {
				t.Fatalf("%q: accepted with rune %U", raw, r)
			}
		}
	})
}

// FuzzMatchRule checks that no spelling of a path that a router would clean
// into a destructive route escapes the rules, and that the allocation-free
// matcher agrees with a plain split-based one on canonical paths.
func FuzzMatchRule(f *testing.F) {
	f.Add("DELETE", "/workspaces/ws1")
	f.Add("DELETE", "/workspaces/a%2Fb/")
	g, err := New(Config{Resolver: mapResolver{}, Actor: bearerActor, Audit: &memAudit{}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, method, target string) {
		u, err := url.ParseRequestURI(target)
		if err != nil || u.Path == "" || u.Path[0] != '/' {
			return
		}
		r := &http.Request{Method: method, URL: u, Header: http.Header{}}
		rule, m, canonical := g.matchRequest(r)
		id := m.workspaceID

		want, wantID := referenceMatch(g, method, path.Clean(u.Path))
		if want != nil && rule == nil {
			t.Fatalf("%s %s: cleans to a %s route but matched no rule", method, target, want.Action)
		}
		if canonical && u.RawPath == "" && isCanonical(u.Path) {
			if rule != want || id != wantID {
				t.Fatalf("%s %s: got %v %q, want %v %q", method, target, rule, id, want, wantID)
			}
		}
		if rule != nil && id == "" {
			t.Fatalf("%s %s: matched with an empty id", method, target)
		}
	})
}

// referenceMatch matches a cleaned path by splitting it, without the
// allocation-free matcher.
func referenceMatch(g *Guard, method, cleaned string) (*compiledRule, string) {
	segs := strings.Split(strings.TrimPrefix(cleaned, "/"), "/")
	for i := range g.rules {
		c := &g.rules[i]
		if !strings.EqualFold(c.Method, method) || len(segs) != len(c.segments) {
			continue
		}
		id, ok := "", true
		for j, s := range c.segments {
			switch {
			case segs[j] == "":
				ok = false
			case s.literal != "" && segs[j] != s.literal:
				ok = false
			case s.isID:
				id = segs[j]
			}
		}
		if ok {
			return c, id
		}
	}
	return nil, ""
}
