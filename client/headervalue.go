package client

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

const upperHex = "0123456789ABCDEF"

// extValuePrefix starts an RFC 8187 ext-value in UTF-8 with no language tag.
const extValuePrefix = "UTF-8''"

// EncodeHeaderValue returns s in the form the guarded API expects in
// X-Confirm-Name and X-Audit-Reason. Plain printable ASCII without a space at
// either end is sent unchanged. Anything else becomes an RFC 8187 ext-value,
// "UTF-8”" followed by the percent-encoded UTF-8 bytes, because HTTP header
// values cannot carry other bytes intact and proxies may trim spaces. A
// value that itself starts with "UTF-8”" is encoded too, so the server does
// not decode a name that was meant literally.
func EncodeHeaderValue(s string) string {
	if isPlainHeaderValue(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(extValuePrefix) + 3*len(s))
	b.WriteString(extValuePrefix)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isAttrChar(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&0x0F])
	}
	return b.String()
}

// DecodeHeaderValue reverses EncodeHeaderValue. A value that is not of the
// form UTF-8'<language>'<percent-encoded bytes> (charset in any case,
// language usually empty) is returned unchanged. An ext-value must use only
// RFC 8187 attr-chars and percent escapes and must decode to valid UTF-8.
func DecodeHeaderValue(s string) (string, error) {
	charset, rest, ok := strings.Cut(s, "'")
	if !ok || !strings.EqualFold(charset, "UTF-8") {
		return s, nil
	}
	_, encoded, ok := strings.Cut(rest, "'")
	if !ok {
		return s, nil
	}

	decoded := make([]byte, 0, len(encoded))
	for i := 0; i < len(encoded); i++ {
		c := encoded[i]
		switch {
		case c == '%':
			if i+2 >= len(encoded) || !isHex(encoded[i+1]) || !isHex(encoded[i+2]) {
				return "", fmt.Errorf("invalid RFC 8187 ext-value %q: %% must be followed by two hex digits", s)
			}
			decoded = append(decoded, unhex(encoded[i+1])<<4|unhex(encoded[i+2]))
			i += 2
		case isAttrChar(c):
			decoded = append(decoded, c)
		default:
			return "", fmt.Errorf("invalid RFC 8187 ext-value %q: byte %q must be percent-encoded", s, c)
		}
	}
	if !utf8.Valid(decoded) {
		return "", fmt.Errorf("invalid RFC 8187 ext-value %q: the decoded bytes are not valid UTF-8", s)
	}
	return string(decoded), nil
}

// isPlainHeaderValue reports whether s can be sent as it is: printable ASCII
// only, no space at either end, and not mistakable for an ext-value.
func isPlainHeaderValue(s string) bool {
	if strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") {
		return false
	}
	if len(s) >= len("UTF-8'") && strings.EqualFold(s[:len("UTF-8'")], "UTF-8'") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7E {
			return false
		}
	}
	return true
}

// isAttrChar reports whether c may appear unencoded in an ext-value
// (RFC 8187 attr-char).
func isAttrChar(c byte) bool {
	switch {
	case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9':
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
