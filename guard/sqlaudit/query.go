package sqlaudit

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/wsctl/wsctl/guard"
)

// Page sizes of Query.
const (
	// DefaultLimit is the page size when AuditFilter.Limit is zero.
	DefaultLimit = 50
	// MaxLimit is the largest page size. A larger AuditFilter.Limit is
	// lowered to it rather than rejected.
	MaxLimit = 1000
)

// ErrInvalidFilter is wrapped by Query errors caused by the filter itself:
// a negative limit, or Since not before Until. HTTP handlers should return
// 400 for it. An invalid cursor wraps guard.ErrInvalidCursor instead.
var ErrInvalidFilter = errors.New("invalid audit filter")

// Query returns one page of entries matching f, newest first, ordered by
// time and then by id so that entries with equal times page stably.
// Pagination seeks from the cursor position instead of skipping rows, so a
// page costs the same wherever it is and entries appended meanwhile neither
// repeat nor shift later pages. The Actor filter matches the token prefix or
// the label.
func (s *Store) Query(ctx context.Context, f guard.AuditFilter) (guard.AuditPage, error) {
	limit, err := pageSize(f.Limit)
	if err != nil {
		return guard.AuditPage{}, err
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until) {
		return guard.AuditPage{}, fmt.Errorf("sqlaudit: query: %w: since %s is not before until %s: widen the time range",
			ErrInvalidFilter, f.Since.UTC().Format(timeLayout), f.Until.UTC().Format(timeLayout))
	}

	var after *cursor
	if f.Cursor != "" {
		c, err := decodeCursor(f.Cursor)
		if err != nil {
			return guard.AuditPage{}, fmt.Errorf("sqlaudit: query: %w", err)
		}
		after = &c
	}

	query, args := s.buildQuery(f, after, limit+1)
	entries, err := s.fetch(ctx, query, args)
	if err != nil {
		return guard.AuditPage{}, fmt.Errorf("sqlaudit: query audit entries: %w", err)
	}

	page := guard.AuditPage{Entries: entries}
	if len(entries) > limit {
		page.Entries = entries[:limit]
		last := page.Entries[limit-1]
		page.NextCursor = encodeCursor(cursor{time: last.Time, id: last.ID})
	}
	return page, nil
}

const timeLayout = "2006-01-02T15:04:05.999999Z07:00"

func pageSize(limit int) (int, error) {
	switch {
	case limit < 0:
		return 0, fmt.Errorf("sqlaudit: query: %w: limit %d is negative: use 1 to %d, or 0 for %d",
			ErrInvalidFilter, limit, MaxLimit, DefaultLimit)
	case limit == 0:
		return DefaultLimit, nil
	case limit > MaxLimit:
		return MaxLimit, nil
	}
	return limit, nil
}

// buildQuery returns the statement for one page of n rows and its arguments.
//
// An actor matches on either of two indexed columns. A plain OR would make
// the database collect and sort every entry of that actor, so each column
// gets its own ordered, limited branch and only the two short branches are
// merged. The label branch skips rows the prefix branch already returns.
func (s *Store) buildQuery(f guard.AuditFilter, after *cursor, n int) (string, []any) {
	var where []string
	var args []any
	add := func(cond string, values ...any) {
		where = append(where, cond)
		args = append(args, values...)
	}

	// Only the first present column of workspace_id, actor, action and
	// outcome may drive the index scan on SQLite (see filterColumn).
	driving := drivingFilter(f)
	if f.WorkspaceID != "" {
		add(s.filterColumn("workspace_id", driving == "workspace_id")+" = ?", f.WorkspaceID)
	}
	if f.Action != "" {
		add(s.filterColumn("action", driving == "action")+" = ?", string(f.Action))
	}
	if f.Outcome != "" {
		add(s.filterColumn("outcome", driving == "outcome")+" = ?", string(f.Outcome))
	}
	if !f.Since.IsZero() {
		add("occurred_at >= ?", s.d.timeArg(f.Since))
	}
	if !f.Until.IsZero() {
		add("occurred_at < ?", s.d.timeArg(f.Until))
	}
	if after != nil {
		add("(occurred_at, id) < (?, ?)", s.d.timeArg(after.time), after.id)
	}

	const order = " ORDER BY occurred_at DESC, id DESC LIMIT ?"
	if f.Actor == "" {
		query := "SELECT " + entryColumns + " FROM guard_audit_entries" + whereClause(where) + order
		return s.d.rebind(query), append(args, n)
	}

	prefix := s.filterColumn("actor_token_prefix", driving == "actor")
	label := s.filterColumn("actor_label", driving == "actor")
	byPrefix := append(where[:len(where):len(where)], prefix+" = ?")
	byLabel := append(where[:len(where):len(where)], label+" = ?", "actor_token_prefix <> ?")

	query := "SELECT " + entryColumns + " FROM (" +
		"SELECT " + entryColumns + " FROM guard_audit_entries" + whereClause(byPrefix) + order +
		") AS by_prefix UNION ALL SELECT " + entryColumns + " FROM (" +
		"SELECT " + entryColumns + " FROM guard_audit_entries" + whereClause(byLabel) + order +
		") AS by_label" + order

	all := make([]any, 0, 2*len(args)+6)
	all = append(all, args...)
	all = append(all, f.Actor, n)
	all = append(all, args...)
	all = append(all, f.Actor, f.Actor, n)
	all = append(all, n)
	return s.d.rebind(query), all
}

// drivingFilter names the equality filter expected to match the fewest
// entries: one workspace usually has fewer entries than one actor, one actor
// fewer than one action, and an action fewer than one of three outcomes.
func drivingFilter(f guard.AuditFilter) string {
	switch {
	case f.WorkspaceID != "":
		return "workspace_id"
	case f.Actor != "":
		return "actor"
	case f.Action != "":
		return "action"
	case f.Outcome != "":
		return "outcome"
	}
	return ""
}

// filterColumn returns column as written in a WHERE term. Without ANALYZE
// statistics, SQLite rates every equality index alike and may scan a whole
// outcome (a third of the table) for a page of one workspace. On SQLite a
// column that should not drive the scan is written as +column, which SQLite
// documents as disqualifying the term from index use. Postgres keeps
// statistics of its own, and has no unary plus on text.
func (s *Store) filterColumn(column string, driving bool) string {
	if driving || s.d != SQLite {
		return column
	}
	return "+" + column
}

func whereClause(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

func (s *Store) fetch(ctx context.Context, query string, args []any) ([]guard.Entry, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()

	entries := []guard.Entry{}
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		entries = append(entries, e)
	}
	return entries, rows.Err()
}
