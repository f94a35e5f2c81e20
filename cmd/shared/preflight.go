package shared

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/output"
)

// PrintPreflight writes what a destructive action would affect to w, one
// fact per line, so the operator reads it before confirming. Names are
// quoted so that spaces at either end show.
func PrintPreflight(w io.Writer, host string, impact *client.Impact) {
	fmt.Fprintf(w, "Platform:      %s\n", host)
	fmt.Fprintf(w, "Workspace:     %s %s\n", impact.WorkspaceID, output.QuoteName(impact.Name))
	fmt.Fprintf(w, "Status:        %s\n", impact.Status)
	fmt.Fprintf(w, "Active tasks:  %d\n", impact.ActiveTasks)
	fmt.Fprintf(w, "Children:      %s\n", formatChildren(impact))
	fmt.Fprintf(w, "Schedules:     %d enabled of %d\n", impact.EnabledScheduleCount, impact.ScheduleCount)
	fmt.Fprintf(w, "Memories:      %s\n", FormatMemoryCount(impact))
	fmt.Fprintf(w, "Tokens:        %s\n", formatTokenCount(impact.TokenCount))
}

// FormatMemoryCount returns the memory count, with a "+" when the platform
// only lists the first 50 and the count is therefore a lower bound.
func FormatMemoryCount(impact *client.Impact) string {
	count := strconv.Itoa(impact.MemoryCount)
	if impact.MemoryCountAtLeast {
		count += "+"
	}
	return count
}

func formatChildren(impact *client.Impact) string {
	if impact.ChildCount == 0 {
		return "0"
	}
	if len(impact.Children) == 0 {
		return strconv.Itoa(impact.ChildCount)
	}
	return fmt.Sprintf("%d: %s", impact.ChildCount, ChildNames(impact.Children))
}

// ChildNames returns the quoted names of children, comma separated.
func ChildNames(children []client.WorkspaceRef) string {
	names := make([]string, len(children))
	for i, child := range children {
		names[i] = output.QuoteName(child.Name)
	}
	return strings.Join(names, ", ")
}

func formatTokenCount(count int) string {
	if count == client.TokenCountUnknown {
		return "unknown (this platform does not report tokens)"
	}
	return strconv.Itoa(count)
}
