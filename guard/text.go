package guard

import (
	"strings"
	"unicode"

	"github.com/google/uuid"
)

// maxStoredText bounds free-form request text, such as the user agent or a
// workspace id taken from a crafted path, in audit entries.
const maxStoredText = 256

// maxTokenPrefix is the most of a credential that may appear in an entry or
// a log line.
const maxTokenPrefix = 8

// newID returns a time-ordered UUID (version 7), so entry ids sort roughly
// by creation time, or a random version 4 UUID if that fails.
func newID() string {
	if id, err := uuid.NewV7(); err == nil {
		return id.String()
	}
	return uuid.NewString()
}

// SanitizeText makes request-supplied text, such as a user agent, safe to
// store in an audit entry or a log line. Invalid UTF-8 bytes, control
// characters (C0, DEL, C1) and bidirectional formatting characters become
// U+FFFD, and text longer than 256 runes is cut, with "…" marking the cut.
// Guard applies it to the text it copies into entries. Hosts writing their
// own entries apply it too, so that both kinds of entry read alike.
func SanitizeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || isBidiControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
	return truncateRunes(s, maxStoredText)
}

// truncatePrefix keeps at most the first 8 runes of a token prefix, in case
// an ActorFunc passes more of the token than it should.
func truncatePrefix(p string) string {
	n := 0
	for i := range p {
		if n == maxTokenPrefix {
			return p[:i]
		}
		n++
	}
	return p
}
