package output

import (
	"encoding/json"
	"fmt"
	"io"
)

// JSON writes v to w as indented JSON with a trailing newline. HTML
// characters such as <, > and & are written as they are, not as \u escapes,
// because the output is read by people and jq, not embedded in HTML.
func JSON(w io.Writer, v any) error {
	encoder := json.NewEncoder(w)
	encoder.SetEscapeHTML(false)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}
