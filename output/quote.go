package output

import "strconv"

// QuoteName returns a workspace name in double quotes with Go escapes for
// anything that would not show on a terminal: control characters, spaces
// other than U+0020, zero-width and other format characters, and invalid
// UTF-8. Printable Unicode such as "café", "データ-ws" or "🚀-prod" stays
// readable, and spaces at either end are visible because of the quotes.
func QuoteName(name string) string {
	// strconv.Quote escapes exactly the runes that strconv.IsPrint rejects,
	// which is the set above; QuoteToASCII would also escape readable text.
	return strconv.Quote(name)
}
