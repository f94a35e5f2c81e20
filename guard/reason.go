package guard

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Errors of ValidateReason. The error it returns wraps one of them, so test
// with errors.Is.
var (
	ErrReasonMissing   = errors.New("reason is missing")
	ErrReasonTooShort  = errors.New("reason is too short")
	ErrReasonTooLong   = errors.New("reason is too long")
	ErrReasonForbidden = errors.New("reason contains a forbidden character")
)

// ValidateReason trims white space from raw and checks it with the rules
// guard applies to the reason of a destructive request. The reason must have
// from minLen to maxLen runes. It must not contain control characters (C0,
// DEL, C1) or bidirectional formatting characters (U+061C, U+200E, U+200F,
// U+202A to U+202E, U+2066 to U+2069), which could make an audit entry read
// differently from what was stored. Nor may it contain U+FFFD, which a JSON
// decoder puts in place of bytes that were not valid UTF-8.
//
// It returns the trimmed reason and nil, or the trimmed reason and an error
// wrapping one of the ErrReason values. The error text names the limit or
// the code point and never repeats the reason. Hosts check the reasons of
// requests guard does not see, such as a restore, with it so that the rules
// cannot drift apart. A blank reason always gives ErrReasonMissing, even
// with minLen 0, so hosts with an optional reason test for blank first.
func ValidateReason(raw string, minLen, maxLen int) (string, error) {
	reason, problem := validateReason(raw, minLen, maxLen)
	switch problem {
	case reasonOK:
		return reason, nil
	case reasonMissing:
		return reason, ErrReasonMissing
	case reasonTooShort:
		return reason, fmt.Errorf("%w: %d characters, the minimum is %d", ErrReasonTooShort, utf8.RuneCountInString(reason), minLen)
	case reasonTooLong:
		return reason, fmt.Errorf("%w: %d characters, the limit is %d", ErrReasonTooLong, utf8.RuneCountInString(reason), maxLen)
	default:
		bad := reason[strings.IndexFunc(reason, forbiddenInReason):]
		r, _ := utf8.DecodeRuneInString(bad)
		return reason, fmt.Errorf("%w: U+%04X; remove control characters, bidirectional formatting characters and U+FFFD", ErrReasonForbidden, r)
	}
}

// reasonProblem explains why a reason is rejected; "" means it is accepted.
type reasonProblem string

const (
	reasonOK       reasonProblem = ""
	reasonMissing  reasonProblem = "missing"
	reasonTooShort reasonProblem = "too_short"
	reasonTooLong  reasonProblem = "too_long"
	reasonControl  reasonProblem = "control_characters"
)

// validateReason is ValidateReason with the problem as a value, for the
// refusal messages of Check.
func validateReason(raw string, minLen, maxLen int) (string, reasonProblem) {
	reason := strings.TrimSpace(raw)
	if reason == "" {
		return "", reasonMissing
	}
	if strings.IndexFunc(reason, forbiddenInReason) >= 0 {
		return reason, reasonControl
	}
	n := utf8.RuneCountInString(reason)
	if n < minLen {
		return reason, reasonTooShort
	}
	if n > maxLen {
		return reason, reasonTooLong
	}
	return reason, reasonOK
}

// forbiddenInReason reports whether r may not appear in a reason. An invalid
// UTF-8 byte decodes as utf8.RuneError, U+FFFD, so it is forbidden too.
func forbiddenInReason(r rune) bool {
	return unicode.IsControl(r) || isBidiControl(r) || r == utf8.RuneError
}

func isBidiControl(r rune) bool {
	return r == 0x061C || r == 0x200E || r == 0x200F || (0x202A <= r && r <= 0x202E) || (0x2066 <= r && r <= 0x2069)
}
