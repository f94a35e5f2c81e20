package memory

import (
	"fmt"
	"io"
	"strings"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/output"
)

// selection is the outcome of matching the requested memory ids against
// the workspace's listing.
type selection struct {
	found []client.Memory
	// missing are ids not in the listing. When complete is false they may
	// still exist beyond the listing's limit.
	missing  []string
	complete bool
}

// selectMemories matches ids against listed. A listing shorter than
// client.BaseMemoryListLimit is complete; a full one may be cut off, so an id
// missing from it is unknown rather than absent.
func selectMemories(listed []client.Memory, ids []string) selection {
	byID := make(map[string]client.Memory, len(listed))
	for _, m := range listed {
		byID[m.ID] = m
	}
	sel := selection{complete: len(listed) < client.BaseMemoryListLimit}
	for _, id := range ids {
		if m, ok := byID[id]; ok {
			sel.found = append(sel.found, m)
		} else {
			sel.missing = append(sel.missing, id)
		}
	}
	return sel
}

// uniqueIDs drops repeated ids, keeping the first of each, and writes a
// note to w once for each id given more than once. Sending a delete twice would
// report the second one as a failure although the memory is gone.
func uniqueIDs(w io.Writer, ids []string) []string {
	count := make(map[string]int, len(ids))
	var unique []string
	for _, id := range ids {
		count[id]++
		switch count[id] {
		case 1:
			unique = append(unique, id)
		case 2:
			fmt.Fprintf(w, "note: memory %s was given more than once; it is deleted once\n", id)
		}
	}
	return unique
}

// printPreview lists on w the memories that the delete will remove
// permanently, one line each, and the requested ids the listing lacks.
func printPreview(w io.Writer, ws *client.Workspace, sel selection) {
	fmt.Fprintf(w, "Workspace:     %s %s\n", ws.ID, output.QuoteName(ws.Name))
	fmt.Fprintf(w, "Memories:      %d to delete, permanently:\n", len(sel.found)+missingToSend(sel))
	for _, m := range sel.found {
		fmt.Fprintf(w, "  %s  %s  %s  %s\n", m.ID, valueOr(m.Scope, "-"), output.FormatTime(m.CreatedAt), oneLine(m.Content, 60))
	}
	for _, id := range sel.missing {
		if sel.complete {
			fmt.Fprintf(w, "  %s  not found in this workspace\n", id)
		} else {
			fmt.Fprintf(w, "  %s  not among the first %d listed, so not shown\n", id, client.BaseMemoryListLimit)
		}
	}
	fmt.Fprintln(w, "Undo:          none: memory deletes are permanent")
}

// missingToSend counts the unlisted ids that are still sent: those beyond a
// cut-off listing, which may exist.
func missingToSend(sel selection) int {
	if sel.complete {
		return 0
	}
	return len(sel.missing)
}

// checkMissing rejects ids that a complete listing lacks, before anything is
// sent, unless ignoreMissing drops them from the batch.
func checkMissing(ws *client.Workspace, sel selection, ignoreMissing bool) error {
	if !sel.complete || len(sel.missing) == 0 || ignoreMissing {
		return nil
	}
	return cmdutil.Errorf(cmdutil.ExitNotFound, "%s not found in workspace %s: nothing was changed",
		plural(len(sel.missing), "memory", "memories")+" "+strings.Join(sel.missing, ", "), output.QuoteName(ws.Name)).
		WithHint("pass --ignore-missing to delete the others, or list the memories with: " + cmdutil.Command("memory", "list", ws.ID))
}

// toDelete returns the ids the batch sends: the listed ones in the order
// given, and unlisted ones only when the listing may be cut off.
func toDelete(ids []string, sel selection) []string {
	skip := map[string]bool{}
	if sel.complete {
		for _, id := range sel.missing {
			skip[id] = true
		}
	}
	var send []string
	for _, id := range ids {
		if !skip[id] {
			send = append(send, id)
		}
	}
	return send
}

// oneLine cuts content to its first line and at most max characters, so
// each memory takes one line of the preview.
func oneLine(content string, max int) string {
	line, _, cut := strings.Cut(content, "\n")
	line = strings.ReplaceAll(line, "\t", " ")
	if cut {
		line += " …"
	}
	return truncate(line, max)
}

func valueOr(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

func plural(n int, singular, plural string) string {
	if n == 1 {
		return singular
	}
	return plural
}
