package output

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/mattn/go-runewidth"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// Table prints rows for people on a terminal and for scripts elsewhere.
//
// When stdout is a terminal the table has an upper-case header row and
// columns padded to the display width of their widest cell, so CJK and emoji
// names stay aligned. There are no borders, and long cells are not wrapped.
// Only the column named with ShrinkColumn is cut, with an ellipsis, so that
// rows fit the terminal. Lines carry no trailing spaces, so spaces at the end
// of a last-column cell do not show: pass names through QuoteName.
//
// When stdout is not a terminal each row is one line of tab-separated cells
// with no header, no padding and no colour, ready for cut, awk or a
// while-read loop.
//
// In both forms control characters inside a cell (tab, newline, ESC and the
// rest) are written as Go escapes such as \t and \x1b, so a cell cannot
// break the row or send sequences to the terminal.
type Table struct {
	out     io.Writer
	tty     bool
	width   func() int
	headers []string
	rows    [][]string
	// shrink is the index of the column cut to fit the terminal, or -1.
	shrink int
}

// minShrunkWidth is the narrowest a shrinking column gets, in terminal
// columns. When the other columns leave less room than that, the row wraps
// anyway, so the cell is left whole rather than cut to a stub.
const minShrunkWidth = 16

// NewTable returns an empty table that renders to ios.Out in the form that
// ios.IsStdoutTTY selects. The headers fix the number of columns.
func NewTable(ios *IOStreams, headers ...string) *Table {
	return &Table{
		out:     ios.Out,
		tty:     ios.IsStdoutTTY(),
		width:   ios.TerminalWidth,
		headers: append([]string(nil), headers...),
		shrink:  -1,
	}
}

// ShrinkColumn names the column, by its header as passed to NewTable, whose
// cells are cut with an ellipsis on a terminal when a row would be wider
// than the terminal. It suits free text such as a reason or a note. Piped
// output is never cut, because scripts need whole values.
func (t *Table) ShrinkColumn(header string) {
	for i, h := range t.headers {
		if h == header {
			t.shrink = i
		}
	}
}

// Append adds one row. Missing cells are left empty. A row with more cells
// than headers is kept whole and Render reports it as an error, because
// dropping a cell would hide data.
func (t *Table) Append(cells ...string) {
	row := make([]string, len(cells))
	for i, cell := range cells {
		row[i] = escapeControl(cell)
	}
	t.rows = append(t.rows, row)
}

// Render writes the table. It writes nothing when a row has more cells than
// there are headers.
func (t *Table) Render() error {
	for i, row := range t.rows {
		if len(row) > len(t.headers) {
			return fmt.Errorf("table row %d has %d cells but the table has %d columns", i+1, len(row), len(t.headers))
		}
	}

	if !t.tty {
		return t.renderPlain()
	}
	return t.renderAligned()
}

func (t *Table) renderPlain() error {
	var b strings.Builder
	for _, row := range t.rows {
		b.WriteString(strings.Join(row, "\t"))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(t.out, b.String())
	return err
}

// shrinkLimit returns the display width the shrinking column may take so
// that rows fit the terminal. It returns 0, meaning no cut, when no column
// shrinks, when rows fit, or when cutting would not make them fit.
func (t *Table) shrinkLimit() int {
	if t.shrink < 0 {
		return 0
	}
	widths := make([]int, len(t.headers))
	for i, header := range t.headers {
		widths[i] = runewidth.StringWidth(header)
	}
	for _, row := range t.rows {
		for i, cell := range row {
			widths[i] = max(widths[i], runewidth.StringWidth(cell))
		}
	}

	// Every column but the last is followed by two spaces.
	others := 2 * (len(widths) - 1)
	for i, w := range widths {
		if i != t.shrink {
			others += w
		}
	}
	available := t.width() - others
	if others+widths[t.shrink] <= t.width() || available < max(minShrunkWidth, runewidth.StringWidth(t.headers[t.shrink])) {
		return 0
	}
	return available
}

func (t *Table) renderAligned() error {
	var rendered bytes.Buffer
	table := tablewriter.NewTable(&rendered,
		tablewriter.WithRendition(tw.Rendition{
			Borders: tw.BorderNone,
			Settings: tw.Settings{
				Separators: tw.SeparatorsNone,
				Lines:      tw.LinesNone,
			},
		}),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithPadding(tw.Padding{Left: tw.Empty, Right: "  ", Overwrite: true}),
		tablewriter.WithTrimSpace(tw.Off),
		tablewriter.WithTrimTab(tw.Off),
		tablewriter.WithTrimLine(tw.Off),
	)

	headers := make([]any, len(t.headers))
	for i, header := range t.headers {
		headers[i] = strings.ToUpper(escapeControl(header))
	}
	table.Header(headers...)

	limit := t.shrinkLimit()
	for _, row := range t.rows {
		// The library keeps the slice it is given, so each row gets its own.
		padded := make([]string, len(t.headers))
		copy(padded, row)
		if limit > 0 && runewidth.StringWidth(padded[t.shrink]) > limit {
			padded[t.shrink] = strings.TrimRight(runewidth.Truncate(padded[t.shrink], limit-1, ""), " ") + "…"
		}
		if err := table.Append(padded); err != nil {
			return fmt.Errorf("add table row: %w", err)
		}
	}

	if err := table.Render(); err != nil {
		return fmt.Errorf("render table: %w", err)
	}

	// The last column is padded like the others; drop that padding so lines
	// do not end in spaces.
	lines := strings.SplitAfter(rendered.String(), "\n")
	for i, line := range lines {
		lines[i] = strings.TrimRight(strings.TrimSuffix(line, "\n"), " ")
		if strings.HasSuffix(line, "\n") {
			lines[i] += "\n"
		}
	}
	_, err := io.WriteString(t.out, strings.Join(lines, ""))
	return err
}

// escapeControl replaces each control rune and each bidirectional
// formatting rune with its Go escape and leaves all other text, including
// spaces at either end, as it is. Bidirectional overrides are escaped
// because they can make a cell display as a different name.
func escapeControl(cell string) string {
	if strings.IndexFunc(cell, needsEscape) < 0 {
		return cell
	}

	var b strings.Builder
	for _, r := range cell {
		if !needsEscape(r) {
			b.WriteRune(r)
			continue
		}
		b.WriteString(escapeRune(r))
	}
	return b.String()
}

func needsEscape(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
}

// escapeRune returns the escape of r as it would appear inside a Go
// double-quoted string literal, such as \t, \x1b or \u202e.
func escapeRune(r rune) string {
	quoted := strconv.QuoteRune(r)
	return quoted[1 : len(quoted)-1]
}
