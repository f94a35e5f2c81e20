package prompt

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/runenames"
)

// CheckName returns nil when typed is the workspace name, comparing the
// NFC forms of both strings: case-sensitive, with no trimming, and with
// look-alike characters from other scripts never matching. Otherwise the
// error explains how the names differ (letter case, spaces at either end,
// look-alike or invisible characters) without repeating the workspace name.
func CheckName(typed, name string) error {
	if norm.NFC.String(typed) == "" && norm.NFC.String(name) != "" {
		return errors.New("a name is required: type the workspace name exactly")
	}
	return CheckNameAs(typed, name, "the typed name")
}

// CheckNameAs is CheckName for a name that was not typed at a prompt, such
// as a flag value. subject names it in the error, as in "the name given
// with --confirm-name".
func CheckNameAs(given, name, subject string) error {
	given = norm.NFC.String(given)
	name = norm.NFC.String(name)
	if given == name {
		return nil
	}

	switch {
	case given == "":
		return fmt.Errorf("%s is empty: give the workspace name exactly", subject)
	case strings.TrimSpace(given) == strings.TrimSpace(name):
		return spaceMismatch(given, name, subject)
	case strings.EqualFold(given, name):
		return fmt.Errorf("%s differs in letter case, and names are case-sensitive", subject)
	case skeleton(given) == skeleton(name):
		return lookAlikeMismatch(given, name, subject)
	default:
		return fmt.Errorf("%s does not match the workspace name", subject)
	}
}

func spaceMismatch(given, name, subject string) error {
	givenLeading, givenTrailing := edgeSpaces(given)
	nameLeading, nameTrailing := edgeSpaces(name)
	return fmt.Errorf("%s differs in spaces at the start or end: "+
		"the workspace name has %d leading and %d trailing, %s has %d and %d",
		subject, nameLeading, nameTrailing, subject, givenLeading, givenTrailing)
}

func edgeSpaces(s string) (leading, trailing int) {
	trimmedStart := strings.TrimLeftFunc(s, unicode.IsSpace)
	leading = len([]rune(s)) - len([]rune(trimmedStart))
	trailing = len([]rune(trimmedStart)) - len([]rune(strings.TrimRightFunc(trimmedStart, unicode.IsSpace)))
	return leading, trailing
}

// lookAlikeMismatch names the first typed character that differs. It
// describes only the typed side so the message does not spell out the
// workspace name.
func lookAlikeMismatch(typed, name, subject string) error {
	typedRunes, nameRunes := []rune(typed), []rune(name)
	i := 0
	for i < len(typedRunes) && i < len(nameRunes) && typedRunes[i] == nameRunes[i] {
		i++
	}

	if i >= len(typedRunes) {
		return fmt.Errorf("%s looks the same but is shorter: "+
			"the workspace name has an invisible or look-alike character at the end", subject)
	}
	r := typedRunes[i]
	return fmt.Errorf("%s looks the same but differs at character %d, "+
		"which is %U %s: look-alike and invisible characters never match",
		subject, i+1, r, runeName(r))
}

func runeName(r rune) string {
	if name := runenames.Name(r); name != "" && !strings.HasPrefix(name, "<") {
		return name
	}
	return "(unnamed)"
}

// skeleton maps a string to a form in which look-alikes become equal:
// compatibility forms are folded (fullwidth letters, ligatures, no-break
// spaces), common Cyrillic and Greek homoglyphs become Latin letters, and
// format characters such as zero-width spaces are dropped. It is only used
// to explain a mismatch, never to accept one.
func skeleton(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKC.String(s) {
		if latin, ok := homoglyphs[r]; ok {
			b.WriteRune(latin)
			continue
		}
		if unicode.Is(unicode.Cf, r) {
			continue
		}
		if unicode.IsSpace(r) {
			b.WriteRune(' ')
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// homoglyphs lists Cyrillic and Greek letters that render like a Latin
// letter in common fonts.
var homoglyphs = map[rune]rune{
	'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'у': 'y', 'х': 'x',
	'ѕ': 's', 'і': 'i', 'ј': 'j', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'һ': 'h',
	'ӏ': 'l',
	'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O',
	'Р': 'P', 'С': 'C', 'Т': 'T', 'У': 'Y', 'Х': 'X', 'Ѕ': 'S', 'І': 'I',
	'Ј': 'J', 'Ԛ': 'Q', 'Ԝ': 'W', 'Һ': 'h', 'Ӏ': 'I',
	'α': 'a', 'ο': 'o', 'ν': 'v', 'ι': 'i', 'κ': 'k', 'ρ': 'p', 'τ': 't',
	'υ': 'u', 'χ': 'x', 'ϲ': 'c', 'ϳ': 'j',
	'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K',
	'Μ': 'M', 'Ν': 'N', 'Ο': 'O', 'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
}
