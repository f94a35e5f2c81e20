package guard

import (
	"errors"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// extValuePrefix starts an RFC 8187 ext-value in UTF-8. The charset name is
// case-insensitive; a language tag may sit between the quotes.
const extValuePrefix = "utf-8'"

var (
	errMalformedExtValue = errors.New("malformed RFC 8187 ext-value; send UTF-8'' followed by the percent-encoded UTF-8 bytes")
	errInvalidUTF8       = errors.New("value is not valid UTF-8; send it as UTF-8'' followed by the percent-encoded UTF-8 bytes")
)

// decodeHeaderValue returns the text a client meant by a header value. A
// value that starts with "UTF-8'" is an RFC 8187 ext-value and is
// percent-decoded; any other value is taken as sent. The result is always
// valid UTF-8.
func decodeHeaderValue(v string) (string, error) {
	if len(v) < len(extValuePrefix) || !strings.EqualFold(v[:len(extValuePrefix)], extValuePrefix) {
		if !utf8.ValidString(v) {
			return "", errInvalidUTF8
		}
		return v, nil
	}

	rest := v[len(extValuePrefix):]
	quote := strings.IndexByte(rest, '\'')
	if quote < 0 || !isLanguageTag(rest[:quote]) {
		return "", errMalformedExtValue
	}
	encoded := rest[quote+1:]

	var b strings.Builder
	b.Grow(len(encoded))
	for i := 0; i < len(encoded); i++ {
		c := encoded[i]
		switch {
		case c == '%':
			if i+2 >= len(encoded) || !isHex(encoded[i+1]) || !isHex(encoded[i+2]) {
				return "", errMalformedExtValue
			}
			b.WriteByte(unhex(encoded[i+1])<<4 | unhex(encoded[i+2]))
			i += 2
		case isAttrChar(c):
			b.WriteByte(c)
		default:
			return "", errMalformedExtValue
		}
	}
	s := b.String()
	if !utf8.ValidString(s) {
		return "", errInvalidUTF8
	}
	return s, nil
}

// EncodeHeaderValue returns s in the form clients send in X-Confirm-Name and
// X-Audit-Reason: unchanged when it is non-empty printable ASCII without
// spaces at either end and without the ext-value prefix, else as an RFC 8187
// ext-value ("UTF-8”" and percent-encoded UTF-8).
func EncodeHeaderValue(s string) string {
	if isPlainHeaderText(s) {
		return s
	}
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	b.WriteString("UTF-8''")
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isAttrChar(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&0x0f])
	}
	return b.String()
}

func isPlainHeaderText(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	if len(s) >= len(extValuePrefix) && strings.EqualFold(s[:len(extValuePrefix)], extValuePrefix) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// namesEqual compares a typed confirmation with the stored workspace name:
// both NFC-normalised, byte for byte, so case, spaces and look-alike letters
// all count.
func namesEqual(typed, stored string) bool {
	return norm.NFC.String(typed) == norm.NFC.String(stored)
}

// truncateRunes shortens s to at most n runes, marking a cut with "…".
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos] + "…"
		}
		i++
	}
	return s
}

func isLanguageTag(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// isAttrChar reports whether c may appear unencoded in an ext-value
// (RFC 8187 attr-char).
func isAttrChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
