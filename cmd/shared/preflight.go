package shared

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/output"
)

// PrintPreflight writes what a destructive action would affect to w, one
// fact per line, so the operator reads it before confirming. Names are
// quoted so that spaces at either end show. The totals of the workspace's
// descendants follow each count in brackets, and warnings about active
// tasks and stuck sessions come last, where they are read just before the
// question.
func PrintPreflight(w io.Writer, host string, impact *client.Impact) {
	below := impact.Descendants
	fmt.Fprintf(w, "Platform:      %s\n", host)
	fmt.Fprintf(w, "Workspace:     %s %s\n", impact.WorkspaceID, output.QuoteName(impact.Name))
	fmt.Fprintf(w, "Status:        %s\n", impact.Status)
	fmt.Fprintf(w, "Active tasks:  %d%s\n", impact.ActiveTasks, descendantsPart(below, func(d *client.DescendantTotals) string {
		return strconv.Itoa(d.ActiveTasks)
	}))
	fmt.Fprintf(w, "Children:      %s\n", formatChildren(impact))
	counted := impact.Source != client.ImpactComputed
	if !counted {
		below = nil
	}
	fmt.Fprintf(w, "Schedules:     %d enabled of %d%s\n", impact.EnabledScheduleCount, impact.ScheduleCount,
		descendantsPart(below, func(d *client.DescendantTotals) string {
			return fmt.Sprintf("%d enabled of %d", d.EnabledScheduleCount, d.ScheduleCount)
		}))
	fmt.Fprintf(w, "Memories:      %s%s\n", FormatMemoryCount(impact), descendantsPart(below, func(d *client.DescendantTotals) string {
		return strconv.Itoa(d.MemoryCount)
	}))
	fmt.Fprintf(w, "Tokens:        %s%s\n", formatTokenCount(impact.TokenCount), descendantsPart(below, func(d *client.DescendantTotals) string {
		return strconv.Itoa(d.TokenCount)
	}))
	if !counted && impact.ChildCount > 0 {
		fmt.Fprintln(w, "note: this platform has no impact endpoint, so the schedules, memories and tokens of the children were not counted")
	}
}

// PrintUndo writes the pre-flight's "Undo:" line, which tells the operator
// whether and how the action can be reverted.
func PrintUndo(w io.Writer, undo string) {
	fmt.Fprintf(w, "Undo:          %s\n", undo)
}

// DeleteUndo describes whether a workspace delete can be undone. It gives
// the restore window when the impact response reports one, "unknown" when
// the response omits it, and "none" for a computed impact, because the
// base platform deletes permanently.
func DeleteUndo(impact *client.Impact) string {
	switch {
	case impact.Source == client.ImpactComputed:
		return "none: this platform deletes permanently"
	case impact.RestoreWindowSeconds == nil:
		return "unknown: this platform does not report a restore window"
	}
	window := time.Duration(*impact.RestoreWindowSeconds) * time.Second
	return fmt.Sprintf("restorable for %s after the delete (%s)", formatWindow(window), cmdutil.Command("ws", "restore"))
}

// formatWindow writes a restore window in whole hours up to three days, as
// platforms configure it ("72h"), and in days and hours beyond.
func formatWindow(d time.Duration) string {
	if d <= 72*time.Hour && d%time.Hour == 0 {
		return fmt.Sprintf("%dh", int64(d/time.Hour))
	}
	return output.FormatDuration(d)
}

// descendantsPart formats one descendant total as " (+N in M descendants)",
// or returns "" when there are no descendants to add.
func descendantsPart(d *client.DescendantTotals, total func(*client.DescendantTotals) string) string {
	if d == nil || d.Count == 0 {
		return ""
	}
	return fmt.Sprintf(" (+%s in %s)", total(d), Plural(d.Count, "descendant", "descendants"))
}

// PrintPreflightWarnings writes what the operator must know before a
// destructive action on a busy workspace: that active tasks will be
// interrupted, and, when the session looks stuck, that a restart is the
// likely cure instead. action is the verb, such as "delete".
func PrintPreflightWarnings(w io.Writer, impact *client.Impact, action string) {
	tasks := impact.ActiveTasks
	if impact.Descendants != nil {
		tasks += impact.Descendants.ActiveTasks
	}
	if tasks > 0 {
		fmt.Fprintf(w, "\nWARNING: %s in progress will be interrupted by the %s\n", Plural(tasks, "active task", "active tasks"), action)
	}
	for _, warning := range impact.Warnings {
		if warning.Code != client.WarningSessionLikelyStuck {
			continue
		}
		stuckFor := output.FormatDuration(time.Duration(warning.DurationSeconds) * time.Second)
		fmt.Fprintf(w, "WARNING: the agent session looks stuck: it has reported active tasks for %s\n", stuckFor)
		fmt.Fprintf(w, "  a restart is the likely cure, and keeps the configuration and schedules:\n  %s\n", cmdutil.Command("ws", "restart", impact.WorkspaceID))
	}
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

// Plural returns n with the singular or plural noun: "1 child",
// "2 children", "0 schedules".
func Plural(n int, singular, plural string) string {
	if n == 1 {
		return "1 " + singular
	}
	return strconv.Itoa(n) + " " + plural
}
